import { EntityManager } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { CitationsService } from '../citations/citations.service';
import { feedLinks } from '../feeds/feed-links';
import { KnownIssuesService } from '../known-issues/known-issues.service';
import { ThreadPageService } from '../threads/thread-page.service';
import { GUEST, Viewer } from '../policy/viewer';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { KnownIssueEvent } from '../known-issues/known-issue-event.entity';
import { normalizeAdvisoryId } from './advisory-format';
import { Thread } from '../threads/thread.entity';
import { ThreadsRepository } from '../threads/threads.repository';
import { AdvisoriesRepository } from './advisories.repository';
import { KnownIssuesRepository } from '../known-issues/known-issues.repository';
import { Advisory } from './advisory.entity';
import { advisoryPage, advisoryRow, paragraphs } from './advisory.view-model';
import { AdvisoriesService, ListingCursor } from './advisories.service';
import { editorLinks } from './advisory-editor.view-model';
import { advisoryPath, boardPath, ENVIRONMENT_PATH, statusPath } from '../paths';
import { VerdictsService } from '../guidance/verdicts.service';
import { trendView } from '../guidance/trend-view';
import { STATUS_MOST, statusSince } from '../guidance/status-page.service';

/** Advisories per page of the board index. */
export const PAGE_SIZE = 50;

/** The board's index of published advisories, and what the bulletin page shows of one: the public page and the editors' preview render the same. */
@Injectable()
export class BulletinPageService {
  constructor(
    private readonly em: EntityManager,
    private readonly threadPages: ThreadPageService,
    private readonly knownIssues: KnownIssuesService,
    private readonly citations: CitationsService,
    private readonly advisories: AdvisoriesRepository,
    private readonly threads: ThreadsRepository,
    private readonly policy: PolicyService,
    private readonly knownIssueRows: KnownIssuesRepository,
    private readonly listing: AdvisoriesService,
    private readonly verdicts: VerdictsService,
  ) {}

  /** The board's front page: published advisories, newest first, a page at a time. */
  async index(after: string | undefined, viewer: Viewer) {
    const cursor = parseCursor(after);
    const { items, next, threads } = await this.listing.listPublished(cursor, PAGE_SIZE);
    return {
      holds: await this.holdsFor(viewer),
      holdLinks: { status: statusPath(), environment: ENVIRONMENT_PATH },
      titleKey: 'index.title',
      advisories: items.map((a) => ({ ...advisoryRow(a), activity: activity(threads.get(a.id)) })),
      nextUrl: next ? boardPath(`${next.updatedOn}~${next.id}`) : null,
      isFirstPage: !cursor,
      feeds: feedLinks.board(),
    };
  }

  /**
   * For a member: every bulletin of the status window (not only the listed page) whose verdict is "hold" on a
   * platform they run, with those platforms; a guest's page has none. One read finds the window's bulletins on
   * their platforms, the verdicts are decided as /status decides them.
   */
  private async holdsFor(viewer: Viewer) {
    if (viewer.isGuest) return [];
    const mine = new Set(await this.knownIssues.environmentPlatforms(viewer.id!));
    if (!mine.size) return [];
    const recent = await this.advisories.publishedSinceOn(this.em.fork(), statusSince(), [...mine], STATUS_MOST);
    const verdicts = await this.verdicts.verdictsFor(recent.map((a) => a.id));
    return recent.flatMap((a) => {
      const held = (verdicts.get(a.id) ?? []).filter((v) => v.verdict === 'hold' && mine.has(v.platform));
      return held.length ? [{ id: a.id, title: a.title, url: advisoryPath(a.id), platforms: held.map((v) => v.label) }] : [];
    });
  }

  /** The bulletin page, with the editors' toolbar for those who may edit it. */
  async show(rawId: string, viewer: Viewer) {
    const advisory = await this.visible(rawId, viewer);
    return { ...(await this.build(advisory, viewer)), editorLinks: editorLinks(advisory, viewer, this.policy) };
  }

  /** An advisory the viewer may see; drafts look like missing pages to everyone else. */
  async visible(rawId: string, viewer: Viewer): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.listing.findById(id) : null;
    if (!advisory || !this.policy.can(viewer, Action.ViewAdvisory, advisory)) throw new NotFoundException();
    return advisory;
  }

  /** What the bulletin site embeds: a published advisory with its platforms, or 404 (drafts are never exposed). */
  async forGuests(rawId: string): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.advisories.withPlatforms(this.em.fork(), id) : null;
    if (!advisory || !this.policy.can(GUEST, Action.ViewAdvisory, advisory)) throw new NotFoundException();
    return advisory;
  }

  /** The advisory's thread, or null before its first publication. */
  thread(advisory: Advisory): Promise<Thread | null> {
    return this.threads.ofAdvisory(this.em.fork(), advisory);
  }

  /** The advisory's known-issue events since a time, oldest first: what an update bulletin lists. */
  knownIssueEventsSince(advisory: Advisory, from: Date): Promise<KnownIssueEvent[]> {
    return this.knownIssueRows.eventsSince(this.em.fork(), advisory, from);
  }

  /** The page for this reader: cited posts and known issues are links only where the reader may follow them. */
  async build(advisory: Advisory, viewer: Viewer) {
    const linked = await this.advisories.publishedIds(this.em.fork(), advisory.relatedAdvisories);
    const platforms = advisory.platforms.getItems();
    const issues = await this.knownIssues.summaryIssues(advisory.id);
    // The thread's counters, table and verdicts as the thread page reads them (the verdicts from the summary's open issues).
    const { head, stats, verdicts } = await this.threadPages.bulletinParts(
      advisory.id,
      platforms,
      issues.issues.filter((i) => i.isOpen),
    );
    return {
      title: `${advisory.id} ${advisory.title}`,
      advisory: advisoryPage(advisory, linked, await this.citations.noteBodies(advisory, viewer, paragraphs)),
      activity: activity(head ?? undefined),
      stats,
      verdicts,
      // Drafts (an editor's preview) have no public picture to show.
      trend: head && advisory.isPublished ? trendView(advisory.id, await this.threadPages.trend(head.id, advisory.publishedAt)) : null,
      knownIssues: await this.knownIssues.summary(advisory, platforms, { backlinks: true, read: issues }),
      feeds: feedLinks.advisory(advisory.id, advisory.isPublished),
    };
  }
}

/** The thread's counters, as written with each post: nothing is counted on read. */
export function activity(thread: Pick<Thread, 'reportCount' | 'problemCount' | 'postCount' | 'lastPostedAt'> | undefined) {
  return thread
    ? { reports: thread.reportCount, problems: thread.problemCount, posts: thread.postCount, lastPostedAt: thread.lastPostedAt }
    : null;
}

/** The index's keyset position from its address (`?after=`), or null: a cursor of no shape shows the first page. */
export function parseCursor(raw: string | undefined): ListingCursor | null {
  const m = typeof raw === 'string' ? /^(\d{4}-\d{2}-\d{2})~([A-Z0-9-]{1,20})$/.exec(raw) : null;
  return m ? { updatedOn: m[1], id: m[2] } : null;
}
