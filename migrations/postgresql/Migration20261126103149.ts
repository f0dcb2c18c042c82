import { Migration } from '@mikro-orm/migrations';

/** What a thread page shows, and which thread's page (or every page, via page_epoch) a write to it changes. */
const PER_THREAD: [table: string, threads: (row: 'new' | 'old') => string][] = [
  ['posts', (r) => `id = ${r}.thread_id`],
  ['platform_stats', (r) => `id = ${r}.thread_id`],
  ['field_reports', (r) => `id = (select thread_id from posts where id = ${r}.post_id)`],
  ['confirmations', (r) => `id = (select thread_id from posts where id = ${r}.report_id)`],
  ['known_issues', (r) => `advisory_id = ${r}.advisory_id`],
  ['known_issue_evidence', (r) => `advisory_id = (select advisory_id from known_issues where id = ${r}.known_issue_id)`],
  ['advisory_platforms', (r) => `advisory_id = ${r}.advisory_id`],
];

/**
 * The guest page cache's validator, kept by triggers so no write path can forget it: threads.revision
 * moves with every write one thread's pages show; page_epoch with writes any page may show (titles
 * and publication of cited bulletins, citations, usernames). Raw SQL: MikroORM skips page_epoch.
 */
export class Migration20261126103149 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "threads" add column "revision" int not null default 0;`);
    this.addSql(`create table "page_epoch" ("id" int primary key, "epoch" bigint not null);`);
    this.addSql(`insert into "page_epoch" ("id", "epoch") values (1, 0);`);
    for (const [table, threads] of PER_THREAD) {
      this.addSql(`create function "page_${table}_touch"() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then update threads set revision = revision + 1 where ${threads('old')}; end if;
          if tg_op = 'INSERT' then update threads set revision = revision + 1 where ${threads('new')};
          elsif tg_op = 'UPDATE' then update threads set revision = revision + 1 where ${threads('new')} and not (${threads('old')}); end if;
          return null;
        end $$;`);
      this.addSql(`create trigger "page_${table}_touch" after insert or update or delete on "${table}" for each row execute function "page_${table}_touch"();`);
    }
    // Only when the evidence behind a known issue's counts moves: the summary shows their confirmations.
    this.addSql(`create function "page_field_reports_evidence"() returns trigger language plpgsql as $$
      begin
        update threads set revision = revision + 1 where advisory_id in (select ki.advisory_id from known_issue_evidence e join known_issues ki on ki.id = e.known_issue_id where e.post_id = new.post_id);
        return null;
      end $$;`);
    this.addSql(`create trigger "page_field_reports_evidence" after update of confirmation_count on "field_reports" for each row execute function "page_field_reports_evidence"();`);
    this.addSql(`create function "page_threads_locked"() returns trigger language plpgsql as $$ begin new.revision := old.revision + 1; return new; end $$;`);
    this.addSql(`create trigger "page_threads_locked" before update of locked on "threads" for each row execute function "page_threads_locked"();`);
    this.addSql(`create function "page_epoch_touch"() returns trigger language plpgsql as $$ begin update page_epoch set epoch = epoch + 1; return null; end $$;`);
    this.addSql(`create trigger "page_advisories_update" after update of kb, title, "references", status on "advisories" for each row execute function "page_epoch_touch"();`);
    this.addSql(`create trigger "page_users_username" after update of username on "users" for each row execute function "page_epoch_touch"();`);
    this.addSql(`create trigger "page_citations_touch" after insert or update or delete on "citations" for each row execute function "page_epoch_touch"();`);
  }

  override async down(): Promise<void> {
    for (const [table] of PER_THREAD) {
      this.addSql(`drop trigger "page_${table}_touch" on "${table}";`);
      this.addSql(`drop function "page_${table}_touch"();`);
    }
    this.addSql(`drop trigger "page_field_reports_evidence" on "field_reports";`);
    this.addSql(`drop function "page_field_reports_evidence"();`);
    this.addSql(`drop trigger "page_threads_locked" on "threads";`);
    this.addSql(`drop function "page_threads_locked"();`);
    this.addSql(`drop trigger "page_advisories_update" on "advisories";`);
    this.addSql(`drop trigger "page_users_username" on "users";`);
    this.addSql(`drop trigger "page_citations_touch" on "citations";`);
    this.addSql(`drop function "page_epoch_touch"();`);
    this.addSql(`drop table "page_epoch";`);
    this.addSql(`alter table "threads" drop column "revision";`);
  }

}
