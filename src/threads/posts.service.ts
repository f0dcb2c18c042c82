import { EntityManager, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ForbiddenException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { earlierSending, submittedKey } from '../common/forms/idempotency';
import { renderMarkdown } from '../common/html/markdown';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { FieldReport, Outcome } from '../field-reports/field-report.entity';
import { FieldReportsRepository, OTHER_PLATFORM, ReportValues } from '../field-reports/field-reports.repository';
import { Action } from '../policy/actions';
import { ThreadSubject } from '../policy/rules/subjects';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { User } from '../users/user.entity';
import { PostEvents, PostPublished } from './post-events';
import { PostRevision } from './post-revision.entity';
import { Post } from './post.entity';
import { postSubjectRow, threadSubjectRow } from './subject-rows';
import { Thread } from './thread.entity';
import { postingRecordOf, UsersRepository } from '../users/users.repository';
import { PostsRepository } from './posts.repository';
import { ThreadPageRepository } from './thread-page.repository';
import { rowId } from '../common/http/row-id';
import { WriteTransactions } from '../database/write-transactions';

/** While one sending of a form writes, the others wait for it, at most this long. */
const SENDING_CLAIM = { limit: 1, windowSeconds: 30 };
const SENDING_WAIT_MS = 10_000;

/** What an edit may change: the text, and a field report's fields. */
export type PostEdit = Pick<PostInput, 'platform' | 'platformOther' | 'outcome' | 'hosts' | 'software'> & { body: string };

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

export interface ReportFields<P = AdvisoryPlatform> {
  platform: P | null;
  platformOther: string | null;
  outcome: Outcome;
  hosts: number;
  software: string;
}

export interface Approval {
  held: boolean;
  firstPosts: number;
  emailConfirmed: boolean;
}

/** The held-post notice of a post form: why the member's next post will wait (an unconfirmed address before a new member's count). */
export function heldNotice(approval: Approval | null): { heldFirstPosts: number | null; heldUntilConfirmed: boolean } {
  const held = approval?.held ?? false;
  return {
    heldFirstPosts: held && approval!.emailConfirmed ? approval!.firstPosts : null,
    heldUntilConfirmed: held && !approval!.emailConfirmed,
  };
}

@Injectable()
export class PostsService {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: PostEvents,
    private readonly fieldReports: FieldReportsRepository,
    private readonly repository: PostsRepository,
    private readonly threadPages: ThreadPageRepository,
    private readonly users: UsersRepository,
    private readonly transactions: WriteTransactions,
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
    if (!this.policy.can(viewer, Action.BypassPostLimit))
      await this.limiter.enforce('post-user', String(viewer.id), this.config.rateLimits.postsPerUser);
    return this.write(viewer, threadId, input, key);
  }

  private async earlierPost(viewer: Viewer, key: string, threadId: number, input: PostInput): Promise<CreatedPost | null> {
    const post = await this.repository.byIdempotencyKey(key);
    const earlier = earlierSending(post, post?.authorId === viewer.id, post?.threadId === threadId && post.source === (input.body ?? ''));
    return earlier && { id: earlier.id, number: earlier.number };
  }

  /**
   * Writes a post (and its field report) in one transaction with the next dense post number and the
   * thread's counters; what follows from it (the author's watch and search entry, and once public the counters,
   * notifications and digest) subscribes to its events in the same transaction.
   * The thread's row is locked last: what takes no shared row (the post, its report, the 'written' subscribers)
   * comes first, then the number and the counters, so posters in one thread queue only for the end of each other's
   * transaction. Plain statements throughout: this is the board's busiest write.
   */
  private async write(viewer: Viewer, threadId: number, input: PostInput, key: string | null): Promise<CreatedPost> {
    return this.transactions.run(async (em) => {
      const row = await this.repository.threadToPostIn(em, threadId);
      if (!row) throw new NotFoundException();
      const thread = threadSubjectRow(row, threadId);
      this.policy.ensure(viewer, Action.CreatePost, thread);
      // Only a field report names a platform: a plain post reads none.
      const platforms = input.outcome ? await this.threadPages.platforms(em, thread.advisory.id) : [];
      const { source, html, report } = this.check(platforms, input);
      const replyTo = await this.replyTarget(em, viewer, thread, input.replyTo);
      // A new member's first posts wait for a moderator; until then they count nowhere and notify no one.
      const { held } = await this.approval(viewer, em);
      const now = new Date();
      // The one payload of both events: written (held or not), then published.
      const post: PostPublished = {
        postId: 0,
        threadId,
        advisoryId: thread.advisory.id,
        authorId: viewer.id!,
        isReport: report !== null,
        replyToAuthorId: replyTo?.authorId ?? null,
        quoted: input.quote === 'on',
        approved: false,
      };
      post.postId = await this.repository.insert(em, {
        threadId,
        authorId: post.authorId,
        source,
        html,
        isReport: post.isReport,
        held,
        replyToId: replyTo?.id ?? null,
        idempotencyKey: key,
        createdAt: now,
      });
      if (report) await this.fieldReports.add(em, post.postId, { ...report, platformId: report.platform?.id ?? null });
      await this.events.emit(em, 'written', post);
      const number = await this.repository.number(em, threadId, post.postId, held, now);
      if (!held) await this.publish(em, post);
      return { id: post.postId, number };
    });
  }

  /**
   * Whether the member's next post waits for a moderator, how many first posts of a new member do, and whether the address
   * is confirmed: in the posting transaction `em`, or (a page telling the member) as the request's viewer was read.
   */
  async approval(viewer: Viewer, em?: EntityManager): Promise<Approval> {
    const firstPosts = this.config.moderation.holdFirstPosts;
    if (viewer.isGuest) return { held: false, firstPosts, emailConfirmed: true };
    // A page takes the record read with the session's user for this request: the same row, one read fewer.
    const record = (!em && postingRecordOf(viewer)) || (await this.users.postingRecord(em ?? null, viewer.id!));
    const held = !this.policy.can(viewer, Action.PostWithoutApproval, { ...record, threshold: firstPosts });
    return { held, firstPosts, emailConfirmed: record.emailConfirmed };
  }

  /** A post goes public (at once, or when a moderator approves it): the author's counts, then its subscribers. */
  async publish(em: EntityManager, post: PostPublished): Promise<void> {
    await this.users.countPublished(em, post.authorId);
    await this.events.emit(em, 'published', post);
  }

  /** The post being answered (in the same thread, not deleted, and visible to the one answering) and its author. */
  private async replyTarget(
    em: EntityManager,
    viewer: Viewer,
    thread: ThreadSubject & { id: number },
    raw: string | undefined,
  ): Promise<{ id: number; authorId: number } | null> {
    if (!raw) return null;
    const id = rowId(raw);
    const target = id ? await this.repository.replyTarget(em, id, thread.id) : undefined;
    const subject = target && postSubjectRow(target, thread);
    if (!subject || subject.state === 'deleted' || !this.policy.can(viewer, Action.ViewPost, subject))
      throw new FormInvalidException({ body: 'post.replyTo.invalid' });
    return { id: Number(target.id), authorId: subject.authorId };
  }

  /** A post with its thread, advisory and author (for its pages), or null. */
  find(postId: number): Promise<Post | null> {
    return this.repository.withThread(this.em.fork(), postId, true);
  }

  /** A post's earlier texts, newest first. */
  revisions(postId: number): Promise<PostRevision[]> {
    return this.repository.revisions(this.em.fork(), postId);
  }

  /** A post's field report with its platform, or null. */
  async reportOf(postId: number, em: EntityManager = this.em.fork()): Promise<FieldReport | null> {
    return (await this.fieldReports.reportsOf(em, [postId])).get(postId) ?? null;
  }

  /**
   * Replaces a post's text and, for a field report, its fields (as EditPostForm checked them), keeping the
   * old ones as a revision. A corrected report stays the same row (its confirmations and evidence stay
   * attached); the changed event says where it was counted, and the statistics move it.
   */
  async edit(viewer: Viewer, postId: number, input: PostEdit): Promise<Post> {
    return this.transactions.run(async (em) => {
      // Held before it is read: a moderator hiding it meanwhile cannot leave a report moved in counts it has left.
      await this.repository.lock(em, postId);
      const post = await this.repository.withThread(em, postId);
      if (!post) throw new NotFoundException();
      const thread = post.thread.getEntity();
      this.policy.ensure(viewer, Action.EditPost, postSubject(post, thread));
      const source = input.body;
      const was = post.isReport ? await this.reportOf(post.id, em) : null;
      const now = await this.correction(em, post, thread, was, input);
      // Numbered under the row lock, from the post as it is now: a double-clicked save is one revision, never a duplicate.
      const next = await this.repository.nextRevision(em, post.id, source, now !== null);
      if (!next) return post;
      this.repository.addRevision(em, new PostRevision(ref(post), next.revision, next.previous, ref(User, viewer.id!), was));
      post.revisionCount = next.revision;
      post.bodySource = source;
      post.bodyHtml = renderMarkdown(source);
      post.editedAt = new Date();
      if (now) await this.fieldReports.correct(em, post.id, now);
      await this.events.emit(em, 'changed', {
        postId: post.id,
        threadId: thread.id,
        isReport: post.isReport,
        from: post.state,
        to: post.state,
        reportWas:
          now && was ? { platformKey: was.platform?.getEntity().key ?? OTHER_PLATFORM, outcome: was.outcome, hosts: was.hosts } : undefined,
      });
      return post;
    });
  }

  /**
   * A report's fields as the edit sets them, checked as when posting; null when they stay as they are (none
   * sent, or the same). A post that is no report cannot become one by an edit.
   */
  private async correction(
    em: EntityManager,
    post: Post,
    thread: Thread,
    was: FieldReport | null,
    input: PostEdit,
  ): Promise<ReportValues | null> {
    if (!input.outcome) return null;
    if (!was) throw new FormInvalidException({ form: 'post.edit.notReport' });
    const { platform, ...fields } = this.report(await this.threadPages.platforms(em, thread.advisory.id), input)!;
    const now: ReportValues = { ...fields, platformId: platform?.id ?? null };
    const same =
      now.platformId === (was.platform?.id ?? null) &&
      now.platformOther === was.platformOther &&
      now.outcome === was.outcome &&
      now.hosts === was.hosts &&
      now.software === was.software;
    return same ? null : now;
  }

  /** Soft delete by the author: the number stays, a placeholder shows, and a report leaves the counts. */
  async deleteOwn(viewer: Viewer, postId: number): Promise<Post> {
    return this.transactions.run(async (em) => {
      const post = await this.repository.withThread(em, postId);
      if (!post) throw new NotFoundException();
      this.policy.ensure(viewer, Action.DeletePost, postSubject(post, post.thread.getEntity()));
      const from = post.state;
      // Only from the state just checked: of parallel deletes one changes the row, so a report leaves the counts once.
      if (!(await this.repository.changeState(em, post.id, from, 'deleted', null))) throw new ForbiddenException();
      Object.assign(post, { state: 'deleted', stateReason: null });
      await this.events.emit(em, 'changed', { postId: post.id, threadId: post.thread.id, isReport: post.isReport, from, to: 'deleted' });
      return post;
    });
  }
}

/** What the policy needs to know of a post. */
export function postSubject(post: Post, thread: Thread) {
  return { authorId: post.author.id, state: post.state, createdAt: post.createdAt, thread };
}
