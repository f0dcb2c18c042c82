import { Injectable } from '@nestjs/common';
import { rowId } from '../common/http/row-id';
import { Viewer } from '../policy/viewer';
import { NotificationsService } from './notifications.service';
import { knownIssuePath, notificationsPath, postPath } from '../paths';

/** The member's notifications page. */
@Injectable()
export class NotificationsPageService {
  constructor(private readonly notifications: NotificationsService) {}

  async list(viewer: Viewer, before: string | undefined) {
    const { items, nextBefore } = await this.notifications.list(viewer.id!, rowId(before));
    return {
      titleKey: 'notifications.title',
      notifications: items.map((n) => {
        const post = n.post?.getEntity();
        const issue = n.knownIssue?.getEntity();
        const advisoryId = post ? post.thread.getEntity().advisory.id : issue!.advisory.id;
        return {
          id: n.id,
          kindKey: `notifications.kind.${n.kind}`,
          actor: n.actor?.getEntity().username ?? null,
          postNumber: post?.number ?? null,
          title: issue?.title ?? null,
          advisoryId,
          url: post ? postPath(advisoryId, post.number) : knownIssuePath(advisoryId, issue!.id),
          createdAt: n.createdAt,
          unread: n.readAt === null,
        };
      }),
      nextUrl: nextBefore ? notificationsPath(nextBefore) : null,
    };
  }
}
