import { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { KnownIssueEvent } from '../known-issues/known-issue-event.entity';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { Post } from '../threads/post.entity';
import { Thread } from '../threads/thread.entity';

/** What the feeds read beyond an advisory and its thread: the newest visible posts, the known issues' news. */
@Injectable()
export class FeedsRepository {
  /** A thread's newest visible posts, with their authors and the posts they answer. Hidden, held and deleted ones never reach a feed. */
  newestVisiblePosts(em: EntityManager, thread: Thread, limit: number): Promise<Post[]> {
    return em.find(Post, { thread, state: 'visible' }, { orderBy: { number: 'desc' }, limit, populate: ['author', 'replyTo'] });
  }

  /** The newest creations and status changes of the known issues matching `issues` (text edits are no news). */
  issueNews(em: EntityManager, issues: FilterQuery<KnownIssue>, limit: number): Promise<KnownIssueEvent[]> {
    return em.find(
      KnownIssueEvent,
      { kind: { $in: ['created', 'status'] }, knownIssue: issues },
      {
        orderBy: { id: 'desc' },
        limit,
        populate: ['actor', 'knownIssue', 'knownIssue.advisory', 'knownIssue.advisory.platforms'],
      },
    );
  }
}
