import { EntityManager, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ForbiddenException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { earlierSending, submittedKey } from '../common/forms/idempotency';
import { renderMarkdown } from '../common/html/markdown';
import { RateLimiter, TooManyRequestsException } from '../common/rate-limit/rate-limiter';
import { SearchIndexService } from '../search/search-index.service';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Outcome } from '../field-reports/field-report.entity';
import { FieldReportsRepository, OTHER_PLATFORM } from '../field-reports/field-reports.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { Action } from '../policy/actions';
import { ThreadSubject } from '../policy/rules/subjects';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { User } from '../users/user.entity';
import { PostRevision } from './post-revision.entity';
import { Post } from './post.entity';
import { postSubjectRow, threadSubjectRow } from './subject-rows';
import { Thread } from './thread.entity';
import { UsersRepository } from '../users/users.repository';
import { PostsRepository } from './posts.repository';
import { ThreadPageRepository } from './thread-page.repository';
import { rowId } from '../common/http/row-id';

/** While one sending of a form writes, the others wait for it, at most this long. */
const SENDING_CLAIM = { limit: 1, windowSeconds: 30 };
const SENDING_WAIT_MS = 10_000;

export interface PostInput {
  body?: string;
  replyTo?: string;
  quote?: string;
  platform?: string;
  platformOther?: string;
  outcome?: string;
  hosts?: string;
  software?: string;
  idempotencyKey?: string;
}

/** What a new post's form is answered with: where it stands. */
export interface CreatedPost {
  id: number;
  number: number;
}

/** What publishing a post needs to know of it. */
export interface PublishedPost {
  id: number;
  threadId: number;
  authorId: number;
  isReport: boolean;
  replyToId: number | null;
}

export interface ReportFields<P = AdvisoryPlatform> {
  platform: P | null;
  platformOther: string | null;
  outcome: Outcome;
  hosts: number;
  software: string;
}

@Injectable()
export class PostsService {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
    private readonly limiter: RateLimiter,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly search: SearchIndexService,
    private readonly fieldReports: FieldReportsRepository,
    private readonly repository: PostsRepository,
    private readonly threadPages: ThreadPageRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * Renders a post's text and reads its field report; the input comes as PostForm checked it (the text,
   * the outcome, the hosts as digits). What needs the advisory is checked here: the platform must be one
   * of its own, or "other". Nothing is written: used by both preview and posting.
   */
  check<P extends { key: string }>(platforms: P[], input: PostInput): { source: string; html: string; report: ReportFields<P> | null } {
    const source = input.body ?? '';
    return { source, html: renderMarkdown(source), report: this.report(platforms, input) };
  }

  private report<P extends { key: string }>(platforms: P[], input: PostInput): ReportFields<P> | null {
    if (!input.outcome) return null;
    const other = input.platform === OTHER_PLATFORM;
    const platform = other ? null : (platforms.find((p) => p.key === input.platform) ?? null);
    if (!other && !platform) throw new FormInvalidException({ platform: 'report.platform.required' });
    return {
      platform,
      platformOther: other ? (input.platformOther ?? '') : null,
      outcome: input.outcome as Outcome,
      hosts: Number(input.hosts),
      software: input.software ?? '',
    };
  }

  /** A post or field report from the form; a form sent more than once makes one post (idempotencyKey). */
  async create(viewer: Viewer, threadId: number, input: PostInput): Promise<CreatedPost> {
    const key = submittedKey(input.idempotencyKey);
    if (!key) return this.limitedWrite(viewer, threadId, input, null);
    // One sending of a form writes at a time; the others (a double click, a retry) wait for its post and get it.
    const deadline = Date.now() + SENDING_WAIT_MS;
    for (;;) {
      const earlier = await this.earlierPost(viewer, key, threadId, input);
      if (earlier) return earlier;
      if ((await this.limiter.consume('post-key', key, SENDING_CLAIM)).allowed) break;
      if (Date.now() > deadline) throw new ServiceUnavailableException('the first sending of this form is still running');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
      // Checked again under the claim: the sending before may have committed just now.
      return (await this.earlierPost(viewer, key, threadId, input)) ?? (await this.limitedWrite(viewer, threadId, input, key));
    } catch (err) {
      // Instances without a shared Redis can still race: the unique key lets one commit, the other answers with its post.
      const raced = err instanceof UniqueConstraintViolationException ? await this.earlierPost(viewer, key, threadId, input) : null;
      if (!raced) throw err;
      return raced;
    } finally {
      await this.limiter.reset('post-key', key);
    }
  }

  /** The posting limit, then the write: each post made costs one hit, whatever number of sendings it took. */
  private async limitedWrite(viewer: Viewer, threadId: number, input: PostInput, key: string | null): Promise<CreatedPost> {
    if (!this.policy.can(viewer, Action.BypassPostLimit)) {
      const state = await this.limiter.consume('post-user', String(viewer.id), this.config.rateLimits.postsPerUser);
      if (!state.allowed) throw new TooManyRequestsException(state.retryAfterSeconds);
    }
    return this.write(viewer, threadId, input, key);
  }

  private async earlierPost(viewer: Viewer, key: string, threadId: number, input: PostInput): Promise<Post | null> {
    const post = await this.repository.byIdempotencyKey(this.em.fork(), key);
    return earlierSending(post, post?.author.id === viewer.id, post?.thread.id === threadId && post.bodySource === (input.body ?? ''));
  }

  /**
   * Writes a post (and its field report) with everything it changes, in one transaction: the next
   * dense post number, the platform table, the thread's and author's counters, the author's watch,
   * and the notifications it causes. Plain statements throughout: this is the board's busiest write.
   */
  private async write(viewer: Viewer, threadId: number, input: PostInput, key: string | null): Promise<CreatedPost> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.repository.threadToPostIn(em, threadId);
      if (!row) throw new NotFoundException();
      const thread = threadSubjectRow(row, threadId);
      this.policy.ensure(viewer, Action.CreatePost, thread);
      const platforms = await this.threadPages.platforms(em, thread.advisory.id);
      const { source, html, report } = this.check(platforms, input);
      const replyToId = await this.replyTarget(em, viewer, thread, input.replyTo);
      // A new member's first posts wait for a moderator; until then they count nowhere and notify no one.
      const held = !this.policy.can(viewer, Action.PostWithoutApproval, {
        approvedPosts: await this.users.approvedPosts(em, viewer.id!),
        threshold: this.config.moderation.holdFirstPosts,
      });
      const now = new Date();
      const post: PublishedPost & CreatedPost = {
        id: 0,
        number: await this.repository.nextNumber(em, threadId, held, now),
        threadId,
        authorId: viewer.id!,
        isReport: report !== null,
        replyToId,
      };
      post.id = await this.repository.insert(em, {
        threadId,
        number: post.number,
        authorId: post.authorId,
        source,
        html,
        isReport: post.isReport,
        held,
        replyToId,
        idempotencyKey: key,
        createdAt: now,
      });
      if (report) await this.fieldReports.add(em, post.id, { ...report, platformId: report.platform?.id ?? null });
      await this.notifications.watch(em, viewer.id!, thread.advisory.id);
      if (!held) await this.publish(em, post, thread.advisory.id, input.quote === 'on');
      return { id: post.id, number: post.number };
    });
  }

  /**
   * What a post does once it is public (at once, or when a moderator approves it): the statistics,
   * the author's counts, and the notifications to watchers and to the author of the post it answers.
   */
  async publish(em: EntityManager, post: PublishedPost, advisoryId: string, quoted: boolean): Promise<void> {
    if (post.isReport) {
      const report = (await this.fieldReports.outcomeOf(em, post.id))!;
      await this.fieldReports.countReport(em, post.threadId, report.platformKey, report.outcome, 1);
      await this.notifications.notifyWatchers(em, post.id, advisoryId, post.authorId);
    }
    await this.users.countPublished(em, post.authorId);
    await this.search.syncPost(em, post.id);
    const replyToAuthor = post.replyToId ? await this.repository.authorOf(em, post.replyToId) : null;
    if (replyToAuthor !== null) await this.notifications.notify(em, replyToAuthor, quoted ? 'quote' : 'reply', post.id, post.authorId);
  }

  /** The post being answered: in the same thread, not deleted, and visible to the one answering. */
  private async replyTarget(
    em: EntityManager,
    viewer: Viewer,
    thread: ThreadSubject & { id: number },
    raw: string | undefined,
  ): Promise<number | null> {
    if (!raw) return null;
    const id = rowId(raw);
    const target = id ? await this.repository.replyTarget(em, id, thread.id) : undefined;
    const subject = target && postSubjectRow(target, thread);
    if (!subject || subject.state === 'deleted' || !this.policy.can(viewer, Action.ViewPost, subject))
      throw new FormInvalidException({ body: 'post.replyTo.invalid' });
    return Number(target.id);
  }

  /** A post with its thread, advisory and author (for its pages), or null. */
  find(postId: number): Promise<Post | null> {
    return this.repository.withThread(this.em.fork(), postId, true);
  }

  /** A post's earlier texts, newest first. */
  revisions(postId: number): Promise<PostRevision[]> {
    return this.repository.revisions(this.em.fork(), postId);
  }

  /** Replaces a post's text (as EditPostForm checked it), keeping the old text as a revision. */
  async edit(viewer: Viewer, postId: number, source: string): Promise<Post> {
    return this.em.fork().transactional(async (em) => {
      const post = await this.repository.withThread(em, postId);
      if (!post) throw new NotFoundException();
      this.policy.ensure(viewer, Action.EditPost, postSubject(post, post.thread.getEntity()));
      // Numbered under the row lock, from the text as it is now: a double-clicked save is one revision, never a duplicate.
      const next = await this.repository.nextRevision(em, post.id, source);
      if (!next) return post;
      this.repository.addRevision(em, new PostRevision(ref(post), next.revision, next.previous, ref(User, viewer.id!)));
      post.revisionCount = next.revision;
      post.bodySource = source;
      post.bodyHtml = renderMarkdown(source);
      post.editedAt = new Date();
      await this.search.syncPost(em, post.id);
      return post;
    });
  }

  /** Soft delete by the author: the number stays, a placeholder shows, and a report leaves the counts. */
  async deleteOwn(viewer: Viewer, postId: number): Promise<Post> {
    return this.em.fork().transactional(async (em) => {
      const post = await this.repository.withThread(em, postId);
      if (!post) throw new NotFoundException();
      this.policy.ensure(viewer, Action.DeletePost, postSubject(post, post.thread.getEntity()));
      const counted = post.state === 'visible';
      // Only from the state just checked: of parallel deletes one changes the row, so a report leaves the counts once.
      if (!(await this.repository.changeState(em, post.id, post.state, 'deleted', null))) throw new ForbiddenException();
      if (post.isReport && counted) await this.recountReport(em, post, -1);
      Object.assign(post, { state: 'deleted', stateReason: null });
      await this.search.syncPost(em, post.id);
      return post;
    });
  }

  /** Puts a report back in the platform table (restored) or takes it out (hidden or deleted), with the confirmations it carries. */
  async recountReport(em: EntityManager, post: Post, sign: 1 | -1): Promise<void> {
    const report = await this.fieldReports.outcomeOf(em, post.id);
    if (!report) throw new NotFoundException();
    const byPlatform = (await this.fieldReports.confirmationsByPlatform(em, [post.id])).get(post.id);
    await this.fieldReports.countReport(em, post.thread.id, report.platformKey, report.outcome, sign, byPlatform);
  }
}

/** What the policy needs to know of a post. */
export function postSubject(post: Post, thread: Thread) {
  return { authorId: post.author.id, state: post.state, createdAt: post.createdAt, thread };
}
