import { EntityManager, Loaded } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { all, dbDate, run } from '../database/sql';
import { statement } from '../database/statement';
import { DigestItem } from './digest-item.entity';
import { MatchDigestItem } from './match-digest-item.entity';
import { OutboxMail, OutboxMailStatus } from './outbox-mail.entity';

const QUEUE_DIGEST_ITEMS = statement(
  'MailRepository.queueDigestItems',
  `insert into mail_digest_items (watch_id, post_id, created_at)
   select id, ?, ? from watches where advisory_id = ? and user_id <> ? and email_enabled = true
   on conflict (watch_id, post_id) do nothing`,
  { hot: true },
);

const DROP_DIGEST_ITEMS = statement(
  'MailRepository.dropDigestItems',
  'delete from mail_digest_items where watch_id in (select id from watches where user_id = ? and advisory_id = ?)',
  { hot: true },
);

const WATCHES_WITH_DIGEST_ITEMS = statement<{ id: number | string }>(
  'MailRepository.watchesWithDigestItems',
  'select distinct watch_id as id from mail_digest_items order by watch_id',
);

const USERS_WITH_MATCH_ITEMS = statement<{ id: number | string }>(
  'MailRepository.usersWithMatchItems',
  'select distinct user_id as id from mail_match_items order by user_id',
);

/** The outbox and the digest's waiting items: every statement of these tables. */
@Injectable()
export class MailRepository {
  constructor(private readonly em: EntityManager) {}

  /** A field report waits for the next digest of each of its advisory's watches with email on, except its author's. */
  async queueDigestItems(em: EntityManager, postId: number, advisoryId: string, authorId: number): Promise<void> {
    await run(em, QUEUE_DIGEST_ITEMS, [postId, dbDate(em, new Date()), advisoryId, authorId]);
  }

  /** Drops what waits for the digest of a member's watch of an advisory. */
  async dropDigestItems(em: EntityManager, userId: number, advisoryId: string): Promise<void> {
    await run(em, DROP_DIGEST_ITEMS, [userId, advisoryId]);
  }

  async watchesWithDigestItems(): Promise<number[]> {
    return (await all(this.em.fork(), WATCHES_WITH_DIGEST_ITEMS)).map((r) => Number(r.id));
  }

  digestItemsOf(em: EntityManager, watchId: number): Promise<DigestItem[]> {
    return em.find(DigestItem, { watch: watchId }, { populate: ['post', 'post.author'] });
  }

  /** Removes the items; returns how many this call removed (fewer when a parallel run took them). */
  takeDigestItems(em: EntityManager, ids: number[]): Promise<number> {
    return em.nativeDelete(DigestItem, { id: { $in: ids } });
  }

  /** Known-issue news waiting for these members' next digest, written with the caller's transaction. */
  addMatchItems(em: EntityManager, items: MatchDigestItem[]): void {
    em.persist(items);
  }

  async usersWithMatchItems(): Promise<number[]> {
    return (await all(this.em.fork(), USERS_WITH_MATCH_ITEMS)).map((r) => Number(r.id));
  }

  matchItemsOf(em: EntityManager, userId: number): Promise<MatchDigestItem[]> {
    return em.find(
      MatchDigestItem,
      { user: userId },
      { orderBy: { id: 'asc' }, populate: ['user', 'actor', 'knownIssue', 'knownIssue.advisory'] },
    );
  }

  /** Removes the items; returns how many this call removed (fewer when a parallel run took them). */
  takeMatchItems(em: EntityManager, ids: number[]): Promise<number> {
    return em.nativeDelete(MatchDigestItem, { id: { $in: ids } });
  }

  /** Queued with the caller's unit of work (written when its transaction commits). */
  add(em: EntityManager, mail: OutboxMail): void {
    em.persist(mail);
  }

  /** Written at once, in the caller's transaction. */
  async write(em: EntityManager, mails: OutboxMail[]): Promise<void> {
    em.persist(mails);
    await em.flush();
  }

  /** Pending mails due now after a keyset, oldest first. */
  due(afterId: number, limit: number): Promise<OutboxMail[]> {
    return this.em
      .fork()
      .find(
        OutboxMail,
        { id: { $gt: afterId }, status: 'pending', nextAttemptAt: { $lte: new Date() } },
        { orderBy: { id: 'asc' }, limit },
      );
  }

  /** The claim: only one sender moves a due mail's next attempt into the future. */
  async claim(mail: OutboxMail, attempts: number, leaseUntil: Date): Promise<boolean> {
    const claimed = await this.em
      .fork()
      .nativeUpdate(
        OutboxMail,
        { id: mail.id, status: 'pending', attempts: mail.attempts, nextAttemptAt: { $lte: new Date() } },
        { attempts, nextAttemptAt: leaseUntil },
      );
    return claimed > 0;
  }

  /** A failed attempt: given up, or tried again at a later time. */
  async attemptFailed(id: number, lastError: string, retryAt: Date | null): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(OutboxMail, { id }, retryAt ? { nextAttemptAt: retryAt, lastError } : { status: 'failed', lastError });
  }

  /** Delivered; with body, the stored text is replaced (an account mail's link taken out). */
  async sent(id: number, body?: string): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(OutboxMail, { id }, { status: 'sent', sentAt: new Date(), lastError: null, ...(body ? { body } : {}) });
  }

  /** The outbox newest first before a keyset, without bodies, one more than asked for. */
  list(beforeId: number | null, status: OutboxMailStatus | null, limit: number): Promise<Loaded<OutboxMail, never, '*', 'body'>[]> {
    const where = { ...(beforeId ? { id: { $lt: beforeId } } : {}), ...(status ? { status } : {}) };
    return this.em.fork().find(OutboxMail, where, { orderBy: { id: 'desc' }, limit: limit + 1, exclude: ['body'] });
  }

  byId(id: number): Promise<OutboxMail | null> {
    return this.em.fork().findOne(OutboxMail, id);
  }
}
