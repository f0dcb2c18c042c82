import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ADVISORY_ID } from '../advisories/advisory-format';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { safeNextPath } from '../common/forms/safe-next';
import { refusalPage, RefusedForm, ShowFormAgain } from '../common/forms/show-form-again';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { EmailWatchForm } from './dto/email-watch.form';
import { ThreadPageService } from '../threads/thread-page.service';
import { UsersService } from '../users/users.service';
import { MailService } from './mail.service';
import { OUTBOX_STATUSES, OutboxMail, OutboxMailStatus } from './outbox-mail.entity';
import { rowId } from '../common/http/row-id';
import {
  outboxMailPath,
  outboxPath,
  threadPath,
  UNSUBSCRIBE_PATH,
  UNSUBSCRIBED_PATH,
  unsubscribedPath,
  unsubscribePath,
  WATCHES_PATH,
  watchesPath,
} from '../paths';

@Controller()
export class MailController {
  constructor(
    private readonly mail: MailService,
    private readonly pages: ThreadPageService,
    private readonly policy: PolicyService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Email on or off for one advisory (on also starts watching it). */
  @Post('advisories/:id/watch/email')
  @ShowFormAgain((c: MailController, refused) => c.emailRefused(refused))
  async setEmail(@Param('id') rawId: string, @Body() form: EmailWatchForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const { head: thread } = await this.pages.head(rawId, viewer);
    this.policy.ensure(viewer, Action.WatchByEmail, thread);
    await this.mail.setEmail(viewer.id!, thread.advisory.id, form.email !== 'off');
    res.redirect(303, safeNextPath(form.next, threadPath(thread.advisory.id)));
  }

  async emailRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const viewer = req.viewer ?? GUEST;
    this.policy.ensure(viewer, Action.WatchByEmail, (await this.pages.head(String(req.params.id), viewer)).head);
    refusalPage(res, 'form.refused', errors);
  }

  /** The member's watched advisories, each with its email choice. */
  @Get(WATCHES_PATH)
  async watches(@CurrentViewer() viewer: Viewer, @Query('before') before: string | undefined, @Req() req: Request, @Res() res: Response) {
    const { items, nextBefore } = await this.mail.watchesOf(viewer.id!, rowId(before));
    const user = await this.users.findById(viewer.id!);
    const here = req.originalUrl;
    res.render('mail/watches', {
      titleKey: 'mail.watches.title',
      csrfToken: csrfToken(req),
      email: user?.email ?? '',
      here,
      watches: items.map((w) => ({
        advisoryId: w.advisory.id,
        title: w.advisory.getEntity().title,
        threadUrl: threadPath(w.advisory.id),
        email: w.emailEnabled,
        since: w.createdAt,
      })),
      nextUrl: nextBefore ? watchesPath(nextBefore) : null,
    });
  }

  /** What the link in a mail opens: a confirmation, because mail scanners fetch links and a GET must change nothing. */
  @Public()
  @Get(UNSUBSCRIBE_PATH)
  async confirmUnsubscribe(@Query('token') token: unknown, @Res() res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const claim = this.mail.tokens.verify(token);
    if (!claim) return res.status(400).render('mail/unsubscribe', { titleKey: 'mail.unsubscribe.title', invalid: true });
    res.render('mail/unsubscribe', {
      titleKey: 'mail.unsubscribe.title',
      advisoryId: claim.advisoryId,
      advisoryTitle: (await this.mail.advisoryTitle(claim.advisoryId)) ?? '',
      action: unsubscribePath(token as string),
    });
  }

  /**
   * Turns email off for the watch the token names. The token is the authorisation: this is the one
   * POST without a session or CSRF token (a mail client's RFC 8058 one-click request has neither).
   */
  @Public()
  @Post(UNSUBSCRIBE_PATH)
  async unsubscribe(@Query('token') token: unknown, @Res() res: Response) {
    const claim = this.mail.tokens.verify(token);
    if (!claim) {
      res.setHeader('Cache-Control', 'no-store');
      return res.status(400).render('mail/unsubscribe', { titleKey: 'mail.unsubscribe.title', invalid: true });
    }
    await this.mail.setEmail(claim.userId, claim.advisoryId, false);
    res.redirect(303, unsubscribedPath(claim.advisoryId));
  }

  @Public()
  @Get(UNSUBSCRIBED_PATH)
  unsubscribed(@Query('advisory') advisory: unknown, @Res() res: Response) {
    const id = typeof advisory === 'string' && ADVISORY_ID.test(advisory) ? advisory : null;
    res.render('mail/unsubscribed', {
      titleKey: 'mail.unsubscribed.title',
      advisoryId: id,
      threadUrl: id ? threadPath(id) : null,
      settingsUrl: WATCHES_PATH,
    });
  }

  /** Admins: every mail, newest first, with its delivery state. */
  @Get('admin/outbox')
  async outbox(
    @CurrentViewer() viewer: Viewer,
    @Query('before') before: string | undefined,
    @Query('status') rawStatus: string | undefined,
    @Res() res: Response,
  ) {
    this.policy.ensure(viewer, Action.ViewOutbox);
    const status = OUTBOX_STATUSES.includes(rawStatus as OutboxMailStatus) ? (rawStatus as OutboxMailStatus) : null;
    const { items, nextBefore } = await this.mail.list(rowId(before), status);
    res.render('mail/outbox', {
      titleKey: 'mail.outbox.title',
      smtpOff: !this.config.mail.smtpUrl,
      filters: [null, ...OUTBOX_STATUSES].map((s) => ({
        url: outboxPath({ status: s }),
        key: s ? `mail.outbox.status.${s}` : 'mail.outbox.all',
        current: s === status,
      })),
      mails: items.map(row),
      nextUrl: nextBefore ? outboxPath({ status, before: nextBefore }) : null,
    });
  }

  @Get('admin/outbox/:id')
  async outboxMail(@CurrentViewer() viewer: Viewer, @Param('id') rawId: string, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ViewOutbox);
    const id = rowId(rawId);
    const mail = id ? await this.mail.find(id) : null;
    if (!mail) throw new NotFoundException();
    res.render('mail/outbox-mail', {
      title: mail.subject,
      mail: {
        ...row(mail),
        body: mail.body,
        messageId: mail.messageId,
        unsubscribeUrl: mail.unsubscribeUrl,
        nextAttemptAt: mail.status === 'pending' && this.config.mail.smtpUrl ? mail.nextAttemptAt : null,
        from: this.config.mail.from,
      },
    });
  }
}

function row(m: Omit<OutboxMail, 'body'>) {
  return {
    id: m.id,
    url: outboxMailPath(m.id),
    status: m.status,
    statusKey: `mail.outbox.status.${m.status}`,
    kindKey: `mail.outbox.kind.${m.kind}`,
    to: m.toAddress,
    subject: m.subject,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
  };
}
