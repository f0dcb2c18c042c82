import { Migration } from '@mikro-orm/migrations';

/**
 * The reports already on the board, counted as report statistics counts them: visible, on the day posted in Japan
 * time. Exported for the test that checks it against a recount.
 */
export const BACKFILL_REPORT_DAYS = `insert into "report_days" ("thread_id", "day", "outcome", "reports")
  select p.thread_id, (p.created_at at time zone 'Asia/Tokyo')::date, r.outcome, count(*)
  from posts p join field_reports r on r.post_id = p.id where p.state = 'visible' group by 1, 2, 3;`;

/** Reports per thread, day and outcome (the trend picture), with the page cache's trigger (PAGE_TABLES) and the existing reports. */
export class Migration20261204234032 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "report_days" ("id" serial primary key, "thread_id" int not null, "day" date not null, "outcome" varchar(16) not null, "reports" int not null default 0);`);
    this.addSql(`alter table "report_days" add constraint "report_days_thread_day_outcome_unique" unique ("thread_id", "day", "outcome");`);

    this.addSql(`alter table "report_days" add constraint "report_days_thread_id_foreign" foreign key ("thread_id") references "threads" ("id") on update cascade on delete cascade;`);
    this.addSql(`create function "page_report_days_touch"() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then update threads set revision = revision + 1 where id = old.thread_id; end if;
          if tg_op = 'INSERT' then update threads set revision = revision + 1 where id = new.thread_id;
          elsif tg_op = 'UPDATE' then update threads set revision = revision + 1 where id = new.thread_id and not (id = old.thread_id); end if;
          return null;
        end $$;`);
    this.addSql(`create trigger "page_report_days_touch" after insert or update or delete on "report_days" for each row execute function "page_report_days_touch"();`);
    this.addSql(BACKFILL_REPORT_DAYS);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "page_report_days_touch" on "report_days";`);
    this.addSql(`drop function "page_report_days_touch"();`);
    this.addSql(`drop table if exists "report_days" cascade;`);
  }

}
