import { Migration } from '@mikro-orm/migrations';

export class Migration20261204223001 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "emerging_groups" ("id" serial primary key, "advisory_id" varchar(20) not null, "state" varchar(10) not null default 'open', "reports" int not null default 0, "members" int not null default 0, "hosts" int not null default 0, "first_seen" timestamptz not null, "last_seen" timestamptz not null, "known_issue_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`create index "emerging_groups_state_idx" on "emerging_groups" ("state", "last_seen");`);

    this.addSql(`create table "emerging_reports" ("post_id" int not null, "group_id" int not null, "advisory_id" varchar(20) not null, "author_id" int not null, "platform" varchar(140) not null, "software" varchar(200) not null, "hosts" int not null, "symptom" text not null, "reported_at" timestamptz not null, constraint "emerging_reports_pkey" primary key ("post_id"));`);
    this.addSql(`create index "emerging_reports_group_idx" on "emerging_reports" ("group_id", "author_id");`);
    this.addSql(`create index "emerging_reports_software_idx" on "emerging_reports" ("advisory_id", "software", "post_id");`);
    this.addSql(`create index "emerging_reports_platform_idx" on "emerging_reports" ("advisory_id", "platform", "post_id");`);

    this.addSql(`alter table "emerging_groups" add constraint "emerging_groups_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "emerging_groups" add constraint "emerging_groups_known_issue_id_foreign" foreign key ("known_issue_id") references "known_issues" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "emerging_reports" add constraint "emerging_reports_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "emerging_reports" add constraint "emerging_reports_group_id_foreign" foreign key ("group_id") references "emerging_groups" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "emerging_reports" add constraint "emerging_reports_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "emerging_reports" add constraint "emerging_reports_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "emerging_reports" drop constraint "emerging_reports_group_id_foreign";`);

    this.addSql(`drop table if exists "emerging_groups" cascade;`);

    this.addSql(`drop table if exists "emerging_reports" cascade;`);
  }

}
