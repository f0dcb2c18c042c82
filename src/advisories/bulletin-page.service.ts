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
import { advisoryPage, paragraphs } from './advisory.view-model';

/** What the bulletin page shows of an advisory: the public page and the editors' preview render the same. */
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
  ) {}

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
    const em = this.em.fork();
    const linked = await this.advisories.publishedIds(em, advisory.relatedAdvisories);
    const thread = await this.threads.ofAdvisory(em, advisory);
    return {
      title: `${advisory.id} ${advisory.title}`,
      advisory: advisoryPage(advisory, linked, await this.citations.noteBodies(advisory, viewer, paragraphs)),
      activity: activity(thread ?? undefined),
      stats: thread ? await this.threadPages.stats(thread.id, advisory.platforms.getItems()) : null,
      knownIssues: await this.knownIssues.summary(advisory, advisory.platforms.getItems(), { backlinks: true }),
      feeds: feedLinks.advisory(advisory.id, advisory.isPublished),
    };
  }
}

/** The thread's counters, as written with each post: nothing is counted on read. */
export function activity(thread: Thread | undefined) {
  return thread
    ? { reports: thread.reportCount, problems: thread.problemCount, posts: thread.postCount, lastPostedAt: thread.lastPostedAt }
    : null;
}
