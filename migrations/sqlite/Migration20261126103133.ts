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
export class Migration20261126103133 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`threads\` add column \`revision\` integer not null default 0;`);
    this.addSql(`create table \`page_epoch\` (\`id\` integer not null primary key, \`epoch\` integer not null);`);
    this.addSql(`insert into \`page_epoch\` (\`id\`, \`epoch\`) values (1, 0);`);
    for (const [table, threads] of PER_THREAD) {
      this.addSql(`create trigger \`page_${table}_insert\` after insert on \`${table}\` begin update threads set revision = revision + 1 where ${threads('new')}; end;`);
      this.addSql(`create trigger \`page_${table}_update\` after update on \`${table}\` begin update threads set revision = revision + 1 where ${threads('old')} or ${threads('new')}; end;`);
      this.addSql(`create trigger \`page_${table}_delete\` after delete on \`${table}\` begin update threads set revision = revision + 1 where ${threads('old')}; end;`);
    }
    // Only when the evidence behind a known issue's counts moves: the summary shows their confirmations.
    this.addSql(`create trigger \`page_field_reports_evidence\` after update of confirmation_count on \`field_reports\` begin update threads set revision = revision + 1 where advisory_id in (select ki.advisory_id from known_issue_evidence e join known_issues ki on ki.id = e.known_issue_id where e.post_id = new.post_id); end;`);
    this.addSql(`create trigger \`page_threads_locked\` after update of locked on \`threads\` begin update threads set revision = revision + 1 where id = new.id; end;`);
    this.addSql(`create trigger \`page_advisories_update\` after update of kb, title, "references", status on \`advisories\` begin update page_epoch set epoch = epoch + 1; end;`);
    this.addSql(`create trigger \`page_users_username\` after update of username on \`users\` begin update page_epoch set epoch = epoch + 1; end;`);
    for (const op of ['insert', 'update', 'delete']) {
      this.addSql(`create trigger \`page_citations_${op}\` after ${op} on \`citations\` begin update page_epoch set epoch = epoch + 1; end;`);
    }
  }

}
