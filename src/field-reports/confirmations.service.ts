import { EntityManager, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { sql } from '../database/sql';
import { NotificationsService } from '../notifications/notifications.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { OTHER_PLATFORM, postSubject } from '../threads/posts.service';
import { Post } from '../threads/post.entity';
import { User } from '../users/user.entity';
import { Confirmation } from './confirmation.entity';
import { FieldReport } from './field-report.entity';
import { bumpPlatformStat } from './stats';

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
   */
  async confirm(viewer: Viewer, postId: number, platformKey: string | undefined, platformOther: string | undefined): Promise<'confirmed' | 'already'> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const { post, report } = await this.load(em, postId);
        this.policy.ensure(viewer, Action.ConfirmReport, { ...postSubject(post, post.thread.getEntity()), isReport: true });
        const platforms = await em.find(AdvisoryPlatform, { advisory: post.thread.getEntity().advisory });
        const key = platformKey?.trim() || report.platform?.getEntity().key || OTHER_PLATFORM;
        const confirmation = new Confirmation(ref(report), ref(User, viewer.id!));
        if (key === OTHER_PLATFORM) {
          const other = (platformOther ?? '').normalize('NFKC').trim();
          if (!other || other.length > 100) throw new FormInvalidException({ platformOther: 'report.platformOther.required' });
          confirmation.platformOther = other;
        } else {
          const platform = platforms.find((p) => p.key === key);
          if (!platform) throw new FormInvalidException({ platform: 'report.platform.required' });
          confirmation.platform = ref(platform);
        }
        if (await em.count(Confirmation, { report, user: viewer.id! })) return 'already';
        em.persist(confirmation);
        await em.flush();
        await sql(em, 'update field_reports set confirmation_count = confirmation_count + 1 where post_id = ?', [post.id]);
        await bumpPlatformStat(em, post.thread.id, key, report.outcome, 0, 1);
        await this.notifications.notify(em, post.author.id, 'confirmation', post.id, viewer.id!);
        return 'confirmed';
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return 'already';
      throw err;
    }
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
      if (post.state === 'visible') await bumpPlatformStat(em, post.thread.id, mine.platform?.getEntity().key ?? OTHER_PLATFORM, report.outcome, 0, -1);
    });
  }

  private async load(em: EntityManager, postId: number) {
    const post = await em.findOne(Post, postId, { populate: ['thread', 'thread.advisory'] });
    const report = post?.isReport ? await em.findOne(FieldReport, { post }, { populate: ['platform'] }) : null;
    if (!post || !report) throw new NotFoundException();
    return { post, report };
  }
}
