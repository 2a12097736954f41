/** A user of the system. */
export class User extends Base {
//           ^ defines: class classes.js#User
//           ^ exported: yes
//           ^ doc: A user of the system.
//                        ^ defined: none
  name = 'anon';
  // <- defines: field classes.js#User.name
  #secret = 42;
  // <- defines: field classes.js#User.#secret
  static count = 0;
//       ^ defines: field classes.js#User.count

  constructor(name) {
  // <- defines: constructor classes.js#User.constructor
//            ^ defines: parameter classes.js#User.constructor.name
    super();
    this.name = name;
//       ^ defines: field classes.js#User.name:17
//              ^ defined: 14
    User.count++;
//  ^ defined: 2
  }

  /** Saves the user. */
  save(db) {
  // <- defines: method classes.js#User.save
  // <- doc: Saves the user.
//     ^ defines: parameter classes.js#User.save.db
    return db.put(this.name, save);
//         ^ defined: 26
//                           ^ defined: 61
  }

  get label() { return this.name; }
//    ^ defines: method classes.js#User.label
  set label(value) { this.name = value; }
//    ^ defines: method classes.js#User.label:36
//                               ^ defined: 37

  static create() { return new User(); }
//       ^ defines: method classes.js#User.create
//                             ^ defined: 2
}

const Admin = class Named extends User {
//    ^ defines: variable classes.js#Admin
//                  ^ nothing
//                                ^ defined: 2
  grant() { return Admin; }
  // <- defines: method classes.js#grant
//                 ^ defined: 46
};

const api = {
  fetch() { return api; },
  // <- defines: method classes.js#fetch
//                 ^ defined: 55
};

function save() { return new User(); }
//       ^ defines: function classes.js#save
//                           ^ defined: 2
