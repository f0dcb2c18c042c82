import { Body, Controller, Get, Param, Post, Query, Redirect, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { ShowFormAgain, typedFields } from '../common/forms/show-form-again';
import { Action } from '../policy/actions';
import { GUEST, Viewer } from '../policy/viewer';
import { Post as BoardPost } from '../threads/post.entity';
import { AccountStateForm, FlagForm, LockForm, ReasonForm, ResolveForm, ReviewForm } from './dto/moderation.forms';
import { ModerationService } from './moderation.service';
import { ModerationPageService } from './moderation-page.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId } from '../common/http/row-id';
import { PageLocale } from '../common/decorators/page-locale.decorator';
import { Locale } from '../common/i18n/i18n';
import { flaggedPath, MOD_QUEUE_PATH, postPath, threadPath, userPath } from '../paths';

/** Where a post stands once a moderator has hidden or restored it. */
const postUrl = (post: BoardPost) => postPath(post.thread.getEntity().advisory.id, post.number);

@Controller()
export class ModerationController {
  constructor(
    private readonly pages: ModerationPageService,
    private readonly moderation: ModerationService,
  ) {}

  @Get('posts/:id/flag')
  @Render('moderation/flag')
  flagForm(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    return this.pages.flagForm(id, viewer);
  }

  @Post('posts/:id/flag')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) =>
    c.pages.flagRefused(pathRowId(req.params.id), req.viewer ?? GUEST, typedFields(req), errors),
  )
  async flag(@RowIdParam() id: number, @Body() form: FlagForm, @CurrentViewer() viewer: Viewer) {
    await this.moderation.flag(viewer, id, form.reason, form.note ?? '');
    return { url: flaggedPath(id) };
  }

  @Get('posts/:id/flagged')
  @Render('moderation/flagged')
  flagged(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    return this.pages.flagged(id, viewer);
  }

  @Get('mod')
  @Render('moderation/queue')
  queue(@CurrentViewer() viewer: Viewer) {
    return this.pages.queue(viewer);
  }

  @Post('mod/posts/:id/resolve')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) => c.pages.refused(req.viewer ?? GUEST, Action.ModerateQueue, errors))
  async resolve(@RowIdParam() id: number, @Body() form: ResolveForm, @CurrentViewer() viewer: Viewer) {
    await this.moderation.resolve(viewer, id, form.decision, form.reason);
    return { url: MOD_QUEUE_PATH };
  }

  @Post('mod/posts/:id/review')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) => c.pages.refused(req.viewer ?? GUEST, Action.ModerateQueue, errors))
  async review(@RowIdParam() id: number, @Body() form: ReviewForm, @CurrentViewer() viewer: Viewer) {
    await this.moderation.review(viewer, id, form.decision === 'approve', form.reason ?? '');
    return { url: MOD_QUEUE_PATH };
  }

  @Post('mod/users/:id/state')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) =>
    c.pages.accountStateRefused(pathRowId(req.params.id), req.viewer ?? GUEST, errors),
  )
  async accountState(@RowIdParam() id: number, @Body() form: AccountStateForm, @CurrentViewer() viewer: Viewer) {
    const days = typeof form.days === 'number' ? form.days : 0;
    return { url: userPath((await this.moderation.setAccountState(viewer, id, form.state, days, form.reason)).username) };
  }

  @Post('posts/:id/hide')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) => c.pages.refused(req.viewer ?? GUEST, Action.ModeratePost, errors))
  async hide(@RowIdParam() id: number, @Body() form: ReasonForm, @CurrentViewer() viewer: Viewer) {
    return { url: postUrl(await this.moderation.setVisibility(viewer, id, false, form.reason)) };
  }

  @Post('posts/:id/restore')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) => c.pages.refused(req.viewer ?? GUEST, Action.ModeratePost, errors))
  async restore(@RowIdParam() id: number, @Body() form: ReasonForm, @CurrentViewer() viewer: Viewer) {
    return { url: postUrl(await this.moderation.setVisibility(viewer, id, true, form.reason)) };
  }

  @Post('advisories/:id/lock')
  @Redirect('', 303)
  @ShowFormAgain((c: ModerationController, { req, errors }) => c.pages.lockRefused(String(req.params.id), req.viewer ?? GUEST, errors))
  async lock(@Param('id') rawId: string, @Body() form: LockForm, @CurrentViewer() viewer: Viewer) {
    const thread = await this.pages.thread(rawId);
    await this.moderation.setLocked(viewer, thread.id, form.locked !== 'off', form.reason);
    return { url: threadPath(thread.advisory.id) };
  }

  @Get('mod/log')
  @Render('moderation/log')
  log(@Query() query: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @PageLocale() locale: Locale) {
    return this.pages.log(query, viewer, locale);
  }
}
