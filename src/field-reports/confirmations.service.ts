import { Injectable, NotFoundException } from '@nestjs/common';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { VerdictsService } from '../guidance/verdicts.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { postSubjectRow, threadSubjectRow } from '../threads/subject-rows';
import { FieldReportsRepository, OTHER_PLATFORM } from './field-reports.repository';
import { WriteTransactions } from '../database/write-transactions';

@Injectable()
export class ConfirmationsService {
  constructor(
    private readonly policy: PolicyService,
    private readonly notifications: NotificationsService,
    private readonly fieldReports: FieldReportsRepository,
    private readonly verdicts: VerdictsService,
    private readonly transactions: WriteTransactions,
  ) {}

  /**
   * "Same here" on a report, on the confirmer's own platform. The unique (report, member) row is
   * written first, so of many parallel clicks exactly one counts; the rest change nothing. The fields
   * come as ConfirmForm checked them (trimmed; the other platform's name NFKC-normalized, within its limit).
   * Plain statements: with posting, this is the write a busy thread sees most.
   */
  async confirm(
    viewer: Viewer,
    postId: number,
    platformKey: string | undefined,
    platformOther: string | undefined,
  ): Promise<{ result: 'confirmed' | 'already'; number: number; advisoryId: string }> {
    return this.transactions.run(async (em) => {
      const row = await this.fieldReports.reportToConfirm(em, postId);
      if (!row) throw new NotFoundException();
      const thread = threadSubjectRow(row, Number(row.thread_id));
      const subject = postSubjectRow(row, thread, true);
      if (!this.policy.can(viewer, Action.ViewPost, subject)) throw new NotFoundException();
      this.policy.ensure(viewer, Action.ConfirmReport, subject);
      const key = platformKey || row.platform_key || OTHER_PLATFORM;
      let platformId: number | null = null;
      let other: string | null = null;
      let label: string;
      if (key === OTHER_PLATFORM) {
        other = platformOther ?? '';
        if (!other) throw new FormInvalidException({ platformOther: 'report.platformOther.required' });
        label = other;
      } else {
        const platform = await this.fieldReports.platform(em, thread.advisory.id, key);
        if (platform === null) throw new FormInvalidException({ platform: 'report.platform.required' });
        ({ id: platformId, label } = platform);
      }
      const where = { number: Number(row.number), advisoryId: thread.advisory.id };
      if (!(await this.fieldReports.addConfirmation(em, postId, viewer.id!, platformId, other))) return { result: 'already', ...where };
      await this.fieldReports.changeConfirmationCount(em, postId, 1);
      await this.fieldReports.bumpPlatformStat(em, thread.id, key, row.outcome, 0, 1);
      await this.notifications.notify(em, subject.authorId, 'confirmation', postId, viewer.id!, {
        platform: label,
        software: row.software,
      });
      await this.verdicts.recheck(em, thread.advisory.id);
      return { result: 'confirmed', ...where };
    });
  }

  /** Takes one's own confirmation back; the counts go down with it. */
  async withdraw(viewer: Viewer, postId: number): Promise<void> {
    await this.transactions.run(async (em) => {
      const found = await this.fieldReports.reportWithPost(em, postId);
      if (!found) throw new NotFoundException();
      const { post, report } = found;
      const mine = await this.fieldReports.confirmationBy(em, report, viewer.id!);
      // Of parallel withdrawals only the one that deletes the row takes the counts down.
      if (!mine || !(await this.fieldReports.removeConfirmation(em, mine.id))) return;
      await this.fieldReports.changeConfirmationCount(em, post.id, -1);
      // A report that was hidden or deleted no longer counts, and neither do its confirmations.
      if (post.state !== 'visible') return;
      await this.fieldReports.bumpPlatformStat(em, post.thread.id, mine.platform?.getEntity().key ?? OTHER_PLATFORM, report.outcome, 0, -1);
      await this.verdicts.recheck(em, post.thread.getEntity().advisory.id);
    });
  }
}
