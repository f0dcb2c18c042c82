import { Migration } from '@mikro-orm/migrations';

export class Migration20261126064355 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "approved_posts" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "approved_posts";`);
  }

}
