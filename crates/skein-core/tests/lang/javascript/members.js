import * as models from './models.js';
//          ^ import: ./models.js *
import Repo from './repo.js';
//     ^ import: ./repo.js default
import { Base } from './base.js';

export class User extends Base {
//           ^ defines: class members.js#User
//           ^ bases: Base
//                        ^ defined: 5
  #token = null;
//^ owner: User
  cache = new Map();
//^ defines: field members.js#User.cache
//^ type: Map
//^ owner: User
  constructor(name) {
    super(name);
    this.name = name;
//  ^ nothing
//       ^ defines: field members.js#User.name
//       ^ owner: User
//              ^ defined: 17
    this.repo = new Repo();
//       ^ owner: User
//       ^ type: Repo
//                  ^ defined: 3
    this.other = new models.Other();
//       ^ type: Other
//                   ^ defined: 1
//                          ^ member: models
  }
  save() {
    this.repo.put(this.#token);
//       ^ member: self
//            ^ member: repo
//                     ^ member: self
    super.save();
//        ^ member: super
    return this.name;
//              ^ member: self
//              ^ defined: none
  }
  total = this.cache.size;
//             ^ member: self
//                   ^ member: cache
}

class Admin extends models.User {}
//    ^ bases: User
//                         ^ member: models
const Guest = class extends User {};
//    ^ defines: variable members.js#Guest
//    ^ bases: User
var Legacy = class extends Base {};
//  ^ defines: variable members.js#Legacy
//  ^ bases: Base
function Plain() {}
//       ^ bases: none

const u = new User('a');
//    ^ type: User
//            ^ defined: 7
const m = new models.User();
//    ^ type: User
//                   ^ member: models
let n = User.create();
//  ^ type: none
//      ^ defined: 7
//           ^ member: User
u.save();
// <- defined: 61
//^ member: u
u.repo.put?.(1);
//^ member: u
//     ^ member: repo
models.helper(u)?.name;
//     ^ member: models
//                ^ member: unknown
const obj = { save: 1, repo: u };
//            ^ nothing
//                     ^ nothing
obj.repo;
//  ^ member: obj
