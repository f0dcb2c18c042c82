import { EntityManager, ref } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { all, dbDate, rowBool, run } from '../database/sql';
import { Engine, perEngine, statement } from '../database/statement';
import { TurnBatch } from '../database/turn-batch';
import { User } from '../users/user.entity';
import { Notification, NotificationKind, NotificationPayload } from './notification.entity';
import { Watch } from './watch.entity';
import { EnvironmentEmail, EnvironmentEntry, MemberEnvironment } from './environment.entity';

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

// Every signed-in thread page asks it: a prepared statement, not the ORM's query builder.
const WATCH_STATE = statement<{ email_enabled: unknown }>(
  'NotificationsRepository.watchState',
  'select email_enabled from watches where user_id = ? and advisory_id = ?',
  { hot: true },
);

const WATCH_STATES = statement<{ user_id: number; advisory_id: string; email_enabled: unknown }>(
  'NotificationsRepository.watchState',
  `select w.user_id, w.advisory_id, w.email_enabled from unnest(?::int[], ?::text[]) as k(user_id, advisory_id)
    join watches w on w.user_id = k.user_id and w.advisory_id = k.advisory_id`,
  { hot: true, engine: 'postgresql' },
);

const EMAIL_OFF = statement(
  'NotificationsRepository.setEmail',
  'update watches set email_enabled = false where user_id = ? and advisory_id = ?',
  { hot: true },
);

// The report's facts (ReportFacts) go with each notification, read from the report just written.
const REPORT_FACTS = `from field_reports r left join advisory_platforms pl on pl.id = r.platform_id where r.post_id = ?`;
const NOTIFY_WATCHERS_OF_REPORT = perEngine(
  'NotificationsRepository.notifyWatchersOfReport',
  {
    sqlite: `insert into notifications (user_id, kind, post_id, actor_id, created_at, payload)
     select w.user_id, 'report', ?, ?, ?, (select json_object('outcome', r.outcome, 'platform', coalesce(pl.label, r.platform_other, ''), 'software', r.software) ${REPORT_FACTS})
     from watches w where w.advisory_id = ? and w.user_id <> ?`,
    postgresql: `insert into notifications (user_id, kind, post_id, actor_id, created_at, payload)
     select w.user_id, 'report', ?, ?, ?, (select jsonb_build_object('outcome', r.outcome, 'platform', coalesce(pl.label, r.platform_other, ''), 'software', r.software) ${REPORT_FACTS})
     from watches w where w.advisory_id = ? and w.user_id <> ?`,
  },
  { hot: true },
);

const NOTIFY_WATCHERS_OF_KNOWN_ISSUE = perEngine(
  'NotificationsRepository.notifyWatchersOfKnownIssue',
  {
    sqlite: `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at, payload)
     select user_id, 'known-issue', ?, ?, ?, ? from watches where advisory_id = ? and user_id <> ?`,
    postgresql: `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at, payload)
     select user_id, 'known-issue', ?, ?, ?, cast(? as jsonb) from watches where advisory_id = ? and user_id <> ?`,
  },
  { hot: true },
);

const COUNT_UNREAD_OF_WATCHERS = statement(
  'NotificationsRepository.countUnreadOfWatchers',
  'update users set unread_notifications = unread_notifications + 1 where id in (select user_id from watches where advisory_id = ? and user_id <> ?)',
  { hot: true },
);

const NOTIFY = perEngine(
  'NotificationsRepository.notify',
  {
    sqlite: 'insert into notifications (user_id, kind, post_id, actor_id, created_at, payload) values (?, ?, ?, ?, ?, ?)',
    postgresql:
      'insert into notifications (user_id, kind, post_id, actor_id, created_at, payload) values (?, ?, ?, ?, ?, cast(? as jsonb))',
  },
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

// The members an issue's terms (software-match.ts) find: a platform entry by its term alone, a line of software by its
// first word's term and then its whole key inside the issue's. The term index answers; no member is read otherwise.
const MATCH = `from environment_entries e where e.term in (?*) and (e.match_key is null or ? like '%' || e.match_key || '%')`;
const MATCHING_MEMBERS = statement<{ id: number | string }>(
  'NotificationsRepository.matchingMembers',
  `select distinct e.user_id as id ${MATCH}`,
  { hot: true },
);
const MATCHING_MEMBERS_NOT_WATCHING = statement<{ id: number | string }>(
  'NotificationsRepository.matchingMembers',
  `select distinct e.user_id as id ${MATCH}
    and not exists (select 1 from watches w where w.user_id = e.user_id and w.advisory_id = ?)`,
  { hot: true },
);

// Watchers of the advisory it matches whose watch sends no mail: their environment's mail choice still applies.
const MATCHING_WATCHERS_WITHOUT_MAIL = statement<{ id: number | string }>(
  'NotificationsRepository.matchingWatchersWithoutMail',
  `select distinct e.user_id as id ${MATCH}
    and exists (select 1 from watches w where w.user_id = e.user_id and w.advisory_id = ? and not w.email_enabled)`,
  { hot: true },
);

const NOTIFY_MATCHED = perEngine(
  'NotificationsRepository.notifyMatched',
  {
    sqlite: `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at, payload)
     select id, 'known-issue-match', ?, ?, ?, ? from users where id in (?*)`,
    postgresql: `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at, payload)
     select id, 'known-issue-match', ?, ?, ?, cast(? as jsonb) from users where id in (?*)`,
  },
  { hot: true },
);

const COUNT_UNREAD_OF = statement(
  'NotificationsRepository.notifyMatched',
  'update users set unread_notifications = unread_notifications + 1 where id in (?*)',
  { hot: true },
);

/** How many members one statement notifies at most (an IN list of ids). */
const BATCH = 500;

/** Watches, notifications, members' environments and the unread counters: every statement of these tables. */
@Injectable()
export class NotificationsRepository {
  private readonly engine: Engine;
  /** On PostgreSQL, where each read is a round trip: the thread pages of one turn read their viewers' watches together. */
  private readonly watchStates: TurnBatch<string, { email_enabled: unknown }, [number, string]> | null;

  constructor(
    private readonly em: EntityManager,
    private readonly reader: ReadSql,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.engine = config.database.engine;
    this.watchStates = this.engine === 'postgresql' ? new TurnBatch((keys, pairs) => this.watchRows(keys, pairs)) : null;
  }

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
    const w = this.watchStates
      ? await this.watchStates.get(`${userId}:${advisoryId}`, [userId, advisoryId])
      : await this.reader.row(WATCH_STATE, [userId, advisoryId]);
    return { watching: w !== undefined, email: w !== undefined && rowBool(w.email_enabled) };
  }

  /** Watch rows by "user:advisory", each key read with its pair. */
  private async watchRows(keys: string[], pairs: ReadonlyMap<string, [number, string]>): Promise<Map<string, { email_enabled: unknown }>> {
    const asked = keys.map((key) => pairs.get(key)!);
    const rows = await this.reader.rows(WATCH_STATES, [asked.map(([user]) => user), asked.map(([, advisory]) => advisory)]);
    return new Map(rows.map((r) => [`${r.user_id}:${r.advisory_id}`, r]));
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
    await run(em, NOTIFY_WATCHERS_OF_REPORT[this.engine], [postId, actorId, dbDate(em, new Date()), postId, advisoryId, actorId]);
    await run(em, COUNT_UNREAD_OF_WATCHERS, [advisoryId, actorId]);
  }

  async notifyWatchersOfKnownIssue(
    em: EntityManager,
    issueId: number,
    advisoryId: string,
    actorId: number,
    payload: NotificationPayload,
  ): Promise<void> {
    const values = [issueId, actorId, dbDate(em, new Date()), JSON.stringify(payload), advisoryId, actorId];
    await run(em, NOTIFY_WATCHERS_OF_KNOWN_ISSUE[this.engine], values);
    await run(em, COUNT_UNREAD_OF_WATCHERS, [advisoryId, actorId]);
  }

  async notify(
    em: EntityManager,
    userId: number,
    kind: NotificationKind,
    postId: number,
    actorId: number,
    payload: NotificationPayload | null,
  ): Promise<void> {
    const values = [userId, kind, postId, actorId, dbDate(em, new Date()), payload && JSON.stringify(payload)];
    await run(em, NOTIFY[this.engine], values);
    await run(em, COUNT_UNREAD, [userId]);
  }

  /** The members whose environment matches these terms and software key (software-match.ts), optionally only those not watching an advisory. */
  async matchingMembers(em: EntityManager, terms: string[], softwareKey: string, notWatching: string | null): Promise<Set<number>> {
    if (!terms.length) return new Set();
    const rows = notWatching
      ? await all(em, MATCHING_MEMBERS_NOT_WATCHING, [terms, softwareKey, notWatching])
      : await all(em, MATCHING_MEMBERS, [terms, softwareKey]);
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** The watchers of an advisory, without mail on their watch, whose environment matches these terms and software key. */
  async matchingWatchersWithoutMail(em: EntityManager, terms: string[], softwareKey: string, advisoryId: string): Promise<Set<number>> {
    if (!terms.length) return new Set();
    const rows = await all(em, MATCHING_WATCHERS_WITHOUT_MAIL, [terms, softwareKey, advisoryId]);
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** Each of these members hears that a known issue matches their environment. */
  async notifyMatched(em: EntityManager, userIds: number[], issueId: number, actorId: number, payload: NotificationPayload): Promise<void> {
    const values = [issueId, actorId, dbDate(em, new Date()), JSON.stringify(payload)];
    for (let i = 0; i < userIds.length; i += BATCH) {
      const ids = userIds.slice(i, i + BATCH);
      await run(em, NOTIFY_MATCHED[this.engine], [...values, ids]);
      await run(em, COUNT_UNREAD_OF, [ids]);
    }
  }

  /** A member's environment: their mail choice (null until they save one) and entries in order. */
  async environmentOf(userId: number): Promise<{ settings: MemberEnvironment | null; entries: EnvironmentEntry[] }> {
    const em = this.em.fork();
    const settings = await em.findOne(MemberEnvironment, { user: userId });
    const entries = await em.find(EnvironmentEntry, { user: userId }, { orderBy: { kind: 'asc', position: 'asc' } });
    return { settings, entries };
  }

  /** The platform keys a member runs, in their order. */
  async environmentPlatforms(userId: number): Promise<string[]> {
    const rows = await this.em
      .fork()
      .find(EnvironmentEntry, { user: userId, kind: 'platform' }, { orderBy: { position: 'asc' }, fields: ['value'] });
    return rows.map((r) => r.value);
  }

  /** Whether the member has saved any platform or software. */
  async hasEnvironment(userId: number): Promise<boolean> {
    return (await this.em.fork().count(EnvironmentEntry, { user: userId })) > 0;
  }

  /** Replaces a member's environment with these entries and mail choice (the caller's transaction). */
  async saveEnvironment(em: EntityManager, userId: number, email: EnvironmentEmail, entries: EnvironmentEntry[]): Promise<void> {
    const settings = (await em.findOne(MemberEnvironment, { user: userId })) ?? new MemberEnvironment(ref(User, userId));
    settings.email = email;
    settings.updatedAt = new Date();
    em.persist(settings);
    await em.nativeDelete(EnvironmentEntry, { user: userId });
    em.persist(entries);
    await em.flush();
  }

  /** The environments of these members that want mail, with their members. */
  async mailingEnvironments(em: EntityManager, userIds: number[]): Promise<MemberEnvironment[]> {
    const found: MemberEnvironment[] = [];
    for (let i = 0; i < userIds.length; i += BATCH)
      found.push(
        ...(await em.find(
          MemberEnvironment,
          { user: { $in: userIds.slice(i, i + BATCH) }, email: { $ne: 'off' } },
          { populate: ['user'], orderBy: { id: 'asc' } },
        )),
      );
    return found;
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
