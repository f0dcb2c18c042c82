import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { hashPassword, passwordProblem } from '../auth/password';
import { FieldErrors, FormInvalidException } from '../common/forms/form-invalid.exception';
import { LIMITS } from '../common/limits';
import { AuditAction } from '../moderation/audit-actions';
import { AuditService } from '../moderation/audit.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Role, Viewer } from '../policy/viewer';
import { User } from './user.entity';
import { checkUsername, usernameKey } from './username';
import { UsersRepository } from './users.repository';
import { WriteTransactions } from '../database/write-transactions';

// Deliberately loose (one @, a dot in the domain, no spaces): the address is for contact, not proof.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role?: Role;
  /** Registration through the form: the address waits for its confirmation link. Admins' and demo accounts count as confirmed. */
  unconfirmed?: boolean;
}

/** An address as stored and looked up: trimmed, in lower case. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

/** The one address rule, on a normalized address: a catalog key when broken, null when fine. */
export const emailProblem = (email: string): string | null => (!EMAIL.test(email) || email.length > LIMITS.email ? 'email.invalid' : null);

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly users: UsersRepository,
  ) {}

  /**
   * Creates an account. Username and e-mail problems come back as form errors by field;
   * a race on the unique keys is caught by the database and reported the same way.
   */
  async create(input: NewUser, actor: Viewer | 'cli' | null = null): Promise<User> {
    const checked = checkUsername(input.username);
    const email = normalEmail(input.email);
    const problems: FieldErrors = {};
    if (!checked.ok) problems.username = `username.${checked.reason}`;
    const passwordRule = passwordProblem(input.password);
    if (passwordRule) problems.password = passwordRule;
    const emailRule = emailProblem(email);
    if (emailRule) problems.email = emailRule;
    if (!checked.ok || Object.keys(problems).length) throw new FormInvalidException(problems);
    const em = this.em.fork();
    if (await this.users.usernameTaken(em, checked.key)) throw new FormInvalidException({ username: 'username.taken' });
    if (await this.users.emailTaken(em, email)) throw new FormInvalidException({ email: 'email.taken' });
    const user = new User(checked.username, checked.key, email, await hashPassword(input.password));
    if (input.role) user.role = input.role;
    if (!input.unconfirmed) user.emailConfirmedAt = user.createdAt;
    try {
      await this.transactions.run((tx) => {
        this.users.add(tx, user);
        // Accounts made with an explicit role (the CLI, an admin) are on the record.
        if (actor && input.role) {
          this.audit.record(tx, actor, {
            action: AuditAction.UserCreate,
            targetType: 'user',
            targetId: user.username,
            detail: { role: input.role },
          });
        }
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new FormInvalidException(/email/i.test(err.message) ? { email: 'email.taken' } : { username: 'username.taken' });
      }
      throw err;
    }
    return user;
  }

  /**
   * Changes a member's role, with its audit record, in one transaction. Nobody changes their own
   * role, and the last admin cannot be demoted (checked under a lock, so two admins demoting each other
   * at once cannot leave the board without one).
   */
  async changeRole(actor: Viewer, targetId: number, role: Role, reason: string): Promise<User> {
    return this.transactions.run(async (em) => {
      const target = await this.users.byId(targetId, em);
      if (!target) throw new NotFoundException();
      this.policy.ensure(actor, Action.ChangeRole, target);
      if (target.role === role) return target;
      const admins = await this.users.countAdminsLocked(em);
      if (!this.policy.can(actor, Action.LeaveRole, { role: target.role, admins }))
        throw new FormInvalidException({ role: 'admin.lastAdmin' });
      const from = target.role;
      target.role = role;
      this.audit.record(em, actor, {
        action: AuditAction.UserRole,
        targetType: 'user',
        targetId: target.username,
        reason,
        detail: { from, to: role },
      });
      return target;
    });
  }

  /** Members by id, 50 a page, by keyset. */
  async list(afterId: number | null, limit = 50): Promise<{ items: User[]; nextAfter: number | null }> {
    const rows = await this.users.listAfter(afterId, limit);
    const items = rows.slice(0, limit);
    return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
  }

  findByLogin(login: string): Promise<User | null> {
    return this.users.byUsernameKeyWithPassword(usernameKey(login));
  }

  findByName(username: string): Promise<User | null> {
    return this.users.byUsernameKey(usernameKey(username));
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.byEmail(normalEmail(email));
  }

  findById(id: number): Promise<User | null> {
    return this.users.byId(id);
  }
}
