import { Migration } from '@mikro-orm/migrations';

export class Migration20261126074409 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mail_outbox" ("id" serial primary key, "user_id" int null, "kind" varchar(16) not null, "to_address" varchar(254) not null, "subject" varchar(300) not null, "body" text not null, "unsubscribe_url" text null, "message_id" varchar(200) not null, "status" varchar(8) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null);`);
    this.addSql(`create index "mail_outbox_due_idx" on "mail_outbox" ("status", "next_attempt_at");`);

    this.addSql(`create table "mail_digest_items" ("id" serial primary key, "watch_id" int not null, "post_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "mail_digest_items" add constraint "mail_digest_items_watch_post_unique" unique ("watch_id", "post_id");`);

    this.addSql(`alter table "mail_outbox" add constraint "mail_outbox_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "mail_digest_items" add constraint "mail_digest_items_watch_id_foreign" foreign key ("watch_id") references "watches" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mail_digest_items" add constraint "mail_digest_items_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "watches" add column "email_enabled" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail_outbox" cascade;`);

    this.addSql(`drop table if exists "mail_digest_items" cascade;`);

    this.addSql(`alter table "watches" drop column "email_enabled";`);
  }

}
