import { Body, Controller, Get, Param, Post as HttpPost, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { PageLocale } from '../common/decorators/page-locale.decorator';
import { Public } from '../common/decorators/public.decorator';
import { Locale } from '../common/i18n/i18n';
import { refusal, ShowFormAgain, typedFields } from '../common/forms/show-form-again';
import { safeNextPath } from '../common/forms/safe-next';
import { NotificationsService } from '../notifications/notifications.service';
import { GUEST, Viewer } from '../policy/viewer';
import { PostForm, WatchForm } from './dto/post.forms';
import { GuestCacheable } from '../page-cache/guest-cacheable';
import { PostsService } from './posts.service';
import { ThreadPageService } from './thread-page.service';
import { postPath, threadPath } from '../paths';

@Controller('advisories/:id')
export class ThreadsController {
  constructor(
    private readonly pages: ThreadPageService,
    private readonly posts: PostsService,
    private readonly notifications: NotificationsService,
  ) {}

  @Public()
  @Get('thread')
  @GuestCacheable(threadPath)
  @Render('threads/show')
  show(
    @Param('id') rawId: string,
    @Query('page') rawPage: string | undefined,
    @CurrentViewer() viewer: Viewer,
    @PageLocale() locale: Locale,
  ) {
    return this.pages.show(rawId, rawPage, viewer, locale);
  }

  /** A new post or field report; with intent=preview, the rendered text comes back (200) and nothing is saved. */
  @HttpPost('thread')
  @ShowFormAgain((c: ThreadsController, { req, errors }) =>
    c.pages.postRefused(String(req.params.id), req.viewer ?? GUEST, typedFields(req), errors),
  )
  async create(
    @Param('id') rawId: string,
    @Body() form: PostForm,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (form.intent === 'preview')
      return res.status(200).render('threads/show', await this.pages.preview(rawId, viewer, form, typedFields(req)));
    const thread = await this.pages.postingTo(rawId, viewer);
    res.redirect(303, postPath(thread.advisory.id, (await this.posts.create(viewer, thread.id, form)).number));
  }

  @HttpPost('watch')
  @Redirect('', 303)
  @ShowFormAgain(async (c: ThreadsController, { req, errors }) => {
    await c.pages.watchable(String(req.params.id), req.viewer ?? GUEST);
    return refusal('form.refused', errors);
  })
  async watch(@Param('id') rawId: string, @Body() form: WatchForm, @CurrentViewer() viewer: Viewer) {
    const thread = await this.pages.watchable(rawId, viewer);
    if (form.watch === 'off') await this.notifications.unwatch(viewer.id!, thread.advisory.id);
    else await this.notifications.watchNow(viewer.id!, thread.advisory.id);
    return { url: safeNextPath(form.next, threadPath(thread.advisory.id)) };
  }
}
