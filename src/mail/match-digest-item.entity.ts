import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { KnownIssue } from '../known-issues/known-issue.entity';
import type { MatchFacts } from '../notifications/notification.entity';
import { User } from '../users/user.entity';

/** A known-issue news matching a member's environment, waiting for their next daily digest (their choice); removed with the digest's mail. */
@Entity({ tableName: 'mail_match_items' })
@Index({ name: 'mail_match_items_user_idx', properties: ['user', 'id'] })
export class MatchDigestItem {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user: Ref<User>;

  @ManyToOne(() => KnownIssue, { ref: true, deleteRule: 'cascade' })
  knownIssue: Ref<KnownIssue>;

  /** The moderator whose change it was. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  actor: Ref<User> | null;

  /** The news as its notification tells it. */
  @Property({ type: 'json' })
  payload: MatchFacts;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(user: Ref<User>, knownIssue: Ref<KnownIssue>, actor: Ref<User> | null, payload: MatchFacts) {
    this.user = user;
    this.knownIssue = knownIssue;
    this.actor = actor;
    this.payload = payload;
  }
}
