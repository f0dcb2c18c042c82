import { EntityManager, ref } from '@mikro-orm/core';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdvisoriesRepository } from '../advisories/advisories.repository';
import { Advisory } from '../advisories/advisory.entity';
import { FieldReportsRepository } from '../field-reports/field-reports.repository';
import { joinPlatformLabels } from '../advisories/advisory.view-model';
import { APP_CONFIG, AppConfig } from '../config/config';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { KnownIssueChange, NotificationsService } from '../notifications/notifications.service';
import { PostEvents } from '../threads/post-events';
import { AccountState, User } from '../users/user.entity';
import { MailRepository } from './mail.repository';
import { AccountMailKind, OutboxMail, OutboxMailKind, OutboxMailStatus } from './outbox-mail.entity';
import {
  AccountMail,
  confirmEmailMail,
  digestMail,
  environmentDigestMail,
  environmentMatchMail,
  KnownIssueMail,
  MailAdvisory,
  MailLinks,
  MailText,
  knownIssueMail,
  passwordResetMail,
} from './templates';
import { oneLine, shorten } from '../common/text/clip';
import { UnsubscribeTokens } from './unsubscribe-token';
import { ENVIRONMENT_PATH, knownIssuePath, permalinkPath, threadPath, unsubscribePath, WATCHES_PATH } from '../paths';
import { MatchDigestItem } from './match-digest-item.entity';
import type { MatchFacts } from '../notifications/notification.entity';
import { WriteTransactions } from '../database/write-transactions';

const PAGE = 50;

/** Raised inside a digest transaction that finds its items already taken by a parallel run. */
class DigestTaken extends Error {}

/**
 * Email notifications as a transactional outbox: writers call queue* inside their own transaction,
 * so a mail exists exactly when its event does; MailSender delivers the rows later.
 */
@Injectable()
export class MailService implements OnModuleInit {
  readonly tokens: UnsubscribeTokens;
  private readonly messageHost: string;

  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mails: MailRepository,
    private readonly watches: NotificationsRepository,
    private readonly advisories: AdvisoriesRepository,
    private readonly fieldReports: FieldReportsRepository,
    private readonly notifications: NotificationsService,
    private readonly events: PostEvents,
  ) {
    this.tokens = new UnsubscribeTokens(config.sessionSecret);
    this.messageHost = new URL(config.publicBaseUrl).hostname || 'localhost';
  }

  onModuleInit(): void {
    // A field report made public waits for the next daily digest of each watch with email on, except its author's.
    this.events.on('published', 'mail', async (em, e) => {
      if (e.isReport) await this.mails.queueDigestItems(em, e.postId, e.advisoryId, e.authorId);
    });
    // The watchers who chose email hear by mail of a known issue, as the others do in their notifications.
    this.notifications.subscribe({
      knownIssueChanged: (em, issue, advisoryId, actorId, change) => this.queueKnownIssue(em, issue, advisoryId, actorId, change),
      environmentMatched: (em, issue, advisoryId, userIds, facts, actorId, by) =>
        this.queueMatch(em, issue, advisoryId, userIds, facts, actorId, by),
    });
  }

  /** A known issue appeared (from null) or changed status: a mail to each watcher who chose email, except who did it. */
  async queueKnownIssue(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    actorId: number,
    change: KnownIssueChange,
  ): Promise<void> {
    const watches = await this.watches.emailWatchesOf(em, advisoryId, actorId);
    const recipients = watches.map((w) => w.user.getEntity()).filter((u) => u.effectiveState() !== AccountState.Suspended);
    if (!recipients.length) return;
    const advisory = await this.advisories.withPlatforms(em, advisoryId);
    if (!advisory) throw new Error(`advisory ${advisoryId} not found`);
    const labels = new Map(advisory.platforms.getItems().map((p) => [p.key, p.label]));
    const mails: OutboxMail[] = [];
    for (const user of recipients) {
      const { subject, text } = knownIssueMail({
        username: user.username,
        advisory: mailAdvisory(advisory),
        issue: this.issueFacts(issue, labels, advisory.id),
        change,
        links: this.links(user.id, advisory.id),
      });
      mails.push(this.outboxMail(user, change.from ? 'status' : 'known-issue', { subject, text }, advisory.id));
    }
    await this.mails.write(em, mails);
  }

  /**
   * A known issue's news matched these members' environments: a mail now to each who chose one, an item of the
   * next daily digest to each who chose that (suspended members get neither, as watchers do not).
   */
  async queueMatch(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    userIds: number[],
    facts: MatchFacts,
    actorId: number,
    by: string,
  ): Promise<void> {
    const chosen = (await this.watches.mailingEnvironments(em, userIds)).filter(
      (e) => e.user.getEntity().effectiveState() !== AccountState.Suspended,
    );
    if (!chosen.length) return;
    const digest = chosen.filter((e) => e.email === 'digest');
    this.mails.addMatchItems(
      em,
      digest.map((e) => new MatchDigestItem(e.user, ref(issue), ref(User, actorId), facts)),
    );
    const now = chosen.filter((e) => e.email === 'now');
    if (!now.length) return void (await em.flush());
    const advisory = await this.advisories.withPlatforms(em, advisoryId);
    if (!advisory) throw new Error(`advisory ${advisoryId} not found`);
    const labels = new Map(advisory.platforms.getItems().map((p) => [p.key, p.label]));
    const mails = now.map((e) => {
      const user = e.user.getEntity();
      const text = environmentMatchMail({
        username: user.username,
        advisory: mailAdvisory(advisory),
        issue: this.issueFacts(issue, labels, advisory.id),
        facts,
        by,
        settings: this.url(ENVIRONMENT_PATH),
      });
      return new OutboxMail(ref(user), 'match', user.email, shorten(text.subject, 300), text.text, `<${randomUUID()}@${this.messageHost}>`);
    });
    await this.mails.write(em, mails);
  }

  /** A mail about the member's account (its link made from `path`), written in the caller's transaction; no unsubscribe: the member asked for it. */
  async queueAccountMail(
    em: EntityManager,
    user: User,
    kind: AccountMailKind,
    mail: Omit<AccountMail, 'username' | 'url'> & { path: string },
  ): Promise<void> {
    const compose = kind === 'password-reset' ? passwordResetMail : confirmEmailMail;
    const text = compose({ locale: mail.locale, hours: mail.hours, username: user.username, url: this.url(mail.path) });
    await this.mails.write(em, [
      new OutboxMail(ref(user), kind, user.email, text.subject, text.text, `<${randomUUID()}@${this.messageHost}>`),
    ]);
  }

  /** Turns email on (watching the advisory too) or off (dropping what waits for the digest). */
  async setEmail(userId: number, advisoryId: string, on: boolean): Promise<void> {
    await this.transactions.run(async (em) => {
      await this.watches.setEmail(em, userId, advisoryId, on);
      if (!on) await this.mails.dropDigestItems(em, userId, advisoryId);
    });
  }

  /** The member's watched advisories with their email choice, newest watch first, by keyset. */
  async watchesOf(userId: number, beforeId: number | null) {
    const rows = await this.watches.watchesOf(userId, beforeId, PAGE);
    const items = rows.slice(0, PAGE);
    return { items, nextBefore: rows.length > PAGE ? items[items.length - 1].id : null };
  }

  /**
   * Writes each email watch's digest of the reports published since its last one. Idempotent: the
   * waiting items are removed in the transaction that writes the mail, so a second run finds nothing.
   */
  async runDigest(now = new Date()): Promise<{ mails: number; reports: number }> {
    const total = { mails: 0, reports: 0 };
    for (const id of await this.mails.watchesWithDigestItems()) {
      const n = await this.digestWatch(id, now);
      if (n) {
        total.mails++;
        total.reports += n;
      }
    }
    // Members who chose the digest for known issues matching their environment: one mail each, across advisories.
    for (const userId of await this.mails.usersWithMatchItems()) if (await this.digestMatches(userId, now)) total.mails++;
    return total;
  }

  private async digestMatches(userId: number, now: Date): Promise<number> {
    try {
      return await this.transactions.run(async (em) => {
        const items = await this.mails.matchItemsOf(em, userId);
        if (!items.length) return 0;
        if (
          (await this.mails.takeMatchItems(
            em,
            items.map((i) => i.id),
          )) !== items.length
        )
          throw new DigestTaken();
        const user = items[0].user.getEntity();
        if (user.effectiveState() === AccountState.Suspended) return 0;
        const mail = environmentDigestMail({
          username: user.username,
          date: now,
          entries: items.map((i) => {
            const advisory = i.knownIssue.getEntity().advisory.getEntity();
            return {
              advisory: mailAdvisory(advisory),
              facts: { ...i.payload, title: i.knownIssue.getEntity().title },
              by: i.actor?.getEntity().username ?? '',
              url: this.url(knownIssuePath(advisory.id, i.knownIssue.id)),
            };
          }),
          settings: this.url(ENVIRONMENT_PATH),
        });
        this.mails.add(
          em,
          new OutboxMail(
            ref(user),
            'match-digest',
            user.email,
            shorten(mail.subject, 300),
            mail.text,
            `<${randomUUID()}@${this.messageHost}>`,
          ),
        );
        return items.length;
      });
    } catch (err) {
      if (err instanceof DigestTaken) return 0;
      throw err;
    }
  }

  private async digestWatch(watchId: number, now: Date): Promise<number> {
    try {
      return await this.transactions.run(async (em) => {
        const items = await this.mails.digestItemsOf(em, watchId);
        if (!items.length) return 0;
        // Taking the items: of two runs at once only one removes them; the other writes nothing.
        if (
          (await this.mails.takeDigestItems(
            em,
            items.map((i) => i.id),
          )) !== items.length
        )
          throw new DigestTaken();
        const watch = await this.watches.watchWithMember(em, watchId);
        const user = watch.user.getEntity();
        // Only what the public can read now: a report hidden or deleted since it was published is left out.
        const posts = items
          .map((i) => i.post.getEntity())
          .filter((p) => p.state === 'visible')
          .sort((a, b) => a.number - b.number);
        if (!watch.emailEnabled || !posts.length || user.effectiveState() === AccountState.Suspended) return 0;
        const advisory = watch.advisory.getEntity();
        const reports = await this.fieldReports.reportsOf(
          em,
          posts.map((p) => p.id),
        );
        const mail = digestMail({
          username: user.username,
          advisory: mailAdvisory(advisory),
          date: now,
          reports: posts.flatMap((p) => {
            const r = reports.get(p.id);
            if (!r) return [];
            return [
              {
                number: p.number,
                outcome: r.outcome,
                platform: r.platform?.getEntity().label ?? r.platformOther,
                hosts: r.hosts,
                software: r.software,
                author: p.author.getEntity().username,
                excerpt: shorten(oneLine(p.bodySource), 200),
                url: this.url(permalinkPath(p.id)),
              },
            ];
          }),
          links: this.links(user.id, advisory.id),
        });
        this.mails.add(em, this.outboxMail(user, 'digest', mail, advisory.id));
        return posts.length;
      });
    } catch (err) {
      if (err instanceof DigestTaken) return 0;
      throw err;
    }
  }

  /** The outbox for admins, newest first, 50 a page by keyset. */
  async list(beforeId: number | null, status: OutboxMailStatus | null) {
    const rows = await this.mails.list(beforeId, status, PAGE);
    const items = rows.slice(0, PAGE);
    return { items, nextBefore: rows.length > PAGE ? items[items.length - 1].id : null };
  }

  find(id: number): Promise<OutboxMail | null> {
    return this.mails.byId(id);
  }

  async advisoryTitle(advisoryId: string): Promise<string | null> {
    return (await this.advisories.find(this.em.fork(), advisoryId))?.title ?? null;
  }

  /** A known issue as its mails show it. */
  private issueFacts(issue: KnownIssue, labels: Map<string, string>, advisoryId: string): KnownIssueMail['issue'] {
    return {
      title: issue.title,
      symptom: issue.symptom,
      status: issue.status,
      platforms: issue.platforms.length ? joinPlatformLabels(issue.platforms.map((k) => labels.get(k) ?? k)) : null,
      software: issue.software,
      workaround: issue.workaround,
      resolution: issue.resolution,
      url: this.url(knownIssuePath(advisoryId, issue.id)),
    };
  }

  private outboxMail(user: User, kind: OutboxMailKind, mail: MailText, advisoryId: string): OutboxMail {
    const row = new OutboxMail(ref(user), kind, user.email, shorten(mail.subject, 300), mail.text, `<${randomUUID()}@${this.messageHost}>`);
    row.unsubscribeUrl = this.links(user.id, advisoryId).unsubscribe;
    return row;
  }

  private links(userId: number, advisoryId: string): MailLinks {
    return {
      thread: this.url(threadPath(advisoryId)),
      unsubscribe: this.url(unsubscribePath(this.tokens.sign({ userId, advisoryId }))),
      settings: this.url(WATCHES_PATH),
    };
  }

  private url(path: string): string {
    return `${this.config.publicBaseUrl}${path}`;
  }
}

const mailAdvisory = (a: Advisory): MailAdvisory => ({ id: a.id, kb: a.kb, title: a.title });
