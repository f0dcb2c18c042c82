import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { KnownIssue, KnownIssueStatus } from '../known-issues/known-issue.entity';
import { NotificationKind } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

const PAGE = 50;

/** A known issue appeared (from null) or changed status, with the note of who did it. */
export interface KnownIssueChange {
  from: KnownIssueStatus | null;
  note: string;
}

/**
 * Told of what an advisory's watchers hear of, inside the writer's transaction: the mail feature registers,
 * to email those who chose email, so that notifications (called by the writers) imports no mail.
 */
export interface WatchersSubscriber {
  reportPublished(em: EntityManager, postId: number, advisoryId: string, authorId: number): Promise<void>;
  knownIssueChanged(em: EntityManager, issue: KnownIssue, advisoryId: string, actorId: number, change: KnownIssueChange): Promise<void>;
}

/** Watching and notifications. Writers call these inside their own transaction. */
@Injectable()
export class NotificationsService {
  private readonly subscribers: WatchersSubscriber[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsRepository,
  ) {}

  /** Registered once at start-up, by the modules that act on the watchers' news too. */
  subscribe(subscriber: WatchersSubscriber): void {
    this.subscribers.push(subscriber);
  }

  /** Starts watching (posting watches automatically); watching twice is a no-op. */
  async watch(em: EntityManager, userId: number, advisoryId: string): Promise<void> {
    await this.notifications.watch(em, userId, advisoryId);
  }

  async watchNow(userId: number, advisoryId: string): Promise<void> {
    await this.watch(this.em.fork(), userId, advisoryId);
  }

  async unwatch(userId: number, advisoryId: string): Promise<void> {
    await this.notifications.unwatch(userId, advisoryId);
  }

  async isWatching(userId: number, advisoryId: string): Promise<boolean> {
    return this.notifications.isWatching(userId, advisoryId);
  }

  /** Whether the member watches the advisory, and by email too. */
  watchState(userId: number, advisoryId: string): Promise<{ watching: boolean; email: boolean }> {
    return this.notifications.watchState(userId, advisoryId);
  }

  /** A new field report: everyone watching the advisory hears of it (those with email in their next digest), except its author. */
  async notifyWatchers(em: EntityManager, postId: number, advisoryId: string, actorId: number): Promise<void> {
    await this.notifications.notifyWatchersOfReport(em, postId, advisoryId, actorId);
    for (const s of this.subscribers) await s.reportPublished(em, postId, advisoryId, actorId);
  }

  /** A known issue appeared (from null) or changed status: the advisory's watchers hear of it (by email too if chosen), except who did it. */
  async notifyKnownIssue(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    actorId: number,
    change: KnownIssueChange,
  ): Promise<void> {
    await this.notifications.notifyWatchersOfKnownIssue(em, issue.id, advisoryId, actorId);
    for (const s of this.subscribers) await s.knownIssueChanged(em, issue, advisoryId, actorId, change);
  }

  /** One member hears of one thing that happened to their post (never of their own doing). */
  async notify(em: EntityManager, userId: number, kind: NotificationKind, postId: number, actorId: number): Promise<void> {
    if (userId === actorId) return;
    await this.notifications.notify(em, userId, kind, postId, actorId);
  }

  /** Newest first, 50 at a time by keyset. */
  async list(userId: number, beforeId: number | null) {
    const rows = await this.notifications.listOf(userId, beforeId, PAGE);
    const items = rows.slice(0, PAGE);
    return { items, nextBefore: rows.length > PAGE ? items[items.length - 1].id : null };
  }

  /** Marks one or all as read and brings the unread counter down by exactly as many. */
  async markRead(userId: number, id: number | null): Promise<void> {
    await this.em.fork().transactional((em) => this.notifications.markRead(em, userId, id));
  }
}
