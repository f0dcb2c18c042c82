import { Migration } from '@mikro-orm/migrations';

export class Migration20261204185926 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "posts_held_idx" on "posts" ("id") where "state" = 'held';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "posts_held_idx";`);
  }

}
