import { Body, Controller, Get, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Viewer } from '../policy/viewer';
import { NotificationsService } from './notifications.service';
import { rowId } from '../common/http/row-id';
import { knownIssuePath, notificationsPath, postPath } from '../paths';
import { ShowFormAgain } from '../common/forms/show-form-again';
import { ReadForm } from './dto/read.form';

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async list(@CurrentViewer() viewer: Viewer, @Query('before') before: string | undefined, @Req() req: Request, @Res() res: Response) {
    const beforeId = rowId(before);
    const { items, nextBefore } = await this.notifications.list(viewer.id!, beforeId);
    res.render('notifications/index', {
      titleKey: 'notifications.title',
      csrfToken: csrfToken(req),
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
    });
  }

  /** Marks one notification (id) or all of them as read. */
  @Post('read')
  // Only a form without an id marks everything read: a mangled id is no such notification.
  @ShowFormAgain(() => {
    throw new NotFoundException();
  })
  async read(@CurrentViewer() viewer: Viewer, @Body() form: ReadForm, @Res() res: Response) {
    await this.notifications.markRead(viewer.id!, rowId(form.id));
    res.redirect(303, notificationsPath());
  }
}
