import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { refusalPage, RefusedForm, ShowFormAgain } from '../common/forms/show-form-again';
import { LIMITS } from '../common/limits';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { Thread } from '../threads/thread.entity';
import { UsersService } from '../users/users.service';
import { AccountStateForm, FlagForm, LockForm, ReasonForm, ResolveForm, ReviewForm } from './dto/moderation.forms';
import { FLAG_REASONS } from './flag.entity';
import { ModerationService } from './moderation.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId, rowId } from '../common/http/row-id';
import { clip } from '../common/text/clip';
import { auditLogPath, flaggedPath, MOD_QUEUE_PATH, permalinkPath, postPath, threadPath, userPath } from '../paths';

const LOG_PAGE = 100;

@Controller()
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly policy: PolicyService,
    private readonly users: UsersService,
  ) {}

  @Post('posts/:id/flag')
  @ShowFormAgain((_: ModerationController, { res, errors }) => refusalPage(res, 'flag.refused', errors))
  async flag(@RowIdParam() id: number, @Body() form: FlagForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    await this.moderation.flag(viewer, id, form.reason, form.note ?? '');
    res.redirect(303, flaggedPath(id));
  }

  /** After a flag: thanks, and the way back to the post; only for a post the viewer has flagged. */
  @Get('posts/:id/flagged')
  async flagged(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    if (viewer.isGuest || !(await this.moderation.hasFlagged(id, viewer.id!))) throw new NotFoundException();
    res.render('moderation/flagged', { titleKey: 'flag.thanks', backUrl: permalinkPath(id) });
  }

  @Get('mod')
  async queue(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ModerateQueue);
    const { flagged, held } = await this.moderation.queue();
    res.render('moderation/queue', {
      titleKey: 'mod.title',
      csrfToken: csrfToken(req),
      flagged: flagged.map(({ post, flags }) => ({
        id: post.id,
        number: post.number,
        url: postPath(post.thread.getEntity().advisory.id, post.number),
        advisoryId: post.thread.getEntity().advisory.id,
        author: post.author.getEntity().username,
        bodyHtml: post.bodyHtml,
        stateKey: `post.state.${post.state}`,
        since: flags[0].createdAt,
        count: flags.length,
        reasons: FLAG_REASONS.map((r) => ({ key: `flag.reason.${r}`, count: flags.filter((f) => f.reason === r).length })).filter(
          (r) => r.count > 0,
        ),
        notes: flags.filter((f) => f.note).map((f) => ({ user: f.user.getEntity().username, note: f.note })),
        deferred: flags.every((f) => f.state === 'deferred'),
      })),
      held: held.map((post) => ({
        id: post.id,
        number: post.number,
        url: postPath(post.thread.getEntity().advisory.id, post.number),
        advisoryId: post.thread.getEntity().advisory.id,
        author: post.author.getEntity().username,
        bodyHtml: post.bodyHtml,
        createdAt: post.createdAt,
      })),
    });
  }

  @Post('mod/posts/:id/resolve')
  @ShowFormAgain((c: ModerationController, refused) => c.refused(refused, Action.ModerateQueue))
  async resolve(@RowIdParam() id: number, @Body() form: ResolveForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    await this.moderation.resolve(viewer, id, form.decision, form.reason);
    res.redirect(303, MOD_QUEUE_PATH);
  }

  @Post('mod/posts/:id/review')
  @ShowFormAgain((c: ModerationController, refused) => c.refused(refused, Action.ModerateQueue))
  async review(@RowIdParam() id: number, @Body() form: ReviewForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    await this.moderation.review(viewer, id, form.decision === 'approve', form.reason ?? '');
    res.redirect(303, MOD_QUEUE_PATH);
  }

  @Post('mod/users/:id/state')
  @ShowFormAgain((c: ModerationController, refused) => c.accountStateRefused(refused))
  async accountState(@RowIdParam() id: number, @Body() form: AccountStateForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const days = typeof form.days === 'number' ? form.days : 0;
    const user = await this.moderation.setAccountState(viewer, id, form.state, days, form.reason);
    res.redirect(303, userPath(user.username));
  }

  @Post('posts/:id/hide')
  @ShowFormAgain((c: ModerationController, refused) => c.refused(refused, Action.ModeratePost))
  hide(@RowIdParam() id: number, @Body() form: ReasonForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    return this.visibility(id, false, form.reason, viewer, res);
  }

  @Post('posts/:id/restore')
  @ShowFormAgain((c: ModerationController, refused) => c.refused(refused, Action.ModeratePost))
  restore(@RowIdParam() id: number, @Body() form: ReasonForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    return this.visibility(id, true, form.reason, viewer, res);
  }

  @Post('advisories/:id/lock')
  @ShowFormAgain((c: ModerationController, refused) => c.lockRefused(refused))
  async lock(@Param('id') rawId: string, @Body() form: LockForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const thread = await this.thread(rawId);
    await this.moderation.setLocked(viewer, thread.id, form.locked !== 'off', form.reason);
    res.redirect(303, threadPath(thread.advisory.id));
  }

  /** The audit log: append-only, newest first, filterable by actor, action and advisory. */
  @Get('mod/log')
  async log(@Query() query: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ViewAuditLog);
    const str = (k: string) => (typeof query[k] === 'string' ? clip(query[k].trim(), LIMITS.logFilter) : '');
    const advisory = normalizeAdvisoryId(str('advisory'));
    const filter = {
      actorName: str('actor'),
      action: str('action'),
      advisoryId: advisory ?? undefined,
      beforeId: rowId(str('before')) ?? undefined,
    };
    // An advisory filter that is no advisory id matches nothing (not everything).
    const rows = str('advisory') && !advisory ? [] : await this.moderation.auditLog(filter, LOG_PAGE);
    const items = rows.slice(0, LOG_PAGE);
    const chosen = { actor: str('actor'), action: str('action'), advisory: advisory ?? '' };
    res.render('moderation/log', {
      titleKey: 'mod.log.title',
      filters: { actor: str('actor'), action: str('action'), advisory: advisory ?? str('advisory') },
      entries: items.map((e) => ({
        id: e.id,
        at: e.createdAt,
        actor: e.actorName,
        action: e.action,
        target: `${e.targetType} ${e.targetId}`,
        reason: e.reason,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      })),
      nextUrl: rows.length > LOG_PAGE ? auditLogPath(chosen, items[items.length - 1].id) : null,
    });
  }

  private async visibility(id: number, visible: boolean, reason: string, viewer: Viewer, res: Response) {
    const post = await this.moderation.setVisibility(viewer, id, visible, reason);
    res.redirect(303, postPath(post.thread.getEntity().advisory.id, post.number));
  }

  /** The thread of the advisory the address names (404 before its first publication). */
  private async thread(rawId: string): Promise<Thread> {
    const id = normalizeAdvisoryId(rawId);
    const thread = id ? await this.moderation.threadOfAdvisory(id) : null;
    if (!thread) throw new NotFoundException();
    return thread;
  }

  /** A moderator's form refused: who may act comes before what the form said (a subscriber's malformed form is a 403). */
  refused({ req, res, errors }: RefusedForm, action: Action): void {
    this.policy.ensure(req.viewer ?? GUEST, action);
    refusalPage(res, 'mod.refused', errors);
  }

  async accountStateRefused(refused: RefusedForm): Promise<void> {
    const user = await this.users.findById(pathRowId(refused.req.params.id));
    if (!user) throw new NotFoundException();
    this.policy.ensure(refused.req.viewer ?? GUEST, Action.ModerateUser, user);
    refusalPage(refused.res, 'mod.refused', refused.errors);
  }

  async lockRefused(refused: RefusedForm): Promise<void> {
    await this.thread(String(refused.req.params.id));
    this.refused(refused, Action.LockThread);
  }
}
