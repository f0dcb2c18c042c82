import { DateTimeType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { stateNow } from '../policy/rules/subjects';
import { Role } from '../policy/viewer';

export enum AccountState {
  Active = 'active',
  Silenced = 'silenced',
  Suspended = 'suspended',
}

@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?:
    | 'role'
    | 'state'
    | 'stateUntil'
    | 'stateReason'
    | 'postCount'
    | 'approvedPosts'
    | 'unreadNotifications'
    | 'createdAt'
    | 'passwordChangedAt'
    | 'emailConfirmedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** As typed, NFKC-normalized: what pages show. */
  @Property({ type: 'string', length: 64 })
  username: string;

  /** Case- and confusable-folded: what makes a name unique ("аdmin" collides with "admin"). */
  @Property({ type: 'string', length: 128, unique: 'users_username_key_unique' })
  usernameKey: string;

  @Property({ type: 'string', length: 254, unique: 'users_email_unique' })
  email: string;

  @Property({ type: 'string', length: 255, hidden: true, lazy: true })
  passwordHash: string;

  // Plain strings, not @Enum: MikroORM 6's SQLite introspection misreads check constraints of 3+ items.
  @Property({ type: 'string', length: 12 })
  role: Role = Role.Subscriber;

  @Property({ type: 'string', length: 12 })
  state: AccountState = AccountState.Active;

  /** When a silence or suspension ends; null while active. */
  @Property({ type: DateTimeType, nullable: true })
  stateUntil: Date | null = null;

  @Property({ type: 'text', nullable: true })
  stateReason: string | null = null;

  @Property({ type: 'integer' })
  postCount = 0;

  /** Posts that became public; a subscriber's first posts wait for approval until this reaches HOLD_FIRST_POSTS. */
  @Property({ type: 'integer' })
  approvedPosts = 0;

  /** Shown in the header on every page, so kept as a counter rather than counted. */
  @Property({ type: 'integer' })
  unreadNotifications = 0;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType })
  passwordChangedAt: Date = new Date();

  /** When the member opened the confirmation link; null until then, and their posts wait for a moderator. */
  @Property({ type: DateTimeType, nullable: true })
  emailConfirmedAt: Date | null = null;

  constructor(username: string, usernameKey: string, email: string, passwordHash: string) {
    this.username = username;
    this.usernameKey = usernameKey;
    this.email = email;
    this.passwordHash = passwordHash;
  }

  /** The state in force now: a silence or suspension whose time has passed no longer counts. */
  effectiveState(now = new Date()): AccountState {
    return stateNow(this, now) as AccountState;
  }
}
