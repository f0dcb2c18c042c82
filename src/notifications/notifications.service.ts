import { EntityManager } from '@mikro-orm/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { joinPlatformLabels } from '../advisories/advisory.view-model';
import { KnownIssue, KnownIssueStatus } from '../known-issues/known-issue.entity';
import { PostEvents, PostPublished } from '../threads/post-events';
import { KnownIssueFacts, MatchFacts, NotificationKind, NotificationPayload } from './notification.entity';
import { issueTerms } from './software-match';
import { NotificationsRepository } from './notifications.repository';
import { WriteTransactions } from '../database/write-transactions';

const PAGE = 50;

/** What a match notification says the issue is about: its platforms' labels and its software. */
const matchedOn = (issue: KnownIssue, labels: Map<string, string>) => ({
  platform: joinPlatformLabels(issue.platforms.map((k) => labels.get(k) ?? k)),
  software: issue.software,
});

/** A known issue appeared (from null) or changed status, with the note and the name of who did it. */
export interface KnownIssueChange {
  from: KnownIssueStatus | null;
  note: string;
  by: string;
}

/**
 * Told of what an advisory's watchers hear of a known issue, inside the writer's transaction: the mail feature
 * registers, to email those who chose email, so that notifications (called by the writers) imports no mail.
 */
export interface WatchersSubscriber {
  knownIssueChanged(em: EntityManager, issue: KnownIssue, advisoryId: string, actorId: number, change: KnownIssueChange): Promise<void>;
  /**
   * The issue matches these members' environments: each hears of it by mail as their environment's mail choice
   * says (now, digest or not at all). Watchers whose watch mailed them above are not among them.
   */
  environmentMatched(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    userIds: number[],
    payload: MatchFacts,
    actorId: number,
    by: string,
  ): Promise<void>;
}

/** What a known issue looked like to the environment match before an edit: its platforms and software key. */
export interface MatchedBefore {
  platforms: string[];
  softwareKey: string;
}

/** Watching and notifications, written inside the writer's transaction: called, or on the posts' events. */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly subscribers: WatchersSubscriber[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly notifications: NotificationsRepository,
    private readonly events: PostEvents,
  ) {}

  onModuleInit(): void {
    // Posting watches the advisory, held or not.
    this.events.on('written', 'notifications', (em, e) => this.watch(em, e.authorId, e.advisoryId));
    this.events.on('published', 'notifications', (em, e) => this.published(em, e));
  }

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

  /** A new field report: everyone watching the advisory hears of it, except its author; a reply or quote: the author it answers. */
  private async published(em: EntityManager, e: PostPublished): Promise<void> {
    if (e.isReport) await this.notifications.notifyWatchersOfReport(em, e.postId, e.advisoryId, e.authorId);
    if (e.replyToAuthorId !== null) await this.notify(em, e.replyToAuthorId, e.quoted ? 'quote' : 'reply', e.postId, e.authorId);
  }

  /** A known issue appeared (from null) or changed status: the advisory's watchers hear of it (by email too if chosen), except who did it. */
  async notifyKnownIssue(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    actorId: number,
    change: KnownIssueChange,
    labels: Map<string, string>,
  ): Promise<void> {
    const payload: KnownIssueFacts = { title: issue.title, from: change.from, to: issue.status, note: change.note };
    await this.notifications.notifyWatchersOfKnownIssue(em, issue.id, advisoryId, actorId, payload);
    for (const s of this.subscribers) await s.knownIssueChanged(em, issue, advisoryId, actorId, change);
    // Members whose environment it matches hear of it too, unless they heard as watchers of the same change; a
    // watcher whose watch sends no mail still gets what their environment's mail choice asks for (one mail at most).
    const terms = issueTerms(issue.platforms, issue.softwareKey);
    const matched = await this.notifications.matchingMembers(em, terms, issue.softwareKey, advisoryId);
    const mailOnly = await this.notifications.matchingWatchersWithoutMail(em, terms, issue.softwareKey, advisoryId);
    await this.notifyMatched(em, issue, advisoryId, actorId, change.by, matched, { ...payload, ...matchedOn(issue, labels) }, mailOnly);
  }

  /**
   * An edit of an open issue's platforms or software: the members it matches now and did not before hear of it
   * (watchers too: an edit tells them nothing as watchers). `labels` names the advisory's platforms.
   */
  async notifyNewlyMatched(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    actorId: number,
    before: MatchedBefore,
    change: Omit<KnownIssueChange, 'from'>,
    labels: Map<string, string>,
  ): Promise<void> {
    if (!issue.isOpen) return;
    const now = await this.notifications.matchingMembers(em, issueTerms(issue.platforms, issue.softwareKey), issue.softwareKey, null);
    if (!now.size) return;
    const earlier = await this.notifications.matchingMembers(
      em,
      issueTerms(before.platforms, before.softwareKey),
      before.softwareKey,
      null,
    );
    const fresh = new Set([...now].filter((id) => !earlier.has(id)));
    const facts: KnownIssueFacts = { title: issue.title, from: issue.status, to: issue.status, note: change.note };
    await this.notifyMatched(em, issue, advisoryId, actorId, change.by, fresh, { ...facts, ...matchedOn(issue, labels) });
  }

  /** `members` hear in-app and by their mail choice; `mailOnly` (watchers told in-app already) by their mail choice alone. */
  private async notifyMatched(
    em: EntityManager,
    issue: KnownIssue,
    advisoryId: string,
    actorId: number,
    by: string,
    members: Set<number>,
    payload: MatchFacts,
    mailOnly: Set<number> = new Set(),
  ): Promise<void> {
    const sorted = (ids: Iterable<number>) => [...new Set(ids)].filter((id) => id !== actorId).sort((a, b) => a - b);
    const told = sorted(members);
    if (told.length) await this.notifications.notifyMatched(em, told, issue.id, actorId, payload);
    const mailed = sorted([...told, ...mailOnly]);
    if (!mailed.length) return;
    for (const s of this.subscribers) await s.environmentMatched(em, issue, advisoryId, mailed, payload, actorId, by);
  }

  /** One member hears of one thing that happened to their post (never of their own doing), with what its line needs. */
  async notify(
    em: EntityManager,
    userId: number,
    kind: NotificationKind,
    postId: number,
    actorId: number,
    payload: NotificationPayload | null = null,
  ): Promise<void> {
    if (userId === actorId) return;
    await this.notifications.notify(em, userId, kind, postId, actorId, payload);
  }

  /** The platform keys the member runs. */
  environmentPlatforms(userId: number): Promise<string[]> {
    return this.notifications.environmentPlatforms(userId);
  }

  /** Whether the member has told their platforms or software. */
  hasEnvironment(userId: number): Promise<boolean> {
    return this.notifications.hasEnvironment(userId);
  }

  /** Newest first, 50 at a time by keyset. */
  async list(userId: number, beforeId: number | null) {
    const rows = await this.notifications.listOf(userId, beforeId, PAGE);
    const items = rows.slice(0, PAGE);
    return { items, nextBefore: rows.length > PAGE ? items[items.length - 1].id : null };
  }

  /** Marks one or all as read and brings the unread counter down by exactly as many. */
  async markRead(userId: number, id: number | null): Promise<void> {
    await this.transactions.run((em) => this.notifications.markRead(em, userId, id));
  }
}
