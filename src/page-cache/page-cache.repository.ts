import { Inject, Injectable } from '@nestjs/common';
import { boardDay } from '../common/i18n/i18n';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { Statement, statement } from '../database/statement';
import { TurnBatch } from '../database/turn-batch';

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
  // The epoch as a subquery, by its key: SQLite planned the cross join as a scan of page_epoch, 4× the cost of the read.
  'select t.revision, (select epoch from page_epoch where id = 1) as epoch from threads t where t.advisory_id = ?',
  { hot: true },
);

/** The same for every thread asked for in one turn of the event loop (PostgreSQL: one round trip instead of one each). */
const PAGE_VALIDATORS = statement<PageValidatorRow & { advisory_id: string }>(
  'PageCacheRepository.validator',
  'select t.advisory_id, t.revision, (select epoch from page_epoch where id = 1) as epoch from threads t where t.advisory_id = any(?::text[])',
  { hot: true, engine: 'postgresql' },
);

/** A window of advisories: how many, the sum of their threads' revisions, how many list a platform, and the page epoch. */
export interface WindowValidatorRow {
  advisories: number | string;
  revisions: number | string | null;
  listing: number | string;
  epoch: number | string;
}

/**
 * A window's count, its threads' revisions summed, how many of its advisories list a platform (or 1), and the page
 * epoch. The window is an IN list (each published advisory has its thread), so every step is an index search.
 */
const windowSums = (window: string, platform: boolean) =>
  `select count(*) as advisories, sum(t.revision) as revisions,
    ${platform ? `(select count(*) from advisory_platforms p where p.key = ? and p.advisory_id in (${window}))` : '1'} as listing,
    (select epoch from page_epoch where id = 1) as epoch
    from threads t where t.advisory_id in (${window})`;

// Each window selects as its page's listing does (AdvisoriesRepository.publishedSince, .listing), by the same index.
const RECENT = `select id from advisories where status = 'published' and published_at >= ? order by published_at desc, id desc limit ?`;
const LISTING = `select id from advisories where status = 'published' order by updated_on desc, id desc limit ?`;
// `updated_on <= ?` lets the index seek to the cursor: the OR alone read every newer bulletin first (deep pages cost most).
const LISTING_AFTER = `select id from advisories where status = 'published' and updated_on <= ?
    and (updated_on < ? or (updated_on = ? and id < ?)) order by updated_on desc, id desc limit ?`;

const RECENT_VALIDATOR = statement<WindowValidatorRow>('PageCacheRepository.recentValidator', windowSums(RECENT, false), { hot: true });
const RECENT_PLATFORM_VALIDATOR = statement<WindowValidatorRow>('PageCacheRepository.recentValidator', windowSums(RECENT, true), {
  hot: true,
});
const LISTING_VALIDATOR = statement<WindowValidatorRow>('PageCacheRepository.listingValidator', windowSums(LISTING, false), {
  hot: true,
});
const LISTING_AFTER_VALIDATOR = statement<WindowValidatorRow>('PageCacheRepository.listingValidator', windowSums(LISTING_AFTER, false), {
  hot: true,
});
/** A window's read: its statement and parameters. */
type WindowRead = [Statement<WindowValidatorRow>, unknown[]];

/**
 * The page cache's reads, on the hot read connection: one runs for every guest request a page could answer.
 * A window's validator is exact: advisories join or leave it by publication, unpublication or an edit of the
 * columns it is ordered by, each of which moves the page epoch (triggers), or by the clock, which only ever
 * takes the oldest out and so changes the count; any write its advisories' pages show moves a thread's revision.
 */
@Injectable()
export class PageCacheRepository {
  /** On PostgreSQL, where each read is a round trip that costs both processes a socket write and a wake-up. */
  private readonly batch: TurnBatch<string, PageValidatorRow> | null;
  /** The same for windows: the guests of one window (/status, the index) in one turn share its read. */
  private readonly windows: TurnBatch<string, WindowValidatorRow, WindowRead> | null;

  constructor(
    private readonly reader: ReadSql,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.batch = config.database.engine === 'postgresql' ? new TurnBatch((ids) => this.validators(ids)) : null;
    this.windows = config.database.engine === 'postgresql' ? new TurnBatch((keys, reads) => this.windowRows(keys, reads)) : null;
  }

  /**
   * The validator of the pages of an advisory's thread ("revision.epoch.day"), or null without a thread: the board's
   * day too, as the trend picture runs to today.
   */
  async validator(advisoryId: string): Promise<string | null> {
    const row = this.batch ? await this.batch.get(advisoryId) : await this.reader.row(PAGE_VALIDATOR, [advisoryId]);
    return row ? `${row.revision}.${row.epoch}.${today()}` : null;
  }

  private async validators(advisoryIds: string[]): Promise<Map<string, PageValidatorRow>> {
    const rows = await this.reader.rows(PAGE_VALIDATORS, [advisoryIds]);
    return new Map(rows.map((r) => [r.advisory_id, r]));
  }

  /**
   * The validator of a page of the advisories published since a moment (newest first, at most `most`), or null
   * when a platform is named that none of them lists.
   */
  async recentValidator(since: Date, most: number, platform: string | null): Promise<string | null> {
    return platform
      ? this.window(RECENT_PLATFORM_VALIDATOR, [platform, most], [platform, since, most, since, most])
      : this.window(RECENT_VALIDATOR, [most], [since, most]);
  }

  /** The validator of a page of the published advisories by bulletin date, from a keyset position (null: the first page). */
  async listingValidator(after: { updatedOn: string; id: string } | null, limit: number): Promise<string | null> {
    const params = after ? [after.updatedOn, after.updatedOn, after.updatedOn, after.id, limit] : [limit];
    return this.window(after ? LISTING_AFTER_VALIDATOR : LISTING_VALIDATOR, params, params);
  }

  /**
   * A window's validator: read at once on SQLite; on PostgreSQL once for the requests of a turn that ask for the same
   * window (`same`: what names it but the clock), with the parameters of the last of them to come (TurnBatch): a later
   * start of the window is the window as it is when the read goes out, after every one of them came.
   */
  private async window(stmt: Statement<WindowValidatorRow>, same: unknown[], params: unknown[]): Promise<string | null> {
    if (!this.windows) return windowValidator(await this.reader.row(stmt, params));
    const key = `${stmt.text}|${JSON.stringify(same)}`;
    return windowValidator(await this.windows.get(key, [stmt, params]));
  }

  private async windowRows(keys: string[], reads: ReadonlyMap<string, WindowRead>): Promise<Map<string, WindowValidatorRow>> {
    const rows = await Promise.all(keys.map((key) => this.reader.row(...reads.get(key)!)));
    return new Map(keys.flatMap((key, i) => (rows[i] ? [[key, rows[i]] as const] : [])));
  }
}

let minute = -1;
let day = '';

/** The board's day as digits, worked out once a minute: a day of the board begins on a whole minute of UTC. */
function today(): string {
  const now = Math.floor(Date.now() / 60_000);
  if (now !== minute) {
    minute = now;
    day = boardDay(new Date(now * 60_000)).replaceAll('-', '');
  }
  return day;
}

/** "w" + count, revisions and epoch; null when the platform asked for is listed by none of the window's advisories. */
function windowValidator(row: WindowValidatorRow | undefined): string | null {
  if (!row || Number(row.listing) === 0) return null;
  return `w${row.advisories}.${row.revisions ?? 0}.${row.epoch}`;
}
