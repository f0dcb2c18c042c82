import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { RateLimiter, TooManyRequestsException } from '../common/rate-limit/rate-limiter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST } from '../policy/viewer';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { usernameKey } from '../users/username';
import { UsersService } from '../users/users.service';
import { hashPassword, passwordProblem, verifyPassword } from './password';

export type LoginOutcome =
  | { ok: true; user: User }
  | { ok: false; error: 'credentials' }
  | { ok: false; error: 'suspended'; until: Date | null; reason: string | null };

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepo: UsersRepository,
    private readonly em: EntityManager,
    private readonly limiter: RateLimiter,
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks a login. Unknown user and wrong password give the same answer after the same work;
   * failures count per IP and per username, and past either limit no password is even checked.
   * Each attempt is counted before its password is checked (so a burst of parallel attempts cannot
   * all slip past the limit) and given back when it is refused or turns out right.
   */
  async login(username: string, password: string, ip: string): Promise<LoginOutcome> {
    const limits = this.config.rateLimits;
    const key = usernameKey(username) || '(empty)';
    const counted: [string, string][] = [];
    for (const [bucket, id, rule] of [
      ['login-ip', ip, limits.loginPerIp],
      ['login-user', key, limits.loginPerUser],
    ] as const) {
      const state = await this.limiter.consume(bucket, id, rule);
      counted.push([bucket, id]);
      if (!state.allowed) {
        for (const [b, i] of counted) await this.limiter.release(b, i);
        throw new TooManyRequestsException(state.retryAfterSeconds);
      }
    }
    const user = await this.users.findByLogin(username);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) return { ok: false, error: 'credentials' };
    await this.limiter.release('login-ip', ip);
    await this.limiter.reset('login-user', key);
    // Only the right password learns of a suspension, so it does not reveal that an account exists.
    if (!this.policy.can(GUEST, Action.SignIn, user))
      return { ok: false, error: 'suspended', until: user.stateUntil, reason: user.stateReason };
    return { ok: true, user };
  }

  async register(input: { username: string; email: string; password: string }, ip: string): Promise<User> {
    const state = await this.limiter.consume('register-ip', ip, this.config.rateLimits.registerPerIp);
    if (!state.allowed) throw new TooManyRequestsException(state.retryAfterSeconds);
    return this.users.create(input);
  }

  async changePassword(userId: number, current: string, next: string): Promise<void> {
    const em = this.em.fork();
    const user = await this.usersRepo.withPassword(em, userId);
    // A stolen session must not become a way to guess the password: the login limit applies here too.
    const state = await this.limiter.consume('password-user', String(userId), this.config.rateLimits.loginPerUser);
    if (!state.allowed) throw new TooManyRequestsException(state.retryAfterSeconds);
    if (!(await verifyPassword(user.passwordHash, current))) throw new FormInvalidException({ currentPassword: 'password.wrong' });
    await this.limiter.reset('password-user', String(userId));
    const problem = passwordProblem(next);
    if (problem) throw new FormInvalidException({ newPassword: problem });
    await this.usersRepo.setPassword(em, user, await hashPassword(next));
  }
}
