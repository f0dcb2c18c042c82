import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { hashPassword } from '../auth/password';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { AuditService } from '../moderation/audit.service';
import { Role, Viewer } from '../policy/viewer';
import { User } from './user.entity';
import { checkUsername, usernameKey } from './username';

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role?: Role;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates an account. Username and e-mail problems come back as form errors by field;
   * a race on the unique keys is caught by the database and reported the same way.
   */
  async create(input: NewUser, actor: Viewer | 'cli' | null = null): Promise<User> {
    const checked = checkUsername(input.username);
    if (!checked.ok) throw new FormInvalidException({ username: `username.${checked.reason}` });
    const email = input.email.trim().toLowerCase();
    const em = this.em.fork();
    if (await em.count(User, { usernameKey: checked.key })) throw new FormInvalidException({ username: 'username.taken' });
    if (await em.count(User, { email })) throw new FormInvalidException({ email: 'email.taken' });
    const user = new User(checked.username, checked.key, email, await hashPassword(input.password));
    if (input.role) user.role = input.role;
    try {
      await em.transactional(async (tx) => {
        tx.persist(user);
        if (actor && input.role && input.role !== Role.Subscriber) {
          this.audit.record(tx, actor, { action: 'user.create', targetType: 'user', targetId: user.username, detail: { role: input.role } });
        }
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new FormInvalidException({ username: 'username.taken' });
      throw err;
    }
    return user;
  }

  findByLogin(login: string): Promise<User | null> {
    return this.em.fork().findOne(User, { usernameKey: usernameKey(login) }, { populate: ['passwordHash'] });
  }

  findByName(username: string): Promise<User | null> {
    return this.em.fork().findOne(User, { usernameKey: usernameKey(username) });
  }

  findById(id: number): Promise<User | null> {
    return this.em.fork().findOne(User, { id });
  }
}
