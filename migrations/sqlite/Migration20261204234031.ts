import { Migration } from '@mikro-orm/migrations';

/**
 * The reports already on the board, counted as report statistics counts them: visible, on the day posted in Japan
 * time (created_at is epoch milliseconds). Exported for the test that checks it against a recount.
 */
export const BACKFILL_REPORT_DAYS = `insert into \`report_days\` (\`thread_id\`, \`day\`, \`outcome\`, \`reports\`)
  select p.thread_id, date(p.created_at / 1000, 'unixepoch', '+9 hours'), r.outcome, count(*)
  from posts p join field_reports r on r.post_id = p.id where p.state = 'visible' group by 1, 2, 3;`;

/** Reports per thread, day and outcome (the trend picture), with the page cache's triggers (PAGE_TABLES) and the existing reports. */
export class Migration20261204234031 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`report_days\` (\`id\` integer not null primary key autoincrement, \`thread_id\` integer not null, \`day\` date not null, \`outcome\` text not null, \`reports\` integer not null default 0, constraint \`report_days_thread_id_foreign\` foreign key(\`thread_id\`) references \`threads\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`report_days_thread_id_index\` on \`report_days\` (\`thread_id\`);`);
    this.addSql(`create unique index \`report_days_thread_day_outcome_unique\` on \`report_days\` (\`thread_id\`, \`day\`, \`outcome\`);`);
    this.addSql(`create trigger \`page_report_days_insert\` after insert on \`report_days\` begin update threads set revision = revision + 1 where id = new.thread_id; end;`);
    this.addSql(`create trigger \`page_report_days_update\` after update on \`report_days\` begin update threads set revision = revision + 1 where id = old.thread_id or id = new.thread_id; end;`);
    this.addSql(`create trigger \`page_report_days_delete\` after delete on \`report_days\` begin update threads set revision = revision + 1 where id = old.thread_id; end;`);
    this.addSql(BACKFILL_REPORT_DAYS);
  }

}
