import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, VerdictThresholds } from '../config/config';
import { PostChanged, PostEvents, PostPublished } from '../threads/post-events';
import { GuidanceRepository, VerdictChangeRow, VerdictInputs } from './guidance.repository';
import { CounterRow, OpenIssue, PlatformVerdict, platformVerdicts, Verdict } from './verdict';

export type { PlatformVerdict, VerdictChangeRow };

/** A platform with no logged verdict has the verdict of no evidence. */
const UNLOGGED: Verdict = 'insufficient';

/**
 * Deploy guidance: each platform's verdict, decided on read from the counters and open known issues (small
 * indexed reads), and the log of verdict changes, appended in the transaction of every write that moves one.
 */
@Injectable()
export class VerdictsService implements OnModuleInit {
  constructor(
    private readonly repository: GuidanceRepository,
    private readonly events: PostEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on('published', 'verdicts', (em, e) => this.published(em, e));
    this.events.on('changed', 'verdicts', (em, e) => this.changed(em, e));
  }

  /** The configured thresholds (the explanation page states them). */
  get thresholds(): VerdictThresholds {
    return this.config.verdicts;
  }

  /** Each advisory's verdicts per listed platform, in the advisory's order (three reads, whatever the number of advisories). */
  async verdictsFor(advisoryIds: string[]): Promise<Map<string, PlatformVerdict[]>> {
    const ids = [...new Set(advisoryIds)];
    return this.decide(ids, await this.repository.inputs(null, ids));
  }

  /**
   * The verdicts of one advisory from what a page has read already (its platforms, its counter rows, its open
   * known issues in order): the thread page decides them without another query.
   */
  decideFrom(
    platforms: readonly { key: string; label: string }[],
    rows: readonly CounterRow[],
    openIssues: readonly OpenIssue[],
  ): PlatformVerdict[] {
    return platformVerdicts(platforms, rows, openIssues, this.config.verdicts);
  }

  /** The newest verdict changes (of one advisory, or across the board), ids below `before` (null: the newest). */
  recentChanges(limit: number, before: number | null = null, advisoryId?: string): Promise<VerdictChangeRow[]> {
    return this.repository.changes(limit, before, advisoryId);
  }

  /**
   * In the caller's transaction, after a write that may move the advisory's verdicts (its counters or its known
   * issues changed): logs each platform whose verdict moved. Called last in the transaction: the state row's lock
   * is then the last one taken, so writers queue on it without deadlock, each deciding from the counters as the
   * writers before it committed them.
   */
  async recheck(em: EntityManager, advisoryId: string): Promise<void> {
    const logged = await this.repository.lockState(em, advisoryId);
    const now = this.decide([advisoryId], await this.repository.inputs(em, [advisoryId])).get(advisoryId) ?? [];
    const next: Record<string, string> = { ...logged };
    const changedAt = new Date();
    let moved = false;
    for (const v of now) {
      const before = (logged[v.platform] as Verdict | undefined) ?? UNLOGGED;
      if (before === v.verdict) continue;
      next[v.platform] = v.verdict;
      moved = true;
      await this.repository.logChange(em, advisoryId, {
        platform: v.platform,
        verdictBefore: before,
        verdictAfter: v.verdict,
        reason: v.reason,
        changedAt,
      });
    }
    if (moved) await this.repository.saveState(em, advisoryId, next);
  }

  private decide(ids: string[], inputs: VerdictInputs): Map<string, PlatformVerdict[]> {
    return new Map(
      ids.map((id) => [
        id,
        platformVerdicts(inputs.platforms.get(id) ?? [], inputs.counters.get(id) ?? [], inputs.issues.get(id) ?? [], this.config.verdicts),
      ]),
    );
  }

  /** A new report moves its platform's counters. */
  private async published(em: EntityManager, e: PostPublished): Promise<void> {
    if (e.isReport) await this.recheck(em, e.advisoryId);
  }

  /** A report entering or leaving the counts, or corrected while counted (the statistics' own condition). */
  private async changed(em: EntityManager, e: PostChanged): Promise<void> {
    const was = e.from === 'visible';
    const corrected = e.reportWas !== undefined && was && e.to === 'visible';
    if (!e.isReport || (was === (e.to === 'visible') && !corrected)) return;
    const advisoryId = await this.repository.advisoryOfThread(em, e.threadId);
    if (advisoryId) await this.recheck(em, advisoryId);
  }
}
