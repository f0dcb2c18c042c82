import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { LIMITS } from '../common/limits';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { FLAG_REASONS } from './flag.entity';
import { ModerationService } from './moderation.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { rowId } from '../common/http/row-id';
import { clip } from '../common/text/clip';
import { auditLogPath, flaggedPath, MOD_QUEUE_PATH, permalinkPath, postPath, threadPath, userPath } from '../paths';

const LOG_PAGE = 100;
/** Whole days as typed in the form; the service checks the range. */
const DAYS = new RegExp(`^\\d{1,${LIMITS.suspensionDays}}$`);

@Controller()
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly policy: PolicyService,
  ) {}

  @Post('posts/:id/flag')
  async flag(@RowIdParam() id: number, @Body() body: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const str = (k: string) => (typeof body[k] === 'string' ? body[k] : undefined);
    try {
      await this.moderation.flag(viewer, id, str('reason'), str('note'));
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      return res.status(422).render('errors/error', { titleKey: 'flag.refused', messageKey: Object.values(err.errors)[0], status: 422 });
    }
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
  async resolve(@RowIdParam() id: number, @Body() body: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    // Who may decide comes before what was decided: a subscriber's malformed form is a 403, not a 422.
    this.policy.ensure(viewer, Action.ModerateQueue);
    const decision = body.decision === 'agree' || body.decision === 'disagree' || body.decision === 'defer' ? body.decision : null;
    try {
      if (!decision) throw new FormInvalidException({ decision: 'form.invalid' });
      await this.moderation.resolve(viewer, id, decision, typeof body.reason === 'string' ? body.reason : '');
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      return res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
    }
    res.redirect(303, MOD_QUEUE_PATH);
  }

  @Post('mod/posts/:id/review')
  async review(@RowIdParam() id: number, @Body() body: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    try {
      if (body.decision !== 'approve' && body.decision !== 'reject') throw new FormInvalidException({ decision: 'form.invalid' });
      await this.moderation.review(viewer, id, body.decision === 'approve', typeof body.reason === 'string' ? body.reason : '');
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      return res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
    }
    res.redirect(303, MOD_QUEUE_PATH);
  }

  @Post('mod/users/:id/state')
  async accountState(
    @RowIdParam() id: number,
    @Body() body: Record<string, unknown>,
    @CurrentViewer() viewer: Viewer,
    @Res() res: Response,
  ) {
    const state = body.state === 'silenced' || body.state === 'suspended' || body.state === 'active' ? body.state : null;
    const days = typeof body.days === 'string' && DAYS.test(body.days) ? Number(body.days) : NaN;
    try {
      if (!state) throw new FormInvalidException({ state: 'form.invalid' });
      const user = await this.moderation.setAccountState(viewer, id, state, days, typeof body.reason === 'string' ? body.reason : '');
      res.redirect(303, userPath(user.username));
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
    }
  }

  @Post('posts/:id/hide')
  hide(@RowIdParam() id: number, @Body('reason') reason: unknown, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    return this.visibility(id, false, reason, viewer, res);
  }

  @Post('posts/:id/restore')
  restore(@RowIdParam() id: number, @Body('reason') reason: unknown, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    return this.visibility(id, true, reason, viewer, res);
  }

  @Post('advisories/:id/lock')
  lock(@Param('id') rawId: string, @Body() body: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    return this.locking(rawId, body.locked !== 'off', body.reason, viewer, res);
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

  private async visibility(id: number, visible: boolean, reason: unknown, viewer: Viewer, res: Response) {
    try {
      const post = await this.moderation.setVisibility(viewer, id, visible, typeof reason === 'string' ? reason : '');
      res.redirect(303, postPath(post.thread.getEntity().advisory.id, post.number));
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
    }
  }

  private async locking(rawId: string, locked: boolean, reason: unknown, viewer: Viewer, res: Response) {
    const id = normalizeAdvisoryId(rawId);
    const thread = id ? await this.moderation.threadOfAdvisory(id) : null;
    if (!thread)
      return res.status(404).render('errors/error', { titleKey: 'error.404.title', messageKey: 'error.404.message', status: 404 });
    try {
      await this.moderation.setLocked(viewer, thread.id, locked, typeof reason === 'string' ? reason : '');
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      return res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
    }
    res.redirect(303, threadPath(id!));
  }
}
