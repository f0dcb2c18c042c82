import { EntityManager } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { dbDate, sql } from '../database/sql';
import { NotificationsService } from '../notifications/notifications.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { OTHER_PLATFORM } from '../threads/posts.service';
import { postSubjectRow, threadSubjectRow } from '../threads/subject-rows';
import { Post } from '../threads/post.entity';
import { Confirmation } from './confirmation.entity';
import { FieldReport, Outcome } from './field-report.entity';
import { bumpPlatformStat } from './stats';

const REPORT_TO_CONFIRM = `select p.number, p.author_id, p.state, p.created_at, p.thread_id, t.locked, a.id as advisory_id, a.status, r.outcome, pl.key as platform_key
  from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id
  join field_reports r on r.post_id = p.id left join advisory_platforms pl on pl.id = r.platform_id where p.id = ?`;

@Injectable()
export class ConfirmationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * "Same here" on a report, on the confirmer's own platform. The unique (report, member) row is
   * written first, so of many parallel clicks exactly one counts; the rest change nothing.
   * Plain statements: with posting, this is the write a busy thread sees most.
   */
  async confirm(
    viewer: Viewer,
    postId: number,
    platformKey: string | undefined,
    platformOther: string | undefined,
  ): Promise<{ result: 'confirmed' | 'already'; number: number; advisoryId: string }> {
    return this.em.fork().transactional(async (em) => {
      const row = await sql<Record<string, unknown> | undefined>(em, REPORT_TO_CONFIRM, [postId], 'get');
      if (!row) throw new NotFoundException();
      const thread = threadSubjectRow(row, Number(row.thread_id));
      const subject = postSubjectRow(row, thread, true);
      if (!this.policy.can(viewer, Action.ViewPost, subject)) throw new NotFoundException();
      this.policy.ensure(viewer, Action.ConfirmReport, subject);
      const key = platformKey?.trim() || (row.platform_key as string | null) || OTHER_PLATFORM;
      let platformId: number | null = null;
      let other: string | null = null;
      if (key === OTHER_PLATFORM) {
        other = (platformOther ?? '').normalize('NFKC').trim();
        if (!other || other.length > 100) throw new FormInvalidException({ platformOther: 'report.platformOther.required' });
      } else {
        const platform = await sql<{ id: number } | undefined>(
          em,
          'select id from advisory_platforms where advisory_id = ? and key = ?',
          [thread.advisory.id, key],
          'get',
        );
        if (!platform) throw new FormInvalidException({ platform: 'report.platform.required' });
        platformId = Number(platform.id);
      }
      const where = { number: Number(row.number), advisoryId: thread.advisory.id };
      const added = await sql<{ id: number } | undefined>(
        em,
        'insert into confirmations (report_id, user_id, platform_id, platform_other, created_at) values (?, ?, ?, ?, ?) on conflict (report_id, user_id) do nothing returning id',
        [postId, viewer.id, platformId, other, dbDate(em, new Date())],
        'get',
      );
      if (!added) return { result: 'already', ...where };
      await sql(em, 'update field_reports set confirmation_count = confirmation_count + 1 where post_id = ?', [postId]);
      await bumpPlatformStat(em, thread.id, key, row.outcome as Outcome, 0, 1);
      await this.notifications.notify(em, subject.authorId, 'confirmation', postId, viewer.id!);
      return { result: 'confirmed', ...where };
    });
  }

  /** Takes one's own confirmation back; the counts go down with it. */
  async withdraw(viewer: Viewer, postId: number): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const { post, report } = await this.load(em, postId);
      const mine = await em.findOne(Confirmation, { report, user: viewer.id! }, { populate: ['platform'] });
      // Of parallel withdrawals only the one that deletes the row takes the counts down.
      if (!mine || !(await em.nativeDelete(Confirmation, { id: mine.id }))) return;
      await sql(em, 'update field_reports set confirmation_count = confirmation_count - 1 where post_id = ?', [post.id]);
      // A report that was hidden or deleted no longer counts, and neither do its confirmations.
      if (post.state === 'visible')
        await bumpPlatformStat(em, post.thread.id, mine.platform?.getEntity().key ?? OTHER_PLATFORM, report.outcome, 0, -1);
    });
  }

  private async load(em: EntityManager, postId: number) {
    const post = await em.findOne(Post, postId, { populate: ['thread', 'thread.advisory'] });
    const report = post?.isReport ? await em.findOne(FieldReport, { post }, { populate: ['platform'] }) : null;
    if (!post || !report) throw new NotFoundException();
    return { post, report };
  }
}
