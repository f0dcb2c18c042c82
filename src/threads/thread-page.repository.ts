import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AdvisoryReference } from '../advisories/advisory-format';
import { AdvisoryStatus } from '../advisories/advisory.entity';
import { ReadSql } from '../database/read-sql';
import { all, rowBool, rowDate, rowJson } from '../database/sql';
import { statement } from '../database/statement';
import { CONFIRMATIONS_BY_PLATFORM } from '../field-reports/field-reports.repository';
import { Outcome } from '../field-reports/field-report.entity';
import { PostState } from '../policy/rules/subjects';
import { ThreadOfRow, threadSubjectRow, ThreadSubjectRow } from './subject-rows';

/** What the thread page needs of its thread and advisory, read without hydrating entities (the page is the hottest read). */
export interface ThreadHead {
  id: number;
  locked: boolean;
  postCount: number;
  reportCount: number;
  problemCount: number;
  lastPostedAt: Date | null;
  advisory: { id: string; kb: string[]; title: string; references: AdvisoryReference[]; isPublished: boolean; publishedAt: Date | null };
}

export interface PlatformRow {
  id: number;
  key: string;
  label: string;
}

export interface StatRow {
  platformKey: string;
  outcome: string;
  reports: number;
  confirmations: number;
  hosts: number;
}

export interface PlatformRecord {
  id: number;
  key: string;
  label: string;
}

export interface ThreadHeadRecord {
  id: number;
  locked: unknown;
  post_count: number;
  report_count: number;
  problem_count: number;
  last_posted_at: unknown;
  advisory_id: string;
  kb: unknown;
  title: string;
  refs: unknown;
  status: AdvisoryStatus;
  published_at: unknown;
}

export interface StatRecord {
  platform_key: string;
  outcome: string;
  reports: number | string;
  confirmations: number | string;
  hosts: number | string;
}

/** One post of a page as read: the page's view model maps it (postItems), with the viewer's permissions. */
export interface PagePostRow {
  id: number;
  number: number;
  author_id: number;
  username: string;
  body_html: string;
  is_report: unknown;
  state: PostState;
  state_reason: string | null;
  edited_at: unknown;
  created_at: unknown;
  reply_number: number | null;
}

/** The field report of a post on the page, with its platform (null: one the advisory does not list). */
export interface PageReportRow {
  post_id: number;
  outcome: Outcome;
  hosts: number;
  software: string;
  confirmation_count: number;
  platform_other: string | null;
  key: string | null;
  label: string | null;
}

const HEAD = statement<ThreadHeadRecord>(
  'ThreadPageRepository.head',
  `select t.id, t.locked, t.post_count, t.report_count, t.problem_count, t.last_posted_at, a.id as advisory_id, a.kb, a.title, a."references" as refs, a.status, a.published_at
    from threads t join advisories a on a.id = t.advisory_id where t.advisory_id = ?`,
  { hot: true },
);

// What a post form needs to know of its thread before the write: the policy's view, without the advisory's references.
const SUBJECT = statement<ThreadSubjectRow & { id: number | string }>(
  'ThreadPageRepository.subject',
  'select t.id, t.locked, a.id as advisory_id, a.status from threads t join advisories a on a.id = t.advisory_id where t.advisory_id = ?',
  { hot: true },
);

const PLATFORMS = statement<PlatformRecord>(
  'ThreadPageRepository.platforms',
  'select id, key, label from advisory_platforms where advisory_id = ? order by position',
  { hot: true },
);

const STATS = statement<StatRecord>(
  'ThreadPageRepository.stats',
  'select platform_key, outcome, reports, confirmations, hosts from platform_stats where thread_id = ?',
  { hot: true },
);

// A range of dense numbers: the same cost on page 1 and page 2,000.
const postsSql = (body: string) =>
  `select p.id, p.number, p.author_id, u.username, ${body} as body_html, p.is_report, p.state, p.state_reason, p.edited_at, p.created_at, r.number as reply_number
    from posts p join users u on u.id = p.author_id left join posts r on r.id = p.reply_to_id
    where p.thread_id = ? and p.number >= ? and p.number <= ? order by p.number`;

const POSTS = statement<PagePostRow>('ThreadPageRepository.posts', postsSql('p.body_html'), { hot: true });

// The same rows with an empty text: what a viewer may see and do of each post, where a shared part shows the text.
const POST_VIEWS = statement<PagePostRow>('ThreadPageRepository.postViews', postsSql("''"), { hot: true });

const REPORTS = statement<PageReportRow>(
  'ThreadPageRepository.reports',
  `select fr.post_id, fr.outcome, fr.hosts, fr.software, fr.confirmation_count, fr.platform_other, ap.key, ap.label
    from field_reports fr left join advisory_platforms ap on ap.id = fr.platform_id where fr.post_id in (?*)`,
  { hot: true },
);

const CONFIRMED_BY = statement<{ report_id: number }>(
  'ThreadPageRepository.confirmedBy',
  'select report_id from confirmations where user_id = ? and report_id in (?*)',
  { hot: true },
);

/**
 * The thread page's statements, shared with the benchmark's floor server so both do the same work
 * (the confirmations are the field reports repository's statement; the backlinks the citations').
 */
export const THREAD_PAGE_SQL = {
  head: HEAD,
  platforms: PLATFORMS,
  stats: STATS,
  posts: POSTS,
  reports: REPORTS,
  confirmations: CONFIRMATIONS_BY_PLATFORM,
  confirmedBy: CONFIRMED_BY,
} as const;

/**
 * The thread page's reads: prepared plain statements outside any transaction, on the hot read
 * connection (ReadSql). The board's busiest path: no ORM, no hydration.
 */
@Injectable()
export class ThreadPageRepository {
  constructor(private readonly reader: ReadSql) {}

  /** The thread of an advisory (its exact id) with the advisory's head, or null without one. */
  async head(advisoryId: string): Promise<ThreadHead | null> {
    const row = await this.reader.row(HEAD, [advisoryId]);
    return row ? threadHead(row) : null;
  }

  /** The thread of an advisory (its exact id) as the policy sees it, or null without one. */
  async subject(advisoryId: string): Promise<ThreadOfRow | null> {
    const row = await this.reader.row(SUBJECT, [advisoryId]);
    return row ? threadSubjectRow(row, Number(row.id)) : null;
  }

  /** The advisory's platforms in order: in the caller's transaction, or with em null outside any. */
  platforms(em: EntityManager | null, advisoryId: string): Promise<PlatformRow[]> {
    return em ? all(em, PLATFORMS, [advisoryId]).then(platformRows) : this.reader.rows(PLATFORMS, [advisoryId]).then(platformRows);
  }

  async stats(threadId: number): Promise<StatRow[]> {
    return statRows(await this.reader.rows(STATS, [threadId]));
  }

  /** The posts numbered first to last; without their text (an empty body_html) unless `withText`. */
  posts(threadId: number, first: number, last: number, withText = true): Promise<PagePostRow[]> {
    return this.reader.rows(withText ? POSTS : POST_VIEWS, [threadId, first, last]);
  }

  reports(postIds: number[]): Promise<PageReportRow[]> {
    return postIds.length ? this.reader.rows(REPORTS, [postIds]) : Promise.resolve([]);
  }

  /** Which of these reports the member has confirmed. */
  async confirmedBy(userId: number, reportIds: number[]): Promise<Set<number>> {
    if (!reportIds.length) return new Set();
    return new Set((await this.reader.rows(CONFIRMED_BY, [userId, reportIds])).map((r) => Number(r.report_id)));
  }
}

/** The one mapping of a thread head row (also the floor server's). */
export function threadHead(row: ThreadHeadRecord): ThreadHead {
  return {
    id: Number(row.id),
    locked: rowBool(row.locked),
    postCount: Number(row.post_count),
    reportCount: Number(row.report_count),
    problemCount: Number(row.problem_count),
    lastPostedAt: rowDate(row.last_posted_at),
    advisory: {
      id: String(row.advisory_id),
      kb: rowJson<string[]>(row.kb),
      title: String(row.title),
      references: rowJson<AdvisoryReference[]>(row.refs),
      isPublished: row.status === AdvisoryStatus.Published,
      publishedAt: rowDate(row.published_at),
    },
  };
}

export const platformRows = (rows: PlatformRecord[]): PlatformRow[] =>
  rows.map((r) => ({ id: Number(r.id), key: String(r.key), label: String(r.label) }));

export const statRows = (rows: StatRecord[]): StatRow[] =>
  rows.map((r) => ({
    platformKey: String(r.platform_key),
    outcome: String(r.outcome),
    reports: Number(r.reports),
    confirmations: Number(r.confirmations),
    hosts: Number(r.hosts ?? 0),
  }));
