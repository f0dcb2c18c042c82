import { EntityManager } from '@mikro-orm/core';
import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { PostChanged, PostEvents, PostPublished } from '../threads/post-events';
import { FieldReportsRepository } from './field-reports.repository';

/**
 * The per-platform table, the reports per day and the threads' report counters follow the posts: a report counts
 * while it is visible, on the day it was posted.
 */
@Injectable()
export class ReportStatistics implements OnModuleInit {
  constructor(
    private readonly events: PostEvents,
    private readonly fieldReports: FieldReportsRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('published', 'statistics', (em, e) => this.published(em, e));
    this.events.on('changed', 'statistics', (em, e) => this.changed(em, e));
  }

  /** A new report enters the counts (it has no confirmations yet). */
  private async published(em: EntityManager, e: PostPublished): Promise<void> {
    if (!e.isReport) return;
    const report = (await this.fieldReports.outcomeOf(em, e.postId))!;
    await this.fieldReports.countReport(em, e.threadId, report, 1);
  }

  /**
   * Restored, a report enters the counts again; hidden or deleted, it leaves them, with the confirmations it
   * carries; corrected while counted, it moves from where it was to where it now is (its hosts too), its confirmations with it.
   */
  private async changed(em: EntityManager, e: PostChanged): Promise<void> {
    const was = e.from === 'visible';
    const corrected = e.reportWas !== undefined && was && e.to === 'visible';
    if (!e.isReport || (was === (e.to === 'visible') && !corrected)) return;
    const report = await this.fieldReports.outcomeOf(em, e.postId);
    if (!report) throw new NotFoundException();
    const byPlatform = (await this.fieldReports.confirmationsByPlatform(em, [e.postId])).get(e.postId);
    if (corrected) {
      const before = e.reportWas!;
      if (before.platformKey === report.platformKey && before.outcome === report.outcome && before.hosts === report.hosts) return;
      // A correction keeps the day it was posted: only its platform, outcome or hosts move.
      await this.fieldReports.countReport(em, e.threadId, { ...before, day: report.day }, -1, byPlatform);
      await this.fieldReports.countReport(em, e.threadId, report, 1, byPlatform);
      return;
    }
    await this.fieldReports.countReport(em, e.threadId, report, was ? -1 : 1, byPlatform);
  }
}
