import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { dbDate, run } from '../database/sql';
import { statement } from '../database/statement';
import { Notification, NotificationKind } from './notification.entity';
import { Watch } from './watch.entity';

const WATCH = statement(
  'NotificationsRepository.watch',
  'insert into watches (user_id, advisory_id, created_at) values (?, ?, ?) on conflict (user_id, advisory_id) do nothing',
  { hot: true },
);

const WATCH_WITH_EMAIL = statement(
  'NotificationsRepository.setEmail',
  'insert into watches (user_id, advisory_id, created_at, email_enabled) values (?, ?, ?, true) on conflict (user_id, advisory_id) do update set email_enabled = true',
  { hot: true },
);

const EMAIL_OFF = statement(
  'NotificationsRepository.setEmail',
  'update watches set email_enabled = false where user_id = ? and advisory_id = ?',
  { hot: true },
);

const NOTIFY_WATCHERS_OF_REPORT = statement(
  'NotificationsRepository.notifyWatchersOfReport',
  `insert into notifications (user_id, kind, post_id, actor_id, created_at)
   select user_id, 'report', ?, ?, ? from watches where advisory_id = ? and user_id <> ?`,
  { hot: true },
);

const NOTIFY_WATCHERS_OF_KNOWN_ISSUE = statement(
  'NotificationsRepository.notifyWatchersOfKnownIssue',
  `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at)
   select user_id, 'known-issue', ?, ?, ? from watches where advisory_id = ? and user_id <> ?`,
  { hot: true },
);

const COUNT_UNREAD_OF_WATCHERS = statement(
  'NotificationsRepository.countUnreadOfWatchers',
  'update users set unread_notifications = unread_notifications + 1 where id in (select user_id from watches where advisory_id = ? and user_id <> ?)',
  { hot: true },
);

const NOTIFY = statement(
  'NotificationsRepository.notify',
  'insert into notifications (user_id, kind, post_id, actor_id, created_at) values (?, ?, ?, ?, ?)',
  { hot: true },
);

const COUNT_UNREAD = statement(
  'NotificationsRepository.notify',
  'update users set unread_notifications = unread_notifications + 1 where id = ?',
  { hot: true },
);

const MARK_ALL_READ = statement(
  'NotificationsRepository.markRead',
  'update notifications set read_at = ? where user_id = ? and read_at is null',
  { hot: true },
);

const MARK_ONE_READ = statement(
  'NotificationsRepository.markRead',
  'update notifications set read_at = ? where user_id = ? and id = ? and read_at is null',
  { hot: true },
);

const UNCOUNT_READ = statement(
  'NotificationsRepository.markRead',
  'update users set unread_notifications = case when unread_notifications >= ? then unread_notifications - ? else 0 end where id = ?',
  { hot: true },
);

/** Watches, notifications and the members' unread counters: every statement of these tables. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly em: EntityManager) {}

  async watch(em: EntityManager, userId: number, advisoryId: string): Promise<void> {
    await run(em, WATCH, [userId, advisoryId, dbDate(em, new Date())]);
  }

  async unwatch(userId: number, advisoryId: string): Promise<void> {
    await this.em.fork().nativeDelete(Watch, { user: userId, advisory: advisoryId });
  }

  async isWatching(userId: number, advisoryId: string): Promise<boolean> {
    return (await this.em.fork().count(Watch, { user: userId, advisory: advisoryId })) > 0;
  }

  /** Email on watches the advisory too; off keeps the watch. */
  async setEmail(em: EntityManager, userId: number, advisoryId: string, on: boolean): Promise<void> {
    if (on) await run(em, WATCH_WITH_EMAIL, [userId, advisoryId, dbDate(em, new Date())]);
    else await run(em, EMAIL_OFF, [userId, advisoryId]);
  }

  async watchState(userId: number, advisoryId: string): Promise<{ watching: boolean; email: boolean }> {
    const w = await this.em.fork().findOne(Watch, { user: userId, advisory: advisoryId }, { fields: ['id', 'emailEnabled'] });
    return { watching: w !== null, email: w?.emailEnabled ?? false };
  }

  /** A member's watches with their advisories, newest first after a keyset, one more than asked for. */
  watchesOf(userId: number, beforeId: number | null, limit: number): Promise<Watch[]> {
    return this.em.fork().find(Watch, beforeId ? { user: userId, id: { $lt: beforeId } } : { user: userId }, {
      populate: ['advisory'],
      orderBy: { id: 'desc' },
      limit: limit + 1,
    });
  }

  /** The advisory's watches with email on, with their members, except one member's. */
  emailWatchesOf(em: EntityManager, advisoryId: string, exceptUserId: number): Promise<Watch[]> {
    return em.find(
      Watch,
      { advisory: advisoryId, emailEnabled: true, user: { $ne: exceptUserId } },
      { populate: ['user'], orderBy: { id: 'asc' } },
    );
  }

  /** One watch with its member and advisory (for its digest). */
  watchWithMember(em: EntityManager, watchId: number): Promise<Watch> {
    return em.findOneOrFail(Watch, watchId, { populate: ['user', 'advisory'] });
  }

  /** A new field report reaches every watcher of its advisory but its author. */
  async notifyWatchersOfReport(em: EntityManager, postId: number, advisoryId: string, actorId: number): Promise<void> {
    await run(em, NOTIFY_WATCHERS_OF_REPORT, [postId, actorId, dbDate(em, new Date()), advisoryId, actorId]);
    await run(em, COUNT_UNREAD_OF_WATCHERS, [advisoryId, actorId]);
  }

  async notifyWatchersOfKnownIssue(em: EntityManager, issueId: number, advisoryId: string, actorId: number): Promise<void> {
    await run(em, NOTIFY_WATCHERS_OF_KNOWN_ISSUE, [issueId, actorId, dbDate(em, new Date()), advisoryId, actorId]);
    await run(em, COUNT_UNREAD_OF_WATCHERS, [advisoryId, actorId]);
  }

  async notify(em: EntityManager, userId: number, kind: NotificationKind, postId: number, actorId: number): Promise<void> {
    await run(em, NOTIFY, [userId, kind, postId, actorId, dbDate(em, new Date())]);
    await run(em, COUNT_UNREAD, [userId]);
  }

  /** A member's notifications, newest first before a keyset, one more than asked for. */
  listOf(userId: number, beforeId: number | null, limit: number): Promise<Notification[]> {
    return this.em.fork().find(Notification, beforeId ? { user: userId, id: { $lt: beforeId } } : { user: userId }, {
      orderBy: { id: 'desc' },
      limit: limit + 1,
      populate: ['post', 'post.thread', 'actor', 'knownIssue'],
    });
  }

  /** Marks one (or, with null, all) as read and brings the unread counter down by exactly as many. */
  async markRead(em: EntityManager, userId: number, id: number | null): Promise<void> {
    const now = dbDate(em, new Date());
    const changed = id === null ? await run(em, MARK_ALL_READ, [now, userId]) : await run(em, MARK_ONE_READ, [now, userId, id]);
    const n = Number(changed.affectedRows ?? 0);
    if (n) await run(em, UNCOUNT_READ, [n, n, userId]);
  }
}
