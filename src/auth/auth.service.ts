import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { Locale } from '../common/i18n/i18n';
import { RateLimiter, TooManyRequestsException } from '../common/rate-limit/rate-limiter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { MailService } from '../mail/mail.service';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { usernameKey } from '../users/username';
import { emailProblem, normalEmail, UsersService } from '../users/users.service';
import { AccountTokenPurpose } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { confirmEmailPath, passwordResetPath } from '../paths';
import { WriteTransactions } from '../database/write-transactions';

/** How long a mailed link works. */
export const RESET_HOURS = 1;
export const CONFIRM_HOURS = 48;

/** Each mailed link: how long it works and the address it opens. */
const LINKS: Record<AccountTokenPurpose, { hours: number; path: (token: string) => string }> = {
  'password-reset': { hours: RESET_HOURS, path: passwordResetPath },
  'confirm-email': { hours: CONFIRM_HOURS, path: confirmEmailPath },
};

/** The stored form of a mailed token: its SHA-256 (a random 256-bit token needs no slow hash). */
export function tokenHash(token: unknown): string | null {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token) ? createHash('sha256').update(token).digest('hex') : null;
}

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
    private readonly transactions: WriteTransactions,
    private readonly limiter: RateLimiter,
    private readonly policy: PolicyService,
    private readonly tokens: AccountTokensRepository,
    private readonly mail: MailService,
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

  /** A new member, whose address waits for the link mailed in the page's language. */
  async register(input: { username: string; email: string; password: string }, ip: string, locale: Locale): Promise<User> {
    await this.limiter.enforce('register-ip', ip, this.config.rateLimits.registerPerIp);
    const user = await this.users.create({ ...input, unconfirmed: true });
    await this.mailLink(user, 'confirm-email', locale);
    return user;
  }

  /**
   * Mails a reset link if the address is registered; the caller answers the same either way. Both limits
   * count every request, so a 429 says nothing about the address either.
   */
  async requestPasswordReset(email: string, ip: string, locale: Locale): Promise<void> {
    const address = normalEmail(email);
    const problem = emailProblem(address);
    if (problem) throw new FormInvalidException({ email: problem });
    await this.limiter.enforce('reset-ip', ip, this.config.rateLimits.resetPerIp);
    await this.limiter.enforce('reset-address', address, this.config.rateLimits.resetPerAddress);
    const user = await this.users.findByEmail(address);
    // A suspended account could not sign in with a new password: it is sent nothing.
    if (!user || !this.policy.can(GUEST, Action.SignIn, user)) return;
    await this.mailLink(user, 'password-reset', locale);
  }

  /** Whether a reset link still works (unused, unexpired, not replaced by a newer one). */
  async resetLinkWorks(token: unknown): Promise<boolean> {
    const hash = tokenHash(token);
    return hash !== null && (await this.tokens.holder('password-reset', hash)) !== null;
  }

  /**
   * Sets the new password through the link, which then stops working; returns whose it was, for the
   * caller to end every session of theirs. Opening the mailed link proves the address as well.
   */
  async resetPassword(token: unknown, password: string): Promise<number> {
    const problem = passwordProblem(password);
    if (problem) throw new FormInvalidException({ password: problem });
    const hash = tokenHash(token);
    const passwordHash = await hashPassword(password);
    const userId = await this.transactions.run(async (em) => {
      const id = hash ? await this.tokens.take(em, 'password-reset', hash) : null;
      if (id === null) return null;
      await this.usersRepo.setPassword(em, await this.usersRepo.withPassword(em, id), passwordHash);
      await this.usersRepo.confirmEmail(em, id);
      return id;
    });
    if (userId === null) throw new FormInvalidException({ token: 'reset.invalid' });
    return userId;
  }

  /** Mails the member a new confirmation link (the older one stops working), a few times an hour at most. */
  async resendConfirmation(viewer: Viewer, locale: Locale): Promise<void> {
    await this.limiter.enforce('confirm-resend', String(viewer.id), this.config.rateLimits.confirmResendPerUser);
    const user = await this.users.findById(viewer.id!);
    if (user && !user.emailConfirmedAt) await this.mailLink(user, 'confirm-email', locale);
  }

  /** The member a confirmation link names while it works, with the address it confirms. */
  async confirmationHolder(token: unknown): Promise<User | null> {
    const hash = tokenHash(token);
    const id = hash ? await this.tokens.holder('confirm-email', hash) : null;
    return id === null ? null : this.users.findById(id);
  }

  /** Confirms the address the link was sent to; refused when the link does not work (any more). */
  async confirmEmail(token: unknown): Promise<void> {
    const hash = tokenHash(token);
    const confirmed = await this.transactions.run(async (em) => {
      const id = hash ? await this.tokens.take(em, 'confirm-email', hash) : null;
      if (id !== null) await this.usersRepo.confirmEmail(em, id);
      return id !== null;
    });
    if (!confirmed) throw new FormInvalidException({ token: 'confirmEmail.invalid' });
  }

  async changePassword(userId: number, current: string, next: string): Promise<void> {
    const em = this.em.fork();
    const user = await this.usersRepo.withPassword(em, userId);
    // A stolen session must not become a way to guess the password: the login limit applies here too.
    await this.limiter.enforce('password-user', String(userId), this.config.rateLimits.loginPerUser);
    if (!(await verifyPassword(user.passwordHash, current))) throw new FormInvalidException({ currentPassword: 'password.wrong' });
    await this.limiter.reset('password-user', String(userId));
    const problem = passwordProblem(next);
    if (problem) throw new FormInvalidException({ newPassword: problem });
    await this.usersRepo.setPassword(em, user, await hashPassword(next));
  }

  /** Mails the member a link of this purpose (a new token, replacing their older ones) in the page's language. */
  private async mailLink(user: User, purpose: AccountTokenPurpose, locale: Locale): Promise<void> {
    const { hours, path } = LINKS[purpose];
    await this.transactions.run(async (em) => {
      const token = await this.issue(em, user, purpose, hours);
      await this.mail.queueAccountMail(em, user, purpose, { locale, hours, path: path(token) });
    });
  }

  /** A new random link token for the member; only its hash is stored, and it replaces their older ones. */
  private async issue(em: EntityManager, user: User, purpose: AccountTokenPurpose, hours: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.replace(em, user, purpose, tokenHash(token)!, new Date(Date.now() + hours * 3600_000));
    return token;
  }
}
