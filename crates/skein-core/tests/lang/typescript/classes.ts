import { Base } from './base';

export abstract class Repo<T> extends Base implements Store<T> {
//                    ^ defines: class classes.ts#Repo
//                    ^ exported: yes
//                         ^ defines: type classes.ts#Repo.T
//                                    ^ defined: 1
//                                                    ^ defined: 42
  private items: T[] = [];
//        ^ defines: field classes.ts#Repo.items
//               ^ defined: 3
  static readonly limit = 10;
//                ^ defines: field classes.ts#Repo.limit

  constructor(private readonly name: string, public size?: number) {
  // <- defines: constructor classes.ts#Repo.constructor
//                             ^ defines: field classes.ts#Repo.name
//                                                  ^ defines: field classes.ts#Repo.size
    super();
  }

  /** Finds one. */
  find(id: string): T | undefined {
  // <- defines: method classes.ts#Repo.find
  // <- doc: Finds one.
//     ^ defines: parameter classes.ts#Repo.find.id
    return this.items.find((item) => item === id as unknown);
//              ^ member: self
//                          ^ defines: parameter classes.ts#Repo.find.item
//                                   ^ defined: 27
//                                            ^ defined: 23
  }

  abstract save(value: T): void;
//         ^ defines: method classes.ts#Repo.save
//              ^ defines: parameter classes.ts#Repo.save.value

  get count(): number { return this.items.length; }
//    ^ defines: method classes.ts#Repo.count
}

interface Store<T> { find(id: string): T | undefined }
//        ^ defines: interface classes.ts#Store
//                   ^ defines: method classes.ts#Store.find
//                        ^ defines: parameter classes.ts#Store.find.id

class Users extends Repo<string> {
//    ^ defines: class classes.ts#Users
//    ^ exported: no
//                  ^ defined: 3
  save(value: string): void {}
  // <- defines: method classes.ts#Users.save
}
