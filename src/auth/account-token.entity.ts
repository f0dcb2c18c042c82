import { DateTimeType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** What a mailed link lets its holder do once. */
export type AccountTokenPurpose = 'password-reset' | 'confirm-email';

/**
 * A single-use link sent by mail (password reset, address confirmation): only the SHA-256 of the
 * random token is kept, so the table alone opens no account; using it deletes the row.
 */
@Entity({ tableName: 'account_tokens' })
@Index({ name: 'account_tokens_user_purpose_index', properties: ['user', 'purpose'] })
export class AccountToken {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user: Ref<User>;

  // A plain string, not @Enum: MikroORM 6's SQLite introspection misreads check constraints.
  @Property({ type: 'string', length: 16 })
  purpose: AccountTokenPurpose;

  /** Hex SHA-256 of the token in the link. */
  @Property({ type: 'string', length: 64, unique: 'account_tokens_token_hash_unique' })
  tokenHash: string;

  @Property({ type: DateTimeType })
  expiresAt: Date;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(user: Ref<User>, purpose: AccountTokenPurpose, tokenHash: string, expiresAt: Date) {
    this.user = user;
    this.purpose = purpose;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }
}
