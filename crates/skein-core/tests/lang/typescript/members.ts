import * as db from './db';
//          ^ import: ./db *
import Logger from './logger';
//     ^ import: ./logger default
import { Entity, Store } from './model';
import legacy = require('./legacy');
//     ^ import: ./legacy *

export interface Named extends Entity, db.Keyed<string> {
//               ^ bases: Entity, Keyed
//                                        ^ member: db
  name: string;
}

export class UserService extends Store<Named> implements Named, db.Closable {
//           ^ defines: class members.ts#UserService
//           ^ bases: Store, Named, Closable
//                                                                 ^ member: db
  name = 'users';
  private log: Logger;
//        ^ defines: field members.ts#UserService.log
//        ^ type: Logger
//        ^ owner: UserService
  cache = new db.Cache<Named>();
//^ type: Cache
//               ^ member: db

  constructor(private readonly repo: db.Repo<Named>, public limit?: number, plain?: Logger) {
//                             ^ defines: field members.ts#UserService.repo
//                             ^ owner: UserService
//                             ^ type: Repo
//                                      ^ member: db
//                                                          ^ defines: field members.ts#UserService.limit
//                                                          ^ type: none
//                                                                          ^ defines: parameter members.ts#UserService.constructor.plain
//                                                                          ^ type: Logger
    super(repo);
//        ^ defined: 28
    this.log = new Logger();
//       ^ member: self
  }

  find(id: string, into?: Named): Named | undefined {
//                 ^ type: Named
    this.log.info(this.repo.get(id));
//       ^ member: self
//           ^ member: log
//                     ^ member: self
//                          ^ member: repo
    return legacy.lookup(id);
//                ^ member: legacy
  }
}

abstract class Cached extends db.Base implements Store {}
//             ^ bases: Base, Store
const Anon = class extends UserService {};
//    ^ defines: variable members.ts#Anon
//    ^ bases: UserService

let service: UserService = new UserService(db.open());
//  ^ type: UserService
//                                            ^ member: db
const generic: db.Repo<Named> = service.repo;
//    ^ type: Repo
//                ^ member: db
//                                      ^ member: service
const handler: Handler = (event) => event;
//    ^ defines: function members.ts#handler
//    ^ type: Handler
var counted: number = service.find('a').length;
//  ^ type: none
//                                      ^ member: unknown
type Handler = (event: string) => void;
let nested: db.models.User;
//  ^ type: User
//             ^ member: db
//                    ^ member: models
