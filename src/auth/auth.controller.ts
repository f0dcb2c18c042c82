import { Body, Controller, Get, HttpCode, Inject, Post, Query, Redirect, Render, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { FormErrorFilter } from '../common/forms/form-error.filter';
import { safeNextPath } from '../common/forms/safe-next';
import { sentFields, ShowFormAgain } from '../common/forms/show-form-again';
import { Viewer } from '../policy/viewer';
import { AuthPageService, loginRefused } from './auth-page.service';
import { AuthService } from './auth.service';
import { AccountSuspendedFilter } from './account-suspended.exception';
import { csrfToken } from './csrf';
import { LocalAuthGuard } from './local-auth.guard';
import { signIn } from './passport';
import { LoginForm, PasswordForm, RegisterForm } from './dto/auth.forms';
import { SESSION_STORE } from './auth.tokens';
import { BoardSessionStore } from './session-store';
import { boardPath, userPath } from '../paths';

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
  loginPage(@Req() req: Request, @Query('next') next?: string) {
    return this.pages.login(csrfToken(req), next);
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
  async register(@Body() form: RegisterForm, @Req() req: Request) {
    const user = await this.auth.register(form, req.ip ?? 'unknown');
    await signIn(req, { id: user.id });
    return { url: userPath(user.username) };
  }

  /** Ends the session: a new, empty session id, and the old one destroyed in the store. */
  @Public()
  @Post('logout')
  @Redirect('', 303)
  async logout(@Req() req: Request) {
    await new Promise<void>((resolve, reject) => req.logout((err?: Error | null) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err?: Error | null) => (err ? reject(err) : resolve())));
    return { url: boardPath() };
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
