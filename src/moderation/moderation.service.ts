import { EntityManager, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { APP_CONFIG, AppConfig } from '../config/config';
import { NotificationsService } from '../notifications/notifications.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { PostEvents } from '../threads/post-events';
import { PostsService, postSubject } from '../threads/posts.service';
import { Post } from '../threads/post.entity';
import { Thread } from '../threads/thread.entity';
import { PostsRepository } from '../threads/posts.repository';
import { ThreadsRepository } from '../threads/threads.repository';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AuditAction } from './audit-actions';
import { AuditService } from './audit.service';
import { Flag, FlagReason } from './flag.entity';
import { ModerationRepository } from './moderation.repository';
import { AuditLogFilter } from './audit.repository';
import { WriteTransactions } from '../database/write-transactions';

export type Decision = 'agree' | 'disagree' | 'defer';

/** Agreeing hides the post: the same action as hiding it from the thread, so the log names both alike. */
const DECISION_ACTIONS: Record<Decision, AuditAction> = {
  agree: AuditAction.PostHide,
  disagree: AuditAction.FlagsDisagree,
  defer: AuditAction.FlagsDefer,
};

const ACCOUNT_ACTIONS = { silenced: AuditAction.UserSilence, suspended: AuditAction.UserSuspend, active: AuditAction.UserLift } as const;

/** Flags, the review queue and moderators' actions on posts and threads; each action audited with its reason. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly posts: PostsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: PostEvents,
    private readonly moderation: ModerationRepository,
    private readonly users: UsersRepository,
    private readonly threads: ThreadsRepository,
    private readonly postsRepo: PostsRepository,
  ) {}

  /**
   * A member flags a post. Flags from enough distinct members hide it until a moderator decides.
   * Returns 'already' when this member had flagged it before. The note comes as FlagForm checked it (trimmed).
   */
  async flag(viewer: Viewer, postId: number, reason: FlagReason, note: string): Promise<'flagged' | 'already'> {
    try {
      return await this.transactions.run(async (em) => {
        // One flag of a post at a time (SQLite has one writer anyway): parallel flags can neither all miss the threshold nor hide twice.
        await this.postsRepo.lock(em, postId);
        const post = await this.load(em, postId);
        this.policy.ensure(viewer, Action.FlagPost, postSubject(post, post.thread.getEntity()));
        await this.moderation.addFlag(em, new Flag(ref(post), ref(User, viewer.id!), reason, note || null));
        const open = await this.moderation.openFlagCount(em, post);
        if (open >= this.config.moderation.flagHideThreshold && post.state === 'visible') {
          await this.setState(em, post, 'hidden', `flagged by ${open} members`);
          this.audit.record(em, 'system', {
            action: AuditAction.PostHide,
            targetType: 'post',
            targetId: post.id,
            reason: `flagged by ${open} members, pending review`,
            detail: { advisory: post.thread.getEntity().advisory.id },
          });
        }
        return 'flagged' as const;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return 'already';
      throw err;
    }
  }

  /** The review queue: posts with open or deferred flags, and held posts, oldest first. */
  async queue() {
    const em = this.em.fork();
    const flags = await this.moderation.queueFlags(em);
    const byPost = new Map<number, { post: Post; flags: Flag[] }>();
    for (const f of flags) {
      const entry = byPost.get(f.post.id) ?? { post: f.post.getEntity(), flags: [] };
      entry.flags.push(f);
      byPost.set(f.post.id, entry);
    }
    const held = await this.postsRepo.held(em);
    return { flagged: [...byPost.values()], held };
  }

  /** How many entries the review queue lists (flagged posts and held posts): the moderators' header shows it on every page. */
  async queueCount(): Promise<number> {
    return (await this.moderation.flaggedPostCount()) + (await this.postsRepo.heldCount());
  }

  /** Agree (hide the post), disagree (clear the flags; undo an automatic hide), or defer. Reasons come as the forms checked them (trimmed). */
  async resolve(viewer: Viewer, postId: number, decision: Decision, why: string): Promise<void> {
    this.policy.ensure(viewer, Action.ModerateQueue);
    await this.transactions.run(async (em) => {
      const post = await this.load(em, postId);
      const state = decision === 'agree' ? 'agreed' : decision === 'disagree' ? 'disagreed' : 'deferred';
      const changed = await this.moderation.resolveFlags(em, post, state, viewer.id!);
      if (!changed) throw new NotFoundException();
      if (decision === 'agree' && post.state === 'visible') await this.setState(em, post, 'hidden', why);
      // An automatic hide becomes the moderator's, with the moderator's reason for the author to read.
      else if (decision === 'agree' && post.state === 'hidden') await this.postsRepo.setReason(em, post.id, why);
      if (decision === 'disagree' && post.state === 'hidden' && post.stateReason?.startsWith('flagged by '))
        await this.setState(em, post, 'visible', null);
      this.audit.record(em, viewer, {
        action: DECISION_ACTIONS[decision],
        targetType: 'post',
        targetId: post.id,
        reason: why,
        detail: { advisory: post.thread.getEntity().advisory.id, flags: changed },
      });
      if (decision === 'agree') await this.notifications.notify(em, post.author.id, 'hidden', post.id, viewer.id!);
    });
  }

  /** Hide or restore a post; the author is told, the statistics follow. */
  async setVisibility(viewer: Viewer, postId: number, visible: boolean, why: string): Promise<Post> {
    this.policy.ensure(viewer, Action.ModeratePost);
    return this.transactions.run(async (em) => {
      const post = await this.load(em, postId);
      const from = visible ? ['hidden', 'deleted'] : ['visible'];
      if (!from.includes(post.state)) throw new FormInvalidException({ reason: 'moderation.stateUnchanged' });
      await this.setState(em, post, visible ? 'visible' : 'hidden', visible ? null : why);
      // Restoring is a decision on the flags too: left open, one more flag would hide it again.
      if (visible) await this.moderation.resolveFlags(em, post, 'disagreed', viewer.id!);
      this.audit.record(em, viewer, {
        action: visible ? AuditAction.PostRestore : AuditAction.PostHide,
        targetType: 'post',
        targetId: post.id,
        reason: why,
        detail: { advisory: post.thread.getEntity().advisory.id },
      });
      await this.notifications.notify(em, post.author.id, visible ? 'restored' : 'hidden', post.id, viewer.id!);
      return post;
    });
  }

  /** A held post: approved, it goes public with everything a post does; rejected, it is hidden with the reason. */
  async review(viewer: Viewer, postId: number, approve: boolean, why: string): Promise<Post> {
    this.policy.ensure(viewer, Action.ModerateQueue);
    return this.transactions.run(async (em) => {
      const post = await this.load(em, postId);
      if (post.state !== 'held') throw new FormInvalidException({ reason: 'moderation.stateUnchanged' });
      const state = approve ? 'visible' : 'hidden';
      if (!(await this.postsRepo.changeState(em, post.id, 'held', state, approve ? null : why)))
        throw new FormInvalidException({ reason: 'moderation.stateUnchanged' });
      Object.assign(post, { state, stateReason: approve ? null : why });
      const thread = post.thread.getEntity();
      if (approve) {
        thread.lastPostedAt = new Date();
        await this.posts.publish(em, {
          postId: post.id,
          threadId: thread.id,
          advisoryId: thread.advisory.id,
          authorId: post.author.id,
          isReport: post.isReport,
          replyToAuthorId: post.replyTo ? await this.postsRepo.authorOf(em, post.replyTo.id) : null,
          quoted: false,
          approved: true,
        });
      } else
        await this.events.emit(em, 'changed', { postId: post.id, threadId: thread.id, isReport: post.isReport, from: 'held', to: state });
      this.audit.record(em, viewer, {
        action: approve ? AuditAction.PostApprove : AuditAction.PostReject,
        targetType: 'post',
        targetId: post.id,
        reason: why || null,
        detail: { advisory: thread.advisory.id },
      });
      await this.notifications.notify(em, post.author.id, approve ? 'approved' : 'rejected', post.id, viewer.id!);
      return post;
    });
  }

  /** Silence (can read, cannot post) or suspend (cannot sign in) a member until a time, or lift it; always with a reason. */
  async setAccountState(
    viewer: Viewer,
    userId: number,
    state: 'silenced' | 'suspended' | 'active',
    days: number,
    why: string,
  ): Promise<User> {
    return this.transactions.run(async (em) => {
      const user = await this.users.byId(userId, em);
      if (!user) throw new NotFoundException();
      this.policy.ensure(viewer, Action.ModerateUser, user);
      const from = user.effectiveState();
      user.state = state as User['state'];
      user.stateUntil = state === 'active' ? null : new Date(Date.now() + days * 86_400_000);
      user.stateReason = state === 'active' ? null : why;
      this.audit.record(em, viewer, {
        action: ACCOUNT_ACTIONS[state],
        targetType: 'user',
        targetId: user.username,
        reason: why,
        detail: { from, to: state, days: state === 'active' ? null : days, until: user.stateUntil?.toISOString() ?? null },
      });
      return user;
    });
  }

  async setLocked(viewer: Viewer, threadId: number, locked: boolean, why: string): Promise<Thread> {
    this.policy.ensure(viewer, Action.LockThread);
    return this.transactions.run(async (em) => {
      const thread = await this.threads.withAdvisory(em, threadId);
      if (!thread) throw new NotFoundException();
      if (thread.locked === locked) return thread;
      thread.locked = locked;
      this.audit.record(em, viewer, {
        action: locked ? AuditAction.ThreadLock : AuditAction.ThreadUnlock,
        targetType: 'thread',
        targetId: thread.advisory.id,
        reason: why,
        detail: { advisory: thread.advisory.id },
      });
      return thread;
    });
  }

  /** The post a member would flag, for the flag form: 404 when there is none, 403 when the policy refuses (hidden, one's own). */
  async flaggable(viewer: Viewer, postId: number): Promise<Post> {
    const post = await this.posts.find(postId);
    if (!post) throw new NotFoundException();
    this.policy.ensure(viewer, Action.FlagPost, postSubject(post, post.thread.getEntity()));
    return post;
  }

  /** Whether this member has flagged this post (the thanks page is only theirs). */
  hasFlagged(postId: number, userId: number): Promise<boolean> {
    return this.moderation.hasFlagged(postId, userId);
  }

  /** The audit log newest first, one more than asked for (to tell whether there is a next page). */
  auditLog(filter: AuditLogFilter, limit: number) {
    return this.audit.log(filter, limit);
  }

  /** The thread of an advisory, or null before its first publication. */
  threadOfAdvisory(advisoryId: string): Promise<Thread | null> {
    return this.threads.ofAdvisory(this.em.fork(), advisoryId);
  }

  /** Changes a post's state from the one just read; its subscribers (the statistics, the search index) follow. */
  private async setState(em: EntityManager, post: Post, state: 'visible' | 'hidden', reason: string | null): Promise<void> {
    const from = post.state;
    if (!(await this.postsRepo.changeState(em, post.id, from, state, reason)))
      throw new FormInvalidException({ reason: 'moderation.stateUnchanged' });
    Object.assign(post, { state, stateReason: reason });
    await this.events.emit(em, 'changed', { postId: post.id, threadId: post.thread.id, isReport: post.isReport, from, to: state });
  }

  private async load(em: EntityManager, postId: number): Promise<Post> {
    const post = await this.postsRepo.withThread(em, postId, true);
    if (!post) throw new NotFoundException();
    return post;
  }
}
