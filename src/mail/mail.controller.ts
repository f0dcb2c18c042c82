import { Body, Controller, Get, Header, Param, Post, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { safeNextPath } from '../common/forms/safe-next';
import { ShowFormAgain } from '../common/forms/show-form-again';
import { GUEST, Viewer } from '../policy/viewer';
import { EmailWatchForm } from './dto/email-watch.form';
import { MailPageService } from './mail-page.service';
import { MailService } from './mail.service';
import { threadPath, UNSUBSCRIBE_PATH, UNSUBSCRIBED_PATH, unsubscribedPath, WATCHES_PATH } from '../paths';

@Controller()
export class MailController {
  constructor(
    private readonly pages: MailPageService,
    private readonly mail: MailService,
  ) {}

  /** Email on or off for one advisory (on also starts watching it). */
  @Post('advisories/:id/watch/email')
  @Redirect('', 303)
  @ShowFormAgain((c: MailController, { req, errors }) => c.pages.emailRefused(String(req.params.id), req.viewer ?? GUEST, errors))
  async setEmail(@Param('id') rawId: string, @Body() form: EmailWatchForm, @CurrentViewer() viewer: Viewer) {
    const thread = await this.pages.emailable(rawId, viewer);
    await this.mail.setEmail(viewer.id!, thread.advisory.id, form.email !== 'off');
    return { url: safeNextPath(form.next, threadPath(thread.advisory.id)) };
  }

  /** The member's watched advisories, each with its email choice. */
  @Get(WATCHES_PATH)
  @Render('mail/watches')
  watches(@CurrentViewer() viewer: Viewer, @Query('before') before: string | undefined, @Req() req: Request) {
    return this.pages.watches(viewer, before, req.originalUrl);
  }

  /** What the link in a mail opens: a confirmation, because mail scanners fetch links and a GET must change nothing. */
  @Public()
  @Get(UNSUBSCRIBE_PATH)
  @Header('Cache-Control', 'no-store')
  @Render('mail/unsubscribe')
  async confirmUnsubscribe(@Query('token') token: unknown, @Res({ passthrough: true }) res: Response) {
    // An invalid token's page is sent with 400, which @Render alone cannot say.
    const { status, model } = await this.pages.unsubscribe(token);
    res.status(status);
    return model;
  }

  /**
   * Turns email off for the watch the token names. The token is the authorisation: this is the one
   * POST without a session or CSRF token (a mail client's RFC 8058 one-click request has neither).
   */
  @Public()
  @Post(UNSUBSCRIBE_PATH)
  async unsubscribe(@Query('token') token: unknown, @Res() res: Response) {
    const claim = this.mail.tokens.verify(token);
    if (!claim) return res.status(400).setHeader('Cache-Control', 'no-store').render('mail/unsubscribe', this.pages.unsubscribeInvalid());
    await this.mail.setEmail(claim.userId, claim.advisoryId, false);
    res.redirect(303, unsubscribedPath(claim.advisoryId));
  }

  @Public()
  @Get(UNSUBSCRIBED_PATH)
  @Render('mail/unsubscribed')
  unsubscribed(@Query('advisory') advisory: unknown) {
    return this.pages.unsubscribed(advisory);
  }

  /** Admins: every mail, newest first, with its delivery state. */
  @Get('admin/outbox')
  @Render('mail/outbox')
  outbox(@CurrentViewer() viewer: Viewer, @Query('before') before: string | undefined, @Query('status') status: string | undefined) {
    return this.pages.outbox(viewer, before, status);
  }

  @Get('admin/outbox/:id')
  @Render('mail/outbox-mail')
  outboxMail(@CurrentViewer() viewer: Viewer, @Param('id') rawId: string) {
    return this.pages.outboxMail(viewer, rawId);
  }
}
