export interface Entity {
  id: string;
}
export abstract class Repository<T extends Entity> {
  protected items: T[] = [];
  find(id: string): T | undefined {
    return this.items.find((item) => item.id === id);
  }
}
export class UserRepo extends Repository<Entity> implements Entity {
  id = 'users';
  constructor(private readonly prefix: string) {
    super();
  }
  label(): string {
    return this.prefix + this.find(this.id);
  }
}
