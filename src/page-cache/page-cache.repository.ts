import { Injectable } from '@nestjs/common';
import { boardDay } from '../common/i18n/i18n';
import { ReadSql } from '../database/read-sql';
import { statement } from '../database/statement';

/**
 * Tables whose writes a cached page shows. Each carries `page_*` triggers (migrations
 * 20261126103133 on SQLite, 20261126103149 on PostgreSQL) that move the validator below in the writing
 * transaction: threads.revision for one thread's pages, page_epoch for every page. A page that comes to
 * show another table needs a migration adding its triggers, and the table here: a spec checks each has them.
 */
export const PAGE_TABLES = [
  'posts',
  'field_reports',
  'confirmations',
  'platform_stats',
  'report_days',
  'known_issues',
  'known_issue_evidence',
  'advisory_platforms',
  'threads',
  'advisories',
  'citations',
  'users',
] as const;

/** threads.revision and the board's page epoch (a bigint: PostgreSQL's driver gives text). */
export interface PageValidatorRow {
  revision: number;
  epoch: number | string;
}

const PAGE_VALIDATOR = statement<PageValidatorRow>(
  'PageCacheRepository.validator',
  'select t.revision, e.epoch from threads t cross join page_epoch e where t.advisory_id = ? and e.id = 1',
  { hot: true },
);

/** The page cache's one read, on the hot read connection: it runs for every guest request a page could answer. */
@Injectable()
export class PageCacheRepository {
  constructor(private readonly reader: ReadSql) {}

  /**
   * The validator of the pages of an advisory's thread ("revision.epoch.day"), or null without a thread: the board's
   * day too, as the trend picture runs to today.
   */
  async validator(advisoryId: string): Promise<string | null> {
    const row = await this.reader.row(PAGE_VALIDATOR, [advisoryId]);
    return row ? `${row.revision}.${row.epoch}.${boardDay(new Date()).replaceAll('-', '')}` : null;
  }
}
