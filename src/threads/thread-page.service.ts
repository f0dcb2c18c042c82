import { Injectable, NotFoundException } from '@nestjs/common';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { Backlink, BacklinkMaps, loadBacklinks, NO_BACKLINKS } from '../citations/citations.repository';
import { ReadSql } from '../database/read-sql';
import { rowBool, rowDate } from '../database/sql';
import { OUTCOMES } from '../field-reports/field-report.entity';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { PostState, ThreadSubject } from '../policy/rules/subjects';
import { FieldReportsRepository, OTHER_PLATFORM } from '../field-reports/field-reports.repository';
import { postSubjectRow, ThreadOfRow } from './subject-rows';
import { PagePostRow, PageReportRow, PlatformRow, StatRow, ThreadHead, ThreadPageRepository } from './thread-page.repository';
import { advisoryPath, loginPath, pageOf, permalinkPath, postAnchor, postPath, POSTS_PER_PAGE, threadPath } from '../paths';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { keyForForm } from '../common/forms/idempotency';
import { feedLinks } from '../feeds/feed-links';
import { boardDay } from '../common/i18n/i18n';
import { Trend, trendOf } from '../guidance/trend';
import { trendView } from '../guidance/trend-view';
import { KnownIssuesService, summaryView } from '../known-issues/known-issues.service';
import { verdictsView } from '../guidance/verdict.view-model';
import { VerdictsService } from '../guidance/verdicts.service';
import type { OpenIssue } from '../guidance/verdict';
import { NotificationsService } from '../notifications/notifications.service';
import { heldNotice, PostInput, PostsService } from './posts.service';
import { Locale } from '../common/i18n/i18n';
import { SharedRenders } from '../page-cache/shared-parts';

/** The post form as typed: a preview of it, or why it was refused. */
interface PostFormState {
  values?: PostInput;
  preview?: string;
  errors?: FieldErrors;
}

export type { PlatformRow, StatRow, ThreadHead };

/** Whether a post's text is shown: the viewer may see it and its author has not deleted it (a deleted one is a placeholder). */
export const showsBody = (visible: boolean, state: PostState) => visible && state !== 'deleted';

/**
 * One page of posts shaped for the view, with the viewer's permissions as flags (STYLE rule 6).
 * `mine` holds the reports the viewer has confirmed; `citedBy` the bulletins citing each post.
 */
export function postItems(
  head: ThreadHead,
  rows: PagePostRow[],
  reportRows: PageReportRow[],
  confirmationCounts: Map<number, Map<string | null, number>>,
  platforms: PlatformRow[],
  can: (action: Action, subject: unknown) => boolean,
  mine: Set<number>,
  citedBy: Map<number, Backlink[]>,
) {
  const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
  const reportOf = new Map(reportRows.map((r) => [Number(r.post_id), r]));
  const confirmationsOf = (id: number) =>
    [...(confirmationCounts.get(id) ?? [])].map(([key, count]) => ({ label: key ? (labelOf.get(key) ?? key) : '', count }));
  const advisoryId = head.advisory.id;
  const canReply = can(Action.CreatePost, head);
  const items = [];
  for (const row of rows) {
    const id = Number(row.id);
    const number = Number(row.number);
    const state = row.state;
    const isReport = rowBool(row.is_report);
    const editedAt = rowDate(row.edited_at);
    const subject = postSubjectRow(row, head, isReport);
    const visible = can(Action.ViewPost, subject);
    if (!visible && state === 'held') continue;
    const report = isReport ? reportOf.get(id) : undefined;
    const showBody = showsBody(visible, state);
    const replyNumber = row.reply_number === null || row.reply_number === undefined ? null : Number(row.reply_number);
    items.push({
      id,
      number,
      anchor: postAnchor(number),
      permalink: permalinkPath(id),
      author: String(row.username),
      createdAt: subject.createdAt,
      state,
      isDeleted: state === 'deleted',
      isHiddenPlaceholder: !visible && state === 'hidden',
      isHeld: visible && state === 'held',
      isHidden: visible && state === 'hidden',
      bodyHtml: showBody ? String(row.body_html) : null,
      edited: editedAt !== null,
      replyTo: replyNumber ? { number: replyNumber, url: postPath(advisoryId, replyNumber) } : null,
      report: showBody && report ? reportView(report, confirmationsOf(id)) : null,
      stateReason: visible ? row.state_reason : null,
      citedBy: showBody ? (citedBy.get(id) ?? []) : [],
      // What this viewer may do with the post: the page's `{{#own}}` parts, shared only by viewers who may do the same.
      controls: {
        canViewRevisions: showBody && editedAt !== null && can(Action.ViewRevisions, subject),
        canEdit: showBody && can(Action.EditPost, subject),
        canDelete: showBody && can(Action.DeletePost, subject),
        canReply: showBody && canReply,
        canConfirm: showBody && !!report && !mine.has(id) && can(Action.ConfirmReport, subject),
        confirmed: mine.has(id),
        canFlag: showBody && can(Action.FlagPost, subject),
        canHide: state === 'visible' && can(Action.ModeratePost, subject),
        canRestore: (state === 'hidden' || state === 'deleted') && can(Action.ModeratePost, subject),
        defaultPlatform: typeof report?.key === 'string' && report.key ? report.key : OTHER_PLATFORM,
      },
    });
  }
  return items;
}

/** A field report as the thread shows it (the profile's list too): platform, outcome badge, hosts, software. */
export function reportView(report: Omit<PageReportRow, 'post_id'>, confirmations: { label: string; count: number }[]) {
  const outcome = String(report.outcome);
  return {
    platform: typeof report.label === 'string' ? report.label : null,
    platformOther: report.platform_other,
    outcome,
    outcomeKey: `outcome.${outcome}`,
    hosts: Number(report.hosts),
    software: String(report.software),
    confirmationCount: Number(report.confirmation_count),
    confirmations,
  };
}

/** What every viewer of a thread page reads alike at one validator (ThreadPageService.rowsAt). */
interface RowsAtValidator {
  head: ThreadHead;
  platforms: PlatformRow[];
  rows: PagePostRow[];
  reports: PageReportRow[];
}

/** How many pages' rows are kept: a few hundred bytes of rows per post, the busiest pages of the busiest threads. */
const ROWS_KEPT = 1000;

/** The first and last post number of page n: each page is a fixed range of dense numbers. */
const numbersOf = (page: number) => ({ first: (page - 1) * POSTS_PER_PAGE + 1, last: page * POSTS_PER_PAGE });

const reportIdsOf = (rows: PagePostRow[]) => rows.filter((p) => rowBool(p.is_report)).map((p) => Number(p.id));

/** Builds what the thread page shows: the platform table, one page of posts by number range, the form. */
@Injectable()
export class ThreadPageService {
  /** Pages' rows by validator, least recently used first (rowsAt). */
  private readonly rowsKept = new Map<string, RowsAtValidator>();

  constructor(
    private readonly reader: ReadSql,
    private readonly policy: PolicyService,
    private readonly repository: ThreadPageRepository,
    private readonly fieldReports: FieldReportsRepository,
    private readonly knownIssues: KnownIssuesService,
    private readonly notifications: NotificationsService,
    private readonly posts: PostsService,
    private readonly verdicts: VerdictsService,
    private readonly shared: SharedRenders,
  ) {}

  /**
   * The thread page: the summary, the platform table, one page of posts by number, the post form. The summary and the
   * page of posts are shared parts (SharedRenders): rendered once per validator for everyone who may see and do the same.
   */
  async show(rawId: string, rawPage: string | undefined, viewer: Viewer, locale: Locale) {
    // Read before any of the page's data, as the guest pages' store does: a part is never kept under a later validator.
    const id = normalizeAdvisoryId(rawId);
    const validator = id ? await this.shared.validator(id) : null;
    const page = rawPage === undefined ? 1 : /^\d{1,7}$/.test(rawPage) ? Number(rawPage) : 0;
    if (id === null || validator === null) {
      const { head, platforms } = await this.head(rawId, viewer);
      if (page < 1 || page > pageOf(head.postCount)) throw new NotFoundException();
      return this.model(head, platforms, viewer, page, {});
    }
    const read = await this.rowsAt(validator, id, page);
    if (!read || !this.policy.can(viewer, Action.ViewThread, read.head)) throw new NotFoundException();
    const { head, platforms } = read;
    // What this viewer may see and do on the page, as the policy says post by post: the parts are shared by that.
    const posts = await this.items(head, platforms, viewer, read.rows, read.reports, new Map(), NO_BACKLINKS.posts);
    const seen = `${page}|${posts.map(viewOfPost).join(' ')}`;
    const own = await this.viewerModel(head, platforms, viewer, page, {});
    const shared = await this.shared.parts(validator, locale, head.advisory.id, {
      summary: 'summary',
      posts: seen,
      // The controls of the posts seen so (reply, edit, confirm, flag, moderate), with the stand-in token: whoever has the same shares them.
      'posts.own': `${seen}|${Number(own.canPromote)}|${posts.map((p) => Object.values(p.controls).join()).join(' ')}`,
      // The post form's fields, empty as this page offers them (a preview or a refused post renders its own, unshared).
      ...(own.canPost ? { compose: 'empty' } : {}),
    });
    if (shared.stored.summary === undefined || shared.stored.posts === undefined)
      return { ...own, ...(await this.sharedModel(head, platforms, viewer, page)), shared };
    return { ...own, posts, shared };
  }

  /** The thread's last page with the post form as typed and shown rendered; nothing is saved. */
  async preview(rawId: string, viewer: Viewer, form: PostInput, values: PostInput) {
    const { head, platforms } = await this.postable(rawId, viewer);
    const { html } = this.posts.check(platforms, form);
    return this.model(head, platforms, viewer, pageOf(head.postCount), { values, preview: html });
  }

  /** The thread's last page with the post form as typed and why it was refused. */
  async postRefused(rawId: string, viewer: Viewer, values: PostInput, errors: FieldErrors) {
    const { head, platforms } = await this.postable(rawId, viewer);
    return { view: 'threads/show', model: await this.model(head, platforms, viewer, pageOf(head.postCount), { values, errors }) };
  }

  /** The thread the viewer may post in, with its head and platforms for the page (404 when they may not see it, 403 when they may not post). */
  async postable(rawId: string, viewer: Viewer) {
    const thread = await this.head(rawId, viewer);
    this.policy.ensure(viewer, Action.CreatePost, thread.head);
    return thread;
  }

  /** The same decision for a post being sent, on the policy's view of the thread alone: what the write needs. */
  async postingTo(rawId: string, viewer: Viewer): Promise<ThreadOfRow> {
    const thread = await this.visible(rawId, viewer, (id) => this.repository.subject(id));
    this.policy.ensure(viewer, Action.CreatePost, thread);
    return thread;
  }

  /** The thread the viewer may watch (404 when they may not see it, 403 when they may not watch). */
  async watchable(rawId: string, viewer: Viewer): Promise<ThreadHead> {
    const { head } = await this.head(rawId, viewer);
    this.policy.ensure(viewer, Action.Watch, head);
    return head;
  }

  /** The thread of an advisory id (any case) with its platforms, or 404 when the viewer may not see it. */
  async head(rawId: string, viewer: Viewer): Promise<{ head: ThreadHead; platforms: PlatformRow[] }> {
    const head = await this.visible(rawId, viewer, (id) => this.repository.head(id));
    const platforms = await this.repository.platforms(null, head.advisory.id);
    return { head, platforms };
  }

  /** The thread of an advisory id (any case) as `read` reads it, or 404 when there is none or the viewer may not see it. */
  private async visible<T extends ThreadSubject>(rawId: string, viewer: Viewer, read: (id: string) => Promise<T | null>): Promise<T> {
    const id = normalizeAdvisoryId(rawId);
    const thread = id ? await read(id) : null;
    if (!thread || !this.policy.can(viewer, Action.ViewThread, thread)) throw new NotFoundException();
    return thread;
  }

  /** The per-platform outcome table for a thread (also shown on the bulletin page). */
  async stats(threadId: number, platforms: PlatformRow[]) {
    return statsView(await this.repository.stats(threadId), platforms);
  }

  /** What the bulletin page shows of its thread (null before publication): counters, table and verdicts from one read, as this page decides them. */
  async bulletinParts(advisoryId: string, platforms: PlatformRow[], openIssues: readonly OpenIssue[]) {
    const head = await this.repository.head(advisoryId);
    const rows = head ? await this.repository.stats(head.id) : [];
    return {
      head,
      stats: head ? statsView(rows, platforms) : null,
      verdicts: verdictsView(this.verdicts.decideFrom(platforms, rows, openIssues)),
    };
  }

  /** A thread's field reports per period by outcome since publication (the trend picture and its table). */
  async trend(threadId: number, publishedAt: Date | null): Promise<Trend> {
    return trendOf(await this.fieldReports.reportDays(threadId), publishedAt, boardDay(new Date()));
  }

  /** One page of posts; with the summary's known-issue ids, their backlinks come in the same query as the posts'. */
  async page(
    head: ThreadHead,
    platforms: PlatformRow[],
    viewer: Viewer,
    page: number,
    issueIds: number[] = [],
  ): Promise<{ posts: ReturnType<typeof postItems>; first: number; last: number; backlinks: BacklinkMaps }> {
    const { first, last } = numbersOf(page);
    const rows = await this.repository.posts(head.id, first, last);
    const reportIds = reportIdsOf(rows);
    const reports = await this.repository.reports(reportIds);
    const confirmations = await this.fieldReports.confirmationsByPlatform(null, reportIds);
    const backlinks = await loadBacklinks(
      this.reader,
      rows.map((p) => Number(p.id)),
      issueIds,
    );
    return { posts: await this.items(head, platforms, viewer, rows, reports, confirmations, backlinks.posts), first, last, backlinks };
  }

  /** A page's posts as this viewer may see and do them (the policy, post by post) and the reports they have confirmed. */
  private async items(
    head: ThreadHead,
    platforms: PlatformRow[],
    viewer: Viewer,
    rows: PagePostRow[],
    reports: PageReportRow[],
    confirmations: Map<number, Map<string | null, number>>,
    citedBy: Map<number, Backlink[]>,
  ) {
    const mine = viewer.isGuest ? new Set<number>() : await this.repository.confirmedBy(viewer.id!, reportIdsOf(rows));
    return postItems(
      head,
      rows,
      reports,
      confirmations,
      platforms,
      (action, subject) => this.policy.can(viewer, action, subject),
      mine,
      citedBy,
    );
  }

  /**
   * A page's rows as every viewer reads them at a validator (the thread's head, its platforms, its posts without their
   * text, their reports), or null without that thread or page: read once, kept until the validator moves, and each
   * viewer's permissions decided on them (items). Exact as the shared parts are: a write moves the validator first.
   */
  private async rowsAt(validator: string, advisoryId: string, page: number): Promise<RowsAtValidator | null> {
    const key = `${validator}|${advisoryId}|${page}`;
    const kept = this.rowsKept.get(key);
    if (kept) {
      this.rowsKept.delete(key);
      this.rowsKept.set(key, kept);
      return kept;
    }
    const head = await this.repository.head(advisoryId);
    if (!head || page < 1 || page > pageOf(head.postCount)) return null;
    const platforms = await this.repository.platforms(null, advisoryId);
    const { first, last } = numbersOf(page);
    const rows = await this.repository.posts(head.id, first, last, false);
    const read = { head, platforms, rows, reports: await this.repository.reports(reportIdsOf(rows)) };
    this.rowsKept.set(key, read);
    for (const old of this.rowsKept.keys()) {
      if (this.rowsKept.size <= ROWS_KEPT) break;
      this.rowsKept.delete(old);
    }
    return read;
  }

  private async model(thread: ThreadHead, platforms: PlatformRow[], viewer: Viewer, page: number, form: PostFormState) {
    return {
      ...(await this.viewerModel(thread, platforms, viewer, page, form)),
      ...(await this.sharedModel(thread, platforms, viewer, page)),
    };
  }

  /** What the shared parts show (the summary, the table, the verdicts, the trend, one page of posts), read afresh. */
  private async sharedModel(thread: ThreadHead, platforms: PlatformRow[], viewer: Viewer, page: number) {
    const a = thread.advisory;
    const issues = await this.knownIssues.summaryIssues(a.id);
    const { posts, backlinks } = await this.page(
      thread,
      platforms,
      viewer,
      page,
      issues.issues.map((i) => i.id),
    );
    // One read of the counters for the table and the verdicts; the open issues are the summary's.
    const statRows = await this.repository.stats(thread.id);
    const open = issues.issues.filter((i) => i.isOpen);
    return {
      stats: statsView(statRows, platforms),
      verdicts: verdictsView(this.verdicts.decideFrom(platforms, statRows, open)),
      // Drafts (an editor's view) have no public picture to show.
      trend: a.isPublished ? trendView(a.id, await this.trend(thread.id, a.publishedAt)) : null,
      knownIssues: summaryView(a, platforms, issues.issues, issues.behind, backlinks.issues),
      posts,
    };
  }

  /** The page without its summary and its posts: what the shared parts (show()) leave to be read for each viewer. */
  private async viewerModel(thread: ThreadHead, platforms: PlatformRow[], viewer: Viewer, page: number, form: PostFormState) {
    const a = thread.advisory;
    const values = { ...form.values, idempotencyKey: keyForForm(form.values?.idempotencyKey, form.errors) };
    const errors = form.errors ?? {};
    const canPost = this.policy.can(viewer, Action.CreatePost, thread);
    const approval = canPost ? await this.posts.approval(viewer) : null;
    return {
      title: `${a.id} — HFR BBS会議室`,
      advisory: { id: a.id, kb: a.kb, title: a.title, url: advisoryPath(a.id), threadUrl: threadPath(a.id) },
      thread: {
        postCount: thread.postCount,
        reportCount: thread.reportCount,
        problemCount: thread.problemCount,
        locked: thread.locked,
        lastPostedAt: thread.lastPostedAt,
      },
      feeds: feedLinks.advisory(a.id, a.isPublished),
      canPromote: this.policy.can(viewer, Action.ManageKnownIssues),
      canLock: this.policy.can(viewer, Action.LockThread, thread),
      pager: pager(a.id, page, pageOf(thread.postCount)),
      canPost,
      // A new member is told before posting that the post will wait, and why.
      ...heldNotice(approval),
      signInUrl: viewer.isGuest ? loginPath(threadPath(a.id)) : null,
      canWatch: this.policy.can(viewer, Action.Watch, thread),
      ...(viewer.isGuest
        ? { watching: false, watchingByEmail: false }
        : await this.notifications.watchState(viewer.id!, a.id).then((w) => ({ watching: w.watching, watchingByEmail: w.email }))),
      canWatchByEmail: this.policy.can(viewer, Action.WatchByEmail, thread),
      form: {
        values,
        ...reportOptions(platforms, values),
        previewHtml: form.preview ?? null,
        errors,
      },
      hasErrors: form.errors !== undefined,
      errors,
    };
  }
}

/**
 * What a viewer may see of a post, as postItems() decided it with the policy: the posts part of a thread page is shared
 * by the viewers for whom this is the same on every post of the page (the post's data is the validator's, the viewer's
 * controls are `{{own}}` parts). Every field but the controls, as present or not, in the order postItems() sets them.
 */
export function viewOfPost(item: ReturnType<typeof postItems>[number]): string {
  let view = `${item.number}:`;
  for (const name in item) {
    const value = item[name as keyof typeof item];
    if (name !== 'controls') view += value === null || value === false ? '0' : '1';
  }
  return view;
}

/** A report form's choices (the advisory's platforms and "other", the outcomes), the typed or stored ones selected. */
export function reportOptions(platforms: { key: string; label: string }[], values: { platform?: string; outcome?: string }) {
  return {
    platformOptions: [
      ...platforms.map((p) => ({ value: p.key, label: p.label, selected: values.platform === p.key })),
      { value: OTHER_PLATFORM, label: null, selected: values.platform === OTHER_PLATFORM },
    ],
    outcomeOptions: OUTCOMES.map((o) => ({ value: o, key: `outcome.${o}`, selected: values.outcome === o })),
  };
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
  const url = (n: number) => threadPath(advisoryId, n);
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((x, y) => x - y);
  return {
    prev: page > 1 ? url(page - 1) : null,
    next: page < pageCount ? url(page + 1) : null,
    pages: around.map((n, i) => ({ n, url: url(n), current: n === page, gapBefore: i > 0 && n - around[i - 1] > 1 })),
  };
}
