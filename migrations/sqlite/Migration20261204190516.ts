import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190516 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`notifications\` add column \`payload\` json null;`);
  }

}
