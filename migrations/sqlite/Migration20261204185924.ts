import { Migration } from '@mikro-orm/migrations';

export class Migration20261204185924 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "posts_held_idx" on "posts" ("id") where "state" = 'held';`);
  }

}
