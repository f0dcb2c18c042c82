import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { validateForm } from '../common/forms/validate-form';
import { LoginForm } from './dto/auth.forms';
import { signIn } from './passport';

/** POST /login: the form's own rules, then passport-local, then the member signed in on a fresh session. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    // Guards run before pipes: a blank field gets its own message, as every form answers, and costs no attempt.
    await validateForm(LoginForm, req.body);
    await super.canActivate(context);
    await signIn(req, req.user!);
    return true;
  }

  /** An error from the strategy is the form's answer; a refusal without one still says only "wrong name or password". */
  override handleRequest<TUser = Express.User>(err: Error | null, user: TUser | false): TUser {
    if (err) throw err;
    if (!user) throw new FormInvalidException({ form: 'auth.login.failed' });
    return user;
  }
}
