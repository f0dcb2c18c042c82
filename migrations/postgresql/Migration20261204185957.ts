import { Migration } from '@mikro-orm/migrations';

/** Mailed single-use links (password reset, address confirmation); members from before count as confirmed. */
export class Migration20261204185957 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "account_tokens" ("id" serial primary key, "user_id" int not null, "purpose" varchar(16) not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "account_tokens" add constraint "account_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "account_tokens_user_purpose_index" on "account_tokens" ("user_id", "purpose");`);

    this.addSql(`alter table "account_tokens" add constraint "account_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "users" add column "email_confirmed_at" timestamptz null;`);
    this.addSql(`update "users" set "email_confirmed_at" = "created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_tokens" cascade;`);

    this.addSql(`alter table "users" drop column "email_confirmed_at";`);
  }

}
