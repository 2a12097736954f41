export class Base {
  save() {
    return this.id;
  }
}
export class User extends Base {
  constructor(name) {
    super();
    this.name = name;
  }
  greet() {
    this.save();
    return this.name;
  }
  static create(name) {
    return new User(name);
  }
}
export function Legacy() {
  this.count = 0;
  var self = this;
  setTimeout(function () {
    self.count += 1;
//       ^ def: models.js:20
    self.tick();
//       ^ def: models.js:29
  });
}
Legacy.prototype.tick = function () {};
