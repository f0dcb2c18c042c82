import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { CitationsService } from '../citations/citations.service';
import { feedLinks } from '../feeds/feed-links';
import { KnownIssuesService } from '../known-issues/known-issues.service';
import { ThreadPageService } from '../threads/thread-page.service';
import { Viewer } from '../policy/viewer';
import { Thread } from '../threads/thread.entity';
import { Advisory, AdvisoryStatus } from './advisory.entity';
import { advisoryPage, paragraphs } from './advisory.view-model';

/** What the bulletin page shows of an advisory: the public page and the editors' preview render the same. */
@Injectable()
export class BulletinPageService {
  constructor(
    private readonly em: EntityManager,
    private readonly threadPages: ThreadPageService,
    private readonly knownIssues: KnownIssuesService,
    private readonly citations: CitationsService,
  ) {}

  /** The page for this reader: cited posts and known issues are links only where the reader may follow them. */
  async build(advisory: Advisory, viewer: Viewer) {
    const em = this.em.fork();
    const linked = await this.publishedIds(em, advisory.relatedAdvisories);
    const thread = await em.findOne(Thread, { advisory });
    return {
      title: `${advisory.id} ${advisory.title}`,
      advisory: advisoryPage(advisory, linked, await this.citations.noteBodies(advisory, viewer, paragraphs)),
      activity: activity(thread ?? undefined),
      stats: thread ? await this.threadPages.stats(thread.id, advisory.platforms.getItems()) : null,
      knownIssues: await this.knownIssues.summary(advisory, advisory.platforms.getItems(), { backlinks: true }),
      feeds: feedLinks.advisory(advisory.id, advisory.isPublished),
    };
  }

  private async publishedIds(em: EntityManager, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await em.find(Advisory, { id: { $in: ids }, status: AdvisoryStatus.Published }, { fields: ['id'] });
    return new Set(rows.map((r) => r.id));
  }
}

/** The thread's counters, as written with each post: nothing is counted on read. */
export function activity(thread: Thread | undefined) {
  return thread
    ? { reports: thread.reportCount, problems: thread.problemCount, posts: thread.postCount, lastPostedAt: thread.lastPostedAt }
    : null;
}
