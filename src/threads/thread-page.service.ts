import { Injectable, NotFoundException } from '@nestjs/common';
import { AdvisoryReference, normalizeAdvisoryId } from '../advisories/advisory-format';
import { AdvisoryStatus } from '../advisories/advisory.entity';
import { threadPath } from '../advisories/advisory.view-model';
import { Backlink, BacklinkMaps, citedBySql, loadBacklinks } from '../citations/citations';
import { ReadSql } from '../database/read-sql';
import { marks, rowBool, rowDate, rowJson } from '../database/sql';
import { OUTCOMES } from '../field-reports/field-report.entity';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { PostState } from '../policy/rules/subjects';
import { Viewer } from '../policy/viewer';
import { CONFIRMATIONS_BY_PLATFORM, OTHER_PLATFORM } from '../field-reports/field-reports.repository';
import { bound } from '../database/statement';
import { postSubjectRow } from './subject-rows';

export const POSTS_PER_PAGE = 50;

/** Which page holds post number n. */
export const pageOf = (n: number) => Math.max(1, Math.ceil(n / POSTS_PER_PAGE));

export function postPath(advisoryId: string, number: number): string {
  const page = pageOf(number);
  return `${threadPath(advisoryId)}${page > 1 ? `?page=${page}` : ''}#p${number}`;
}

/** What the thread page needs of its thread and advisory, read without hydrating entities (the page is the hottest read). */
export interface ThreadHead {
  id: number;
  locked: boolean;
  postCount: number;
  reportCount: number;
  problemCount: number;
  lastPostedAt: Date | null;
  advisory: { id: string; kb: string[]; title: string; references: AdvisoryReference[]; isPublished: boolean };
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
}

/** The thread page's queries, shared with the benchmark's floor server so both do the same work. */
export const THREAD_PAGE_SQL = {
  head: `select t.id, t.locked, t.post_count, t.report_count, t.problem_count, t.last_posted_at, a.id as advisory_id, a.kb, a.title, a."references" as refs, a.status
    from threads t join advisories a on a.id = t.advisory_id where t.advisory_id = ?`,
  platforms: 'select id, key, label from advisory_platforms where advisory_id = ? order by position',
  stats: 'select platform_key, outcome, reports, confirmations from platform_stats where thread_id = ?',
  // A range of dense numbers: the same cost on page 1 and page 2,000.
  posts: `select p.id, p.number, p.author_id, u.username, p.body_html, p.is_report, p.state, p.state_reason, p.edited_at, p.created_at, r.number as reply_number
    from posts p join users u on u.id = p.author_id left join posts r on r.id = p.reply_to_id
    where p.thread_id = ? and p.number >= ? and p.number <= ? order by p.number`,
  reports: (n: number) =>
    `select fr.post_id, fr.outcome, fr.hosts, fr.software, fr.confirmation_count, fr.platform_other, ap.key, ap.label
    from field_reports fr left join advisory_platforms ap on ap.id = fr.platform_id where fr.post_id in (${marks(n)})`,
  // The field reports repository owns this statement; here with n places in its IN list.
  confirmations: (n: number) => bound(CONFIRMATIONS_BY_PLATFORM, [new Array<number>(n).fill(0)]).text,
  confirmedBy: (n: number) => `select report_id from confirmations where user_id = ? and report_id in (${marks(n)})`,
  // The published bulletins citing the page's posts and the summary's known issues: one query, however many.
  citedBy: citedBySql,
};

type Row = Record<string, unknown>;

export function threadHead(row: Row): ThreadHead {
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
    },
  };
}

export const platformRows = (rows: Row[]): PlatformRow[] =>
  rows.map((r) => ({ id: Number(r.id), key: String(r.key), label: String(r.label) }));
export const statRows = (rows: Row[]): StatRow[] =>
  rows.map((r) => ({
    platformKey: String(r.platform_key),
    outcome: String(r.outcome),
    reports: Number(r.reports),
    confirmations: Number(r.confirmations),
  }));

/**
 * One page of posts shaped for the view, with the viewer's permissions as flags (STYLE rule 6).
 * `mine` holds the reports the viewer has confirmed; `citedBy` the bulletins citing each post.
 */
export function postItems(
  head: ThreadHead,
  rows: Row[],
  reportRows: Row[],
  confirmationRows: Row[],
  platforms: PlatformRow[],
  can: (action: Action, subject: unknown) => boolean,
  mine: Set<number>,
  citedBy: Map<number, Backlink[]>,
) {
  const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
  const reportOf = new Map(reportRows.map((r) => [Number(r.post_id), r]));
  const confirmationsOf = new Map<number, { label: string; count: number }[]>();
  for (const r of confirmationRows) {
    const id = Number(r.report_id);
    const key = typeof r.key === 'string' ? r.key : null;
    confirmationsOf.set(id, [...(confirmationsOf.get(id) ?? []), { label: key ? (labelOf.get(key) ?? key) : '', count: Number(r.n) }]);
  }
  const advisoryId = head.advisory.id;
  const canReply = can(Action.CreatePost, head);
  const items = [];
  for (const row of rows) {
    const id = Number(row.id);
    const number = Number(row.number);
    const state = String(row.state) as PostState;
    const isReport = rowBool(row.is_report);
    const editedAt = rowDate(row.edited_at);
    const subject = postSubjectRow(row, head, isReport);
    const visible = can(Action.ViewPost, subject);
    if (!visible && state === 'held') continue;
    const report = isReport ? reportOf.get(id) : undefined;
    const showBody = visible && state !== 'deleted';
    const replyNumber = row.reply_number === null || row.reply_number === undefined ? null : Number(row.reply_number);
    items.push({
      id,
      number,
      anchor: `p${number}`,
      permalink: `/posts/${id}`,
      author: String(row.username),
      createdAt: subject.createdAt,
      state,
      isDeleted: state === 'deleted',
      isHiddenPlaceholder: !visible && state === 'hidden',
      isHeld: visible && state === 'held',
      isHidden: visible && state === 'hidden',
      bodyHtml: showBody ? String(row.body_html) : null,
      edited: editedAt !== null,
      canViewRevisions: showBody && editedAt !== null && can(Action.ViewRevisions, subject),
      replyTo: replyNumber ? { number: replyNumber, url: postPath(advisoryId, replyNumber) } : null,
      report: showBody && report ? reportView(report, confirmationsOf.get(id) ?? []) : null,
      canEdit: showBody && can(Action.EditPost, subject),
      canDelete: showBody && can(Action.DeletePost, subject),
      canReply: showBody && canReply,
      canConfirm: showBody && !!report && !mine.has(id) && can(Action.ConfirmReport, subject),
      confirmed: mine.has(id),
      canFlag: showBody && can(Action.FlagPost, subject),
      canHide: state === 'visible' && can(Action.ModeratePost, subject),
      canRestore: (state === 'hidden' || state === 'deleted') && can(Action.ModeratePost, subject),
      stateReason: visible ? (row.state_reason as string | null) : null,
      defaultPlatform: typeof report?.key === 'string' && report.key ? report.key : OTHER_PLATFORM,
      citedBy: showBody ? (citedBy.get(id) ?? []) : [],
    });
  }
  return items;
}

function reportView(report: Row, confirmations: { label: string; count: number }[]) {
  const outcome = String(report.outcome);
  return {
    platform: typeof report.label === 'string' ? report.label : null,
    platformOther: report.platform_other as string | null,
    outcome,
    outcomeKey: `outcome.${outcome}`,
    hosts: Number(report.hosts),
    software: String(report.software),
    confirmationCount: Number(report.confirmation_count),
    confirmations,
  };
}

/** Builds what the thread page shows: the platform table, one page of posts by number range, the form. */
@Injectable()
export class ThreadPageService {
  constructor(
    private readonly reader: ReadSql,
    private readonly policy: PolicyService,
  ) {}

  /** The thread of an advisory id (any case) with its platforms, or 404 when the viewer may not see it. */
  async head(rawId: string, viewer: Viewer): Promise<{ head: ThreadHead; platforms: PlatformRow[] }> {
    const id = normalizeAdvisoryId(rawId);
    const row = id ? await this.reader.get(THREAD_PAGE_SQL.head, [id]) : undefined;
    const head = row ? threadHead(row) : null;
    if (!head || !this.policy.can(viewer, Action.ViewThread, head)) throw new NotFoundException();
    const platforms = platformRows(await this.reader.all(THREAD_PAGE_SQL.platforms, [head.advisory.id]));
    return { head, platforms };
  }

  /** The per-platform outcome table for a thread (also shown on the bulletin page). */
  async stats(threadId: number, platforms: PlatformRow[]) {
    return statsView(statRows(await this.reader.all(THREAD_PAGE_SQL.stats, [threadId])), platforms);
  }

  /** One page of posts; with the summary's known-issue ids, their backlinks come in the same query as the posts'. */
  async page(
    head: ThreadHead,
    platforms: PlatformRow[],
    viewer: Viewer,
    page: number,
    issueIds: number[] = [],
  ): Promise<{ posts: ReturnType<typeof postItems>; first: number; last: number; backlinks: BacklinkMaps }> {
    const first = (page - 1) * POSTS_PER_PAGE + 1;
    const last = page * POSTS_PER_PAGE;
    const rows = await this.reader.all(THREAD_PAGE_SQL.posts, [head.id, first, last]);
    const reportIds = rows.filter((p) => rowBool(p.is_report)).map((p) => Number(p.id));
    const [reports, confirmations, mine] = reportIds.length
      ? [
          await this.reader.all(THREAD_PAGE_SQL.reports(reportIds.length), reportIds),
          await this.reader.all(THREAD_PAGE_SQL.confirmations(reportIds.length), reportIds),
          viewer.isGuest
            ? new Set<number>()
            : new Set(
                (await this.reader.all(THREAD_PAGE_SQL.confirmedBy(reportIds.length), [viewer.id, ...reportIds])).map((r) =>
                  Number(r.report_id),
                ),
              ),
        ]
      : [[], [], new Set<number>()];
    const backlinks = await loadBacklinks(
      this.reader,
      rows.map((p) => Number(p.id)),
      issueIds,
    );
    const posts = postItems(
      head,
      rows,
      reports,
      confirmations,
      platforms,
      (action, subject) => this.policy.can(viewer, action, subject),
      mine,
      backlinks.posts,
    );
    return { posts, first, last, backlinks };
  }
}

/**
 * Platform × outcome, confirmations included, with bar widths (per cent of the busiest platform)
 * drawn as SVG rectangles: no inline style, so the strict CSP holds.
 */
export function statsView(rows: StatRow[], platforms: { key: string; label: string }[]) {
  const cell = new Map(rows.map((r) => [`${r.platformKey}\u0000${r.outcome}`, r.reports + r.confirmations]));
  const keys = [...platforms.map((p) => ({ key: p.key, label: p.label })), { key: OTHER_PLATFORM, label: null }];
  const lines = keys.map(({ key, label }) => {
    const counts = OUTCOMES.map((o) => ({ outcome: o, key: `outcome.${o}`, count: Math.max(0, cell.get(`${key}\u0000${o}`) ?? 0) }));
    return { key, label, isOther: key === OTHER_PLATFORM, counts, total: counts.reduce((a, c) => a + c.count, 0) };
  });
  const max = Math.max(1, ...lines.map((l) => l.total));
  const withBars = lines
    .filter((l) => !l.isOther || l.total > 0)
    .map((line) => {
      let x = 0;
      const bars = line.counts
        .filter((c) => c.count > 0)
        .map((c) => {
          const width = (c.count / max) * 100;
          const bar = { outcome: c.outcome, x: x.toFixed(2), width: width.toFixed(2), count: c.count };
          x += width;
          return bar;
        });
      return { ...line, bars };
    });
  return {
    outcomes: OUTCOMES.map((o) => ({ outcome: o, key: `outcome.${o}` })),
    lines: withBars,
    total: lines.reduce((a, l) => a + l.total, 0),
  };
}

/** Page links by number; each page is a fixed range of post numbers. */
export function pager(advisoryId: string, page: number, pageCount: number) {
  if (pageCount <= 1) return null;
  const url = (n: number) => `${threadPath(advisoryId)}${n > 1 ? `?page=${n}` : ''}`;
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((x, y) => x - y);
  return {
    prev: page > 1 ? url(page - 1) : null,
    next: page < pageCount ? url(page + 1) : null,
    pages: around.map((n, i) => ({ n, url: url(n), current: n === page, gapBefore: i > 0 && n - around[i - 1] > 1 })),
  };
}
