import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** How a member hears of known issues matching their environment besides the notification: not by mail, a mail each, or the daily digest. */
export const ENVIRONMENT_EMAIL = ['off', 'now', 'digest'] as const;
export type EnvironmentEmail = (typeof ENVIRONMENT_EMAIL)[number];

/** A member's environment as a whole: set once they save the form, with their mail choice. */
@Entity({ tableName: 'member_environments' })
export class MemberEnvironment {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', unique: 'member_environments_user_unique' })
  user: Ref<User>;

  @Property({ type: 'string', length: 8 })
  email: EnvironmentEmail = 'off';

  @Property({ type: DateTimeType })
  updatedAt: Date = new Date();

  constructor(user: Ref<User>) {
    this.user = user;
  }
}

/**
 * One platform (its key) or one line of software a member runs. `term` is what the match index looks up by
 * (software-match.ts): the platform's term, or the line's first word's; a line's whole key is tested after.
 */
@Entity({ tableName: 'environment_entries' })
@Unique({ name: 'environment_entries_user_term_unique', properties: ['user', 'kind', 'value'] })
@Index({ name: 'environment_entries_term_idx', properties: ['term', 'user'] })
export class EnvironmentEntry {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user: Ref<User>;

  @Property({ type: 'string', length: 8 })
  kind: 'platform' | 'software';

  /** The platform's key, or the line as the member typed it (NFKC, trimmed). */
  @Property({ type: 'string', length: 200 })
  value: string;

  @Property({ type: 'text' })
  term: string;

  /** A line's softwareKey; null for a platform. */
  @Property({ type: 'text', nullable: true })
  matchKey: string | null;

  @Property({ type: 'smallint' })
  position: number;

  constructor(user: Ref<User>, kind: 'platform' | 'software', value: string, term: string, matchKey: string | null, position: number) {
    this.user = user;
    this.kind = kind;
    this.value = value;
    this.term = term;
    this.matchKey = matchKey;
    this.position = position;
  }
}
