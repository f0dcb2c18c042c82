import { Migration } from '@mikro-orm/migrations';

export class Migration20261126081742 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "posts" add column "idempotency_key" varchar(64) null;`);
    this.addSql(`alter table "posts" add constraint "posts_idempotency_key_unique" unique ("idempotency_key");`);

    this.addSql(`alter table "known_issues" add column "idempotency_key" varchar(64) null;`);
    this.addSql(`alter table "known_issues" add constraint "known_issues_idempotency_key_unique" unique ("idempotency_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "posts" drop constraint "posts_idempotency_key_unique";`);
    this.addSql(`alter table "posts" drop column "idempotency_key";`);

    this.addSql(`alter table "known_issues" drop constraint "known_issues_idempotency_key_unique";`);
    this.addSql(`alter table "known_issues" drop column "idempotency_key";`);
  }

}
