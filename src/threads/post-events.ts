import { EntityManager } from '@mikro-orm/core';
import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { Outcome } from '../field-reports/field-report.entity';
import { PostState } from '../policy/rules/subjects';

/** A member wrote a post, public at once or held for a moderator. */
export interface PostWritten {
  postId: number;
  threadId: number;
  advisoryId: string;
  authorId: number;
  isReport: boolean;
}

/** A post became public: written by a member who posts without approval, or a held post approved. */
export interface PostPublished extends PostWritten {
  /** The author of the post it answers (null: it answers none), told of the reply. */
  replyToAuthorId: number | null;
  /** Answered by quoting (the form's "quote" box): that author is told of a quote, not a reply. */
  quoted: boolean;
  /** Held until a moderator approved it now (false: public as it was written, in the transaction that wrote it). */
  approved: boolean;
}

/** A post's text or state changed after it was written: edited (from = to), hidden, restored, deleted, rejected. */
export interface PostChanged {
  postId: number;
  threadId: number;
  isReport: boolean;
  from: PostState;
  to: PostState;
  /** A field report's fields corrected: where it was counted before (platform key, outcome, hosts); the statistics move it. */
  reportWas?: { platformKey: string; outcome: Outcome; hosts: number };
}

export interface PostEventMap {
  written: PostWritten;
  published: PostPublished;
  changed: PostChanged;
}

export type PostEventName = keyof PostEventMap;

/**
 * Who listens, in the order they run whatever order their modules start in: counters first, then the search
 * index (it flushes the caller's unit of work before it reads the post back), the verdicts last (their lock is
 * the last one a write takes, so writers queue on it without deadlock). 'written' runs before the posting
 * transaction locks the thread's row, so its subscribers take no row another writer shares.
 */
export const POST_SUBSCRIBERS = ['statistics', 'notifications', 'mail', 'search', 'verdicts'] as const;
export type PostSubscriber = (typeof POST_SUBSCRIBERS)[number];

/** A subscriber's work, awaited inside the writer's transaction with its EntityManager. */
export type PostEventHandler<E> = (em: EntityManager, event: E) => Promise<void>;

interface Registered<E> {
  rank: number;
  handle: PostEventHandler<E>;
}

/**
 * The posts' in-process events: a write emits one inside its transaction and awaits every subscriber in
 * turn, so a subscriber that throws rolls the whole write back. Subscribers register from their own
 * modules (onModuleInit), so the writers import none of them.
 */
@Injectable()
export class PostEvents implements OnApplicationBootstrap {
  private readonly handlers: { [E in PostEventName]: Registered<PostEventMap[E]>[] } = { written: [], published: [], changed: [] };
  private started = false;

  /** Every module's onModuleInit has run: the subscribers are all registered. */
  onApplicationBootstrap(): void {
    this.started = true;
  }

  on<E extends PostEventName>(event: E, subscriber: PostSubscriber, handle: PostEventHandler<PostEventMap[E]>): void {
    const rank = POST_SUBSCRIBERS.indexOf(subscriber);
    const list: Registered<PostEventMap[E]>[] = this.handlers[event];
    // After every handler of the same or an earlier rank: those of one rank run in the order they registered.
    const at = list.findIndex((r) => r.rank > rank);
    list.splice(at < 0 ? list.length : at, 0, { rank, handle });
  }

  async emit<E extends PostEventName>(em: EntityManager, event: E, payload: PostEventMap[E]): Promise<void> {
    // Before start-up has finished some subscribers may be missing: the write fails rather than skip them.
    if (!this.started) throw new Error(`post event "${event}" emitted before the application started`);
    const list: Registered<PostEventMap[E]>[] = this.handlers[event];
    for (let i = 0; i < list.length; i++) await list[i].handle(em, payload);
  }
}

/** The registry alone, so that writers and subscribers import it without importing each other. */
@Module({ providers: [PostEvents], exports: [PostEvents] })
export class PostEventsModule {}
