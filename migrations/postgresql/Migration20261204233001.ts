import { Migration } from '@mikro-orm/migrations';

export class Migration20261204233001 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "member_environments" ("id" serial primary key, "user_id" int not null, "email" varchar(8) not null default 'off', "updated_at" timestamptz not null);`);
    this.addSql(`alter table "member_environments" add constraint "member_environments_user_unique" unique ("user_id");`);

    this.addSql(`create table "mail_match_items" ("id" serial primary key, "user_id" int not null, "known_issue_id" int not null, "actor_id" int null, "payload" jsonb not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "mail_match_items_user_idx" on "mail_match_items" ("user_id", "id");`);

    this.addSql(`create table "known_issue_terms" ("id" serial primary key, "known_issue_id" int not null, "term" text not null);`);
    this.addSql(`create index "known_issue_terms_term_idx" on "known_issue_terms" ("term", "known_issue_id");`);
    this.addSql(`alter table "known_issue_terms" add constraint "known_issue_terms_issue_term_unique" unique ("known_issue_id", "term");`);

    this.addSql(`create table "environment_entries" ("id" serial primary key, "user_id" int not null, "kind" varchar(8) not null, "value" varchar(200) not null, "term" text not null, "match_key" text null, "position" smallint not null);`);
    this.addSql(`create index "environment_entries_term_idx" on "environment_entries" ("term", "user_id");`);
    this.addSql(`alter table "environment_entries" add constraint "environment_entries_user_term_unique" unique ("user_id", "kind", "value");`);

    this.addSql(`alter table "member_environments" add constraint "member_environments_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "mail_match_items" add constraint "mail_match_items_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mail_match_items" add constraint "mail_match_items_known_issue_id_foreign" foreign key ("known_issue_id") references "known_issues" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mail_match_items" add constraint "mail_match_items_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "known_issue_terms" add constraint "known_issue_terms_known_issue_id_foreign" foreign key ("known_issue_id") references "known_issues" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "environment_entries" add constraint "environment_entries_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "known_issues" add column "software_key" text not null default '';`);

    this.addSql(`alter table "notifications" alter column "kind" type varchar(24) using ("kind"::varchar(24));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "member_environments" cascade;`);

    this.addSql(`drop table if exists "mail_match_items" cascade;`);

    this.addSql(`drop table if exists "known_issue_terms" cascade;`);

    this.addSql(`drop table if exists "environment_entries" cascade;`);

    this.addSql(`alter table "known_issues" drop column "software_key";`);

    this.addSql(`alter table "notifications" alter column "kind" type varchar(16) using ("kind"::varchar(16));`);
  }

}
