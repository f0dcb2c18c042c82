import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { AccountSuspendedException } from './account-suspended.exception';
import { AuthService } from './auth.service';
import { boardOf } from './passport';

/** The sign-in form (`username`, `password`) checked by passport-local through the account checks of AuthService. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  /** Passport holds one 'local' strategy per process, the last app's: the request's own app does the check. */
  validate(req: Request, username: string, password: string): Promise<Express.User> {
    return boardOf(req).verify(req, username, password);
  }

  /** Unknown user and wrong password get one answer; only the right password learns of a suspension. */
  async verify(req: Request, username: string, password: string): Promise<Express.User> {
    const outcome = await this.auth.login(username, password, req.ip ?? 'unknown');
    if (outcome.ok) return { id: outcome.user.id };
    if (outcome.error === 'suspended') throw new AccountSuspendedException(outcome.until, outcome.reason);
    throw new FormInvalidException({ form: 'auth.login.failed' });
  }
}
