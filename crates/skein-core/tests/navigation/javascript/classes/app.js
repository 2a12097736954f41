import { User } from './models.js';
const user = new User('ada');
user.greet();
//   ^ def: models.js:11
user.save();
//   ^ def: models.js:2
user.name;
//   ^ def: models.js:9
User.create('bob');
//   ^ def: models.js:15
user.unknown();
//   ^ def: none
function shadow(user) {
  return user.greet();
//            ^ def: none
}
class Admin extends User {
  greet() {
    return super.greet() + this.save();
//                ^ def: models.js:11
//                               ^ def: models.js:2
  }
  label = this.greet();
//             ^ def: app.js:18
}
