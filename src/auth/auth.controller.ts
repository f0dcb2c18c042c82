import { Body, Controller, Get, Inject, Post, Query, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { FormErrorFilter } from '../common/forms/form-error.filter';
import { safeNextPath } from '../common/forms/safe-next';
import { Viewer } from '../policy/viewer';
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
    private readonly auth: AuthService,
    @Inject(SESSION_STORE) private readonly sessions: BoardSessionStore,
  ) {}

  @Public()
  @Get('login')
  @Render('auth/login')
  loginPage(@Req() req: Request, @Query('next') next?: string) {
    return { titleKey: 'auth.login.title', csrfToken: csrfToken(req), values: { next: safeNextPath(next, '') } };
  }

  /** The member is checked and signed in by LocalAuthGuard (passport-local); what is left is where to go. */
  @Public()
  @Post('login')
  @UseGuards(LocalAuthGuard)
  @UseFilters(
    new FormErrorFilter('auth/login', (req) => ({ titleKey: 'auth.login.title', csrfToken: csrfToken(req) })),
    new AccountSuspendedFilter(),
  )
  login(@Body() form: LoginForm, @Res() res: Response) {
    res.redirect(303, safeNextPath(form.next));
  }

  @Public()
  @Get('register')
  @Render('auth/register')
  registerPage(@Req() req: Request) {
    return { titleKey: 'auth.register.title', csrfToken: csrfToken(req) };
  }

  @Public()
  @Post('register')
  @UseFilters(new FormErrorFilter('auth/register', (req) => ({ titleKey: 'auth.register.title', csrfToken: csrfToken(req) })))
  async register(@Body() form: RegisterForm, @Req() req: Request, @Res() res: Response) {
    const user = await this.auth.register(form, req.ip ?? 'unknown');
    await signIn(req, { id: user.id });
    res.redirect(303, userPath(user.username));
  }

  /** Ends the session: a new, empty session id, and the old one destroyed in the store. */
  @Public()
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await new Promise<void>((resolve, reject) => req.logout((err?: Error | null) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err?: Error | null) => (err ? reject(err) : resolve())));
    res.redirect(303, boardPath());
  }

  @Get('account/password')
  @Render('auth/password')
  passwordPage(@Req() req: Request) {
    return { titleKey: 'auth.password.title', csrfToken: csrfToken(req) };
  }

  @Post('account/password')
  @UseFilters(new FormErrorFilter('auth/password', (req) => ({ titleKey: 'auth.password.title', csrfToken: csrfToken(req) })))
  async changePassword(@Body() form: PasswordForm, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    await this.auth.changePassword(viewer.id!, form.currentPassword, form.newPassword);
    const ended = form.endOtherSessions === 'on' ? await this.sessions.destroyUserSessions(viewer.id!, req.sessionID) : 0;
    res.status(200).render('auth/password', { titleKey: 'auth.password.title', csrfToken: csrfToken(req), changed: true, ended });
  }
}
