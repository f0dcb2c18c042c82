import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { KnownIssue, KnownIssueStatus } from '../known-issues/known-issue.entity';
import { MailService } from '../mail/mail.service';
import { NotificationKind } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

const PAGE = 50;

/** Watching and notifications. Writers call these inside their own transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailService,
    private readonly notifications: NotificationsRepository,
  ) {}

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

  /** A new field report: everyone watching the advisory hears of it (those with email in their next digest), except its author. */
  async notifyWatchers(em: EntityManager, postId: number, advisoryId: string, actorId: number): Promise<void> {
    await this.notifications.notifyWatchersOfReport(em, postId, advisoryId, actorId);
    await this.mail.queueDigestItems(em, postId, advisoryId, actorId);
  }

  /** A known issue appeared (from null) or changed status: the advisory's watchers hear of it (by email too if chosen), except who did it. */
  async notifyKnownIssue(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    actorId: number,
    change: { from: KnownIssueStatus | null; note: string },
  ): Promise<void> {
    await this.notifications.notifyWatchersOfKnownIssue(em, issue.id, advisoryId, actorId);
    await this.mail.queueKnownIssue(em, issue, advisoryId, actorId, change);
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
