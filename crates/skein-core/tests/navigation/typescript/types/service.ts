import { UserRepo, Repository, type Entity } from './repo';
export class Service {
  constructor(private repo: UserRepo) {}
  run(other: Repository<Entity>): string {
    other.find('a');
//        ^ def: repo.ts:6
    return this.repo.label();
//                   ^ def: repo.ts:15
//              ^ def: service.ts:3
  }
}
function generic<T>(value: T): T {
  return value;
//       ^ def: service.ts:12
}
let local: Entity;
//         ^ def: repo.ts:1
const repo = new UserRepo('p');
repo.find('b');
//   ^ def: repo.ts:6
