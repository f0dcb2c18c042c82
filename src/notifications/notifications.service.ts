import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { dbDate, sql } from '../database/sql';
import { KnownIssue, KnownIssueStatus } from '../known-issues/known-issue.entity';
import { MailService } from '../mail/mail.service';
import { Notification, NotificationKind } from './notification.entity';
import { Watch } from './watch.entity';

/** Watching and notifications. Writers call these inside their own transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailService,
  ) {}

  /** Starts watching (posting watches automatically); watching twice is a no-op. */
  async watch(em: EntityManager, userId: number, advisoryId: string): Promise<void> {
    await sql(em, 'insert into watches (user_id, advisory_id, created_at) values (?, ?, ?) on conflict (user_id, advisory_id) do nothing', [
      userId,
      advisoryId,
      dbDate(em, new Date()),
    ]);
  }

  async watchNow(userId: number, advisoryId: string): Promise<void> {
    await this.watch(this.em.fork(), userId, advisoryId);
  }

  async unwatch(userId: number, advisoryId: string): Promise<void> {
    await this.em.fork().nativeDelete(Watch, { user: userId, advisory: advisoryId });
  }

  async isWatching(userId: number, advisoryId: string): Promise<boolean> {
    return (await this.em.fork().count(Watch, { user: userId, advisory: advisoryId })) > 0;
  }

  /** A new field report: everyone watching the advisory hears of it (those with email in their next digest), except its author. */
  async notifyWatchers(em: EntityManager, postId: number, advisoryId: string, actorId: number): Promise<void> {
    await sql(
      em,
      `insert into notifications (user_id, kind, post_id, actor_id, created_at)
       select user_id, 'report', ?, ?, ? from watches where advisory_id = ? and user_id <> ?`,
      [postId, actorId, dbDate(em, new Date()), advisoryId, actorId],
    );
    await sql(
      em,
      'update users set unread_notifications = unread_notifications + 1 where id in (select user_id from watches where advisory_id = ? and user_id <> ?)',
      [advisoryId, actorId],
    );
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
    await sql(
      em,
      `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at)
       select user_id, 'known-issue', ?, ?, ? from watches where advisory_id = ? and user_id <> ?`,
      [issue.id, actorId, dbDate(em, new Date()), advisoryId, actorId],
    );
    await sql(
      em,
      'update users set unread_notifications = unread_notifications + 1 where id in (select user_id from watches where advisory_id = ? and user_id <> ?)',
      [advisoryId, actorId],
    );
    await this.mail.queueKnownIssue(em, issue, advisoryId, actorId, change);
  }

  /** One member hears of one thing that happened to their post (never of their own doing). */
  async notify(em: EntityManager, userId: number, kind: NotificationKind, postId: number, actorId: number): Promise<void> {
    if (userId === actorId) return;
    await sql(em, 'insert into notifications (user_id, kind, post_id, actor_id, created_at) values (?, ?, ?, ?, ?)', [
      userId,
      kind,
      postId,
      actorId,
      dbDate(em, new Date()),
    ]);
    await sql(em, 'update users set unread_notifications = unread_notifications + 1 where id = ?', [userId]);
  }

  /** Newest first, 50 at a time by keyset. */
  async list(userId: number, beforeId: number | null) {
    const em = this.em.fork();
    const rows = await em.find(Notification, beforeId ? { user: userId, id: { $lt: beforeId } } : { user: userId }, {
      orderBy: { id: 'desc' },
      limit: 51,
      populate: ['post', 'post.thread', 'actor', 'knownIssue'],
    });
    const items = rows.slice(0, 50);
    return { items, nextBefore: rows.length > 50 ? items[items.length - 1].id : null };
  }

  /** Marks one or all as read and brings the unread counter down by exactly as many. */
  async markRead(userId: number, id: number | null): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const now = dbDate(em, new Date());
      const where = id === null ? 'user_id = ? and read_at is null' : 'user_id = ? and id = ? and read_at is null';
      const params = id === null ? [userId] : [userId, id];
      const changed = await sql<{ affectedRows?: number; rowCount?: number }>(em, `update notifications set read_at = ? where ${where}`, [
        now,
        ...params,
      ]);
      const n = Number((changed as { affectedRows?: number }).affectedRows ?? 0);
      if (n)
        await sql(
          em,
          'update users set unread_notifications = case when unread_notifications >= ? then unread_notifications - ? else 0 end where id = ?',
          [n, n, userId],
        );
    });
  }
}
