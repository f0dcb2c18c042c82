import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Redirect, Render, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { PageLocale } from '../common/decorators/page-locale.decorator';
import { Public } from '../common/decorators/public.decorator';
import { FormErrorFilter } from '../common/forms/form-error.filter';
import { safeNextPath } from '../common/forms/safe-next';
import { sentFields, ShowFormAgain } from '../common/forms/show-form-again';
import { Locale } from '../common/i18n/i18n';
import { GUEST, Viewer } from '../policy/viewer';
import { AuthPageService, loginRefused } from './auth-page.service';
import { AuthService } from './auth.service';
import { AccountSuspendedFilter } from './account-suspended.exception';
import { csrfToken } from './csrf';
import { LocalAuthGuard } from './local-auth.guard';
import { endSession, signIn } from './passport';
import { ForgotPasswordForm, LoginForm, PasswordForm, RegisterForm, ResetPasswordForm } from './dto/auth.forms';
import { SESSION_STORE } from './auth.tokens';
import { BoardSessionStore } from './session-store';
import {
  boardPath,
  CONFIRM_EMAIL_PATH,
  CONFIRM_EMAIL_RESEND_PATH,
  EMAIL_CONFIRMED_PATH,
  PASSWORD_FORGOT_PATH,
  PASSWORD_RESET_DONE_PATH,
  PASSWORD_RESET_PATH,
  userPath,
} from '../paths';

@Controller()
export class AuthController {
  constructor(
    private readonly pages: AuthPageService,
    private readonly auth: AuthService,
    @Inject(SESSION_STORE) private readonly sessions: BoardSessionStore,
  ) {}

  @Public()
  @Get('login')
  @Render('auth/login')
  loginPage(@Req() req: Request, @Query('next') next?: string, @Query('reset') reset?: string) {
    return this.pages.login(csrfToken(req), next, reset === 'done');
  }

  /** The member is checked and signed in by LocalAuthGuard (passport-local); what is left is where to go. */
  @Public()
  @Post('login')
  @UseGuards(LocalAuthGuard)
  // A guard's refusal does not pass through interceptors: the login form comes back through filters.
  @UseFilters(new FormErrorFilter((req, errors) => loginRefused(csrfToken(req), sentFields(req), errors)), new AccountSuspendedFilter())
  @Redirect('', 303)
  login(@Body() form: LoginForm) {
    return { url: safeNextPath(form.next) };
  }

  @Public()
  @Get('register')
  @Render('auth/register')
  registerPage(@Req() req: Request) {
    return this.pages.register(csrfToken(req));
  }

  @Public()
  @Post('register')
  @Redirect('', 303)
  @ShowFormAgain((c: AuthController, { req, errors }) => c.pages.registerRefused(csrfToken(req), sentFields(req), errors))
  async register(@Body() form: RegisterForm, @Req() req: Request, @PageLocale() locale: Locale) {
    const user = await this.auth.register(form, req.ip ?? 'unknown', locale);
    await signIn(req, { id: user.id });
    return { url: userPath(user.username) };
  }

  /** Ends the session: a new, empty session id, and the old one destroyed in the store. */
  @Public()
  @Post('logout')
  @Redirect('', 303)
  async logout(@Req() req: Request) {
    await endSession(req);
    return { url: boardPath() };
  }

  @Public()
  @Get(PASSWORD_FORGOT_PATH)
  @Render('auth/forgot')
  forgotPage(@Req() req: Request) {
    return this.pages.forgot(csrfToken(req));
  }

  /** The same page and status whether or not the address is registered. */
  @Public()
  @Post(PASSWORD_FORGOT_PATH)
  @HttpCode(200)
  @Render('auth/forgot')
  @ShowFormAgain((c: AuthController, { req, errors }) => c.pages.forgotRefused(csrfToken(req), sentFields(req), errors))
  async forgot(@Body() form: ForgotPasswordForm, @Req() req: Request, @PageLocale() locale: Locale) {
    await this.auth.requestPasswordReset(form.email, req.ip ?? 'unknown', locale);
    return this.pages.forgotSent(csrfToken(req), form.email);
  }

  @Public()
  @Get(PASSWORD_RESET_PATH)
  @Header('Cache-Control', 'no-store')
  @Render('auth/reset')
  resetPage(@Req() req: Request, @Query('token') token: unknown) {
    return this.pages.reset(csrfToken(req), token);
  }

  /**
   * The new password; then every session of the member ends, this browser's too, and they sign in
   * again with it (as OWASP advises: no sign-in by the link itself, which a mailbox reader could use).
   */
  @Public()
  @Post(PASSWORD_RESET_PATH)
  @Redirect('', 303)
  @ShowFormAgain((c: AuthController, { req, errors }) => c.pages.resetRefused(csrfToken(req), req.query.token, errors))
  async reset(@Query('token') token: unknown, @Body() form: ResetPasswordForm, @Req() req: Request) {
    const userId = await this.auth.resetPassword(token, form.password);
    await this.sessions.destroyUserSessions(userId);
    await endSession(req);
    return { url: PASSWORD_RESET_DONE_PATH };
  }

  /** The mailed link's page: a button confirms, as mail scanners fetch links and a GET must change nothing. */
  @Public()
  @Get(CONFIRM_EMAIL_PATH)
  @Header('Cache-Control', 'no-store')
  @Render('auth/confirm-email')
  confirmEmailPage(
    @Req() req: Request,
    @CurrentViewer() viewer: Viewer,
    @Query('token') token: unknown,
    @Query('confirmed') confirmed: unknown,
  ) {
    return this.pages.confirmEmail(csrfToken(req), viewer, token, confirmed === '1');
  }

  @Public()
  @Post(CONFIRM_EMAIL_PATH)
  @Redirect('', 303)
  @ShowFormAgain((c: AuthController, { req }) => c.pages.confirmRefused(csrfToken(req), req.viewer ?? GUEST))
  async confirmEmail(@Query('token') token: unknown) {
    await this.auth.confirmEmail(token);
    return { url: EMAIL_CONFIRMED_PATH };
  }

  @Post(CONFIRM_EMAIL_RESEND_PATH)
  @Redirect('', 303)
  async resendConfirmation(@CurrentViewer() viewer: Viewer, @PageLocale() locale: Locale) {
    await this.auth.resendConfirmation(viewer, locale);
    return { url: CONFIRM_EMAIL_PATH };
  }

  @Get('account/password')
  @Render('auth/password')
  passwordPage() {
    return this.pages.password();
  }

  @Post('account/password')
  @HttpCode(200)
  @Render('auth/password')
  @ShowFormAgain((c: AuthController, { req, errors }) => c.pages.passwordRefused(sentFields(req), errors))
  async changePassword(@Body() form: PasswordForm, @CurrentViewer() viewer: Viewer, @Req() req: Request) {
    await this.auth.changePassword(viewer.id!, form.currentPassword, form.newPassword);
    const ended = form.endOtherSessions === 'on' ? await this.sessions.destroyUserSessions(viewer.id!, req.sessionID) : 0;
    return this.pages.passwordChanged(ended);
  }
}
