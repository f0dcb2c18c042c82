import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221355 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "verdict_changes" ("id" serial primary key, "advisory_id" varchar(20) not null, "platform_key" varchar(40) not null, "verdict_before" varchar(24) not null, "verdict_after" varchar(24) not null, "reason_key" varchar(24) not null, "reason_params" jsonb not null, "changed_at" timestamptz not null);`);
    this.addSql(`create index "verdict_changes_advisory_idx" on "verdict_changes" ("advisory_id", "id");`);

    this.addSql(`create table "verdict_states" ("advisory_id" varchar(20) not null, "verdicts" jsonb not null, constraint "verdict_states_pkey" primary key ("advisory_id"));`);

    this.addSql(`alter table "verdict_changes" add constraint "verdict_changes_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "verdict_states" add constraint "verdict_states_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "platform_stats" add column "hosts" int not null default 0;`);

    // Reports written before hosts were counted: their platforms' sums, recounted once from the visible reports.
    this.addSql(`update "platform_stats" set "hosts" = coalesce((select sum(r.hosts) from field_reports r join posts p on p.id = r.post_id left join advisory_platforms ap on ap.id = r.platform_id where p.thread_id = platform_stats.thread_id and p.state = 'visible' and r.outcome = platform_stats.outcome and coalesce(ap.key, 'other') = platform_stats.platform_key), 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "verdict_changes" cascade;`);

    this.addSql(`drop table if exists "verdict_states" cascade;`);

    this.addSql(`alter table "platform_stats" drop column "hosts";`);
  }

}
