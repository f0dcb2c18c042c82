import { Migration } from '@mikro-orm/migrations';

export class Migration20261126063205 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "platform_stats" ("id" serial primary key, "thread_id" int not null, "platform_key" varchar(40) not null, "outcome" varchar(16) not null, "reports" int not null default 0, "confirmations" int not null default 0);`);
    this.addSql(`alter table "platform_stats" add constraint "platform_stats_thread_platform_outcome_unique" unique ("thread_id", "platform_key", "outcome");`);

    this.addSql(`create table "posts" ("id" serial primary key, "thread_id" int not null, "number" int not null, "author_id" int not null, "body_source" text not null, "body_html" text not null, "is_report" boolean not null default false, "state" varchar(10) not null default 'visible', "state_reason" text null, "reply_to_id" int null, "edited_at" timestamptz null, "revision_count" int not null default 0, "created_at" timestamptz not null);`);
    this.addSql(`create index "posts_author_idx" on "posts" ("author_id", "id");`);
    this.addSql(`alter table "posts" add constraint "posts_thread_number_unique" unique ("thread_id", "number");`);

    this.addSql(`create table "post_revisions" ("id" serial primary key, "post_id" int not null, "revision" int not null, "body_source" text not null, "editor_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "post_revisions" add constraint "post_revisions_post_revision_unique" unique ("post_id", "revision");`);

    this.addSql(`create table "field_reports" ("post_id" int not null, "platform_id" int null, "platform_other" varchar(100) null, "outcome" varchar(16) not null, "hosts" int not null, "software" varchar(200) not null, "confirmation_count" int not null default 0, constraint "field_reports_pkey" primary key ("post_id"));`);

    this.addSql(`create table "known_issues" ("id" serial primary key, "advisory_id" varchar(20) not null, "title" varchar(200) not null, "symptom" text not null, "platforms" jsonb not null, "software" varchar(200) not null default '', "workaround" text not null default '', "resolution" text not null default '', "references" jsonb not null, "status" varchar(16) not null default 'investigating', "position" int not null default 0, "evidence_count" int not null default 0, "created_by_id" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "known_issues_status_idx" on "known_issues" ("status", "updated_at");`);
    this.addSql(`create index "known_issues_advisory_idx" on "known_issues" ("advisory_id", "position");`);

    this.addSql(`create table "notifications" ("id" serial primary key, "user_id" int not null, "kind" varchar(16) not null, "post_id" int null, "known_issue_id" int null, "actor_id" int null, "read_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "notifications_user_idx" on "notifications" ("user_id", "id");`);

    this.addSql(`create table "known_issue_evidence" ("id" serial primary key, "known_issue_id" int not null, "post_id" int not null, "added_by_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "known_issue_evidence" add constraint "known_issue_evidence_unique" unique ("known_issue_id", "post_id");`);

    this.addSql(`create table "known_issue_events" ("id" serial primary key, "known_issue_id" int not null, "kind" varchar(16) not null, "from_status" varchar(16) null, "to_status" varchar(16) not null, "note" text not null, "actor_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "known_issue_events_issue_idx" on "known_issue_events" ("known_issue_id", "id");`);

    this.addSql(`create table "confirmations" ("id" serial primary key, "report_id" int not null, "user_id" int not null, "platform_id" int null, "platform_other" varchar(100) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "confirmations_user_idx" on "confirmations" ("user_id");`);
    this.addSql(`alter table "confirmations" add constraint "confirmations_report_user_unique" unique ("report_id", "user_id");`);

    this.addSql(`create table "watches" ("id" serial primary key, "user_id" int not null, "advisory_id" varchar(20) not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "watches" add constraint "watches_user_advisory_unique" unique ("user_id", "advisory_id");`);

    this.addSql(`alter table "platform_stats" add constraint "platform_stats_thread_id_foreign" foreign key ("thread_id") references "threads" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "posts" add constraint "posts_thread_id_foreign" foreign key ("thread_id") references "threads" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "posts" add constraint "posts_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "posts" add constraint "posts_reply_to_id_foreign" foreign key ("reply_to_id") references "posts" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "post_revisions" add constraint "post_revisions_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "post_revisions" add constraint "post_revisions_editor_id_foreign" foreign key ("editor_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "field_reports" add constraint "field_reports_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "field_reports" add constraint "field_reports_platform_id_foreign" foreign key ("platform_id") references "advisory_platforms" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "known_issues" add constraint "known_issues_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "known_issues" add constraint "known_issues_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "notifications" add constraint "notifications_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_known_issue_id_foreign" foreign key ("known_issue_id") references "known_issues" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "known_issue_evidence" add constraint "known_issue_evidence_known_issue_id_foreign" foreign key ("known_issue_id") references "known_issues" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "known_issue_evidence" add constraint "known_issue_evidence_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "known_issue_evidence" add constraint "known_issue_evidence_added_by_id_foreign" foreign key ("added_by_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "known_issue_events" add constraint "known_issue_events_known_issue_id_foreign" foreign key ("known_issue_id") references "known_issues" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "known_issue_events" add constraint "known_issue_events_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "confirmations" add constraint "confirmations_report_id_foreign" foreign key ("report_id") references "field_reports" ("post_id") on update cascade on delete cascade;`);
    this.addSql(`alter table "confirmations" add constraint "confirmations_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "confirmations" add constraint "confirmations_platform_id_foreign" foreign key ("platform_id") references "advisory_platforms" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "watches" add constraint "watches_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "watches" add constraint "watches_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "threads" add column "report_count" int not null default 0, add column "problem_count" int not null default 0;`);

    this.addSql(`alter table "users" add column "unread_notifications" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "posts" drop constraint "posts_reply_to_id_foreign";`);

    this.addSql(`alter table "post_revisions" drop constraint "post_revisions_post_id_foreign";`);

    this.addSql(`alter table "field_reports" drop constraint "field_reports_post_id_foreign";`);

    this.addSql(`alter table "notifications" drop constraint "notifications_post_id_foreign";`);

    this.addSql(`alter table "known_issue_evidence" drop constraint "known_issue_evidence_post_id_foreign";`);

    this.addSql(`alter table "confirmations" drop constraint "confirmations_report_id_foreign";`);

    this.addSql(`alter table "notifications" drop constraint "notifications_known_issue_id_foreign";`);

    this.addSql(`alter table "known_issue_evidence" drop constraint "known_issue_evidence_known_issue_id_foreign";`);

    this.addSql(`alter table "known_issue_events" drop constraint "known_issue_events_known_issue_id_foreign";`);

    this.addSql(`drop table if exists "platform_stats" cascade;`);

    this.addSql(`drop table if exists "posts" cascade;`);

    this.addSql(`drop table if exists "post_revisions" cascade;`);

    this.addSql(`drop table if exists "field_reports" cascade;`);

    this.addSql(`drop table if exists "known_issues" cascade;`);

    this.addSql(`drop table if exists "notifications" cascade;`);

    this.addSql(`drop table if exists "known_issue_evidence" cascade;`);

    this.addSql(`drop table if exists "known_issue_events" cascade;`);

    this.addSql(`drop table if exists "confirmations" cascade;`);

    this.addSql(`drop table if exists "watches" cascade;`);

    this.addSql(`alter table "threads" drop column "report_count", drop column "problem_count";`);

    this.addSql(`alter table "users" drop column "unread_notifications";`);
  }

}
