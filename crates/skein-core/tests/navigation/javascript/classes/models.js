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
