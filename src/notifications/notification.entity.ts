import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { Post } from '../threads/post.entity';
import { User } from '../users/user.entity';

export type NotificationKind =
  'report' | 'reply' | 'quote' | 'confirmation' | 'known-issue' | 'known-issue-match' | 'hidden' | 'restored' | 'approved' | 'rejected';

/** A field report as its notification and the digest name it: codes, translated when read. */
export interface ReportFacts {
  outcome: string;
  /** The platform's label, or the name a member gave another platform. */
  platform: string;
  software: string;
}

/** A known issue appeared (from null) or changed status, with the moderator's note. */
export interface KnownIssueFacts {
  title: string;
  from: string | null;
  to: string;
  note: string;
}

/** A known issue's news as told to a member whose environment it matches: its platforms' labels and its software. */
export type MatchFacts = KnownIssueFacts & Pick<ReportFacts, 'platform' | 'software'>;

/**
 * What a notification stores when it is written so that its line can be told in the reader's language:
 * a new report's facts, a confirmation's platform and the report's software, a known issue's step.
 */
export type NotificationPayload = Partial<ReportFacts & KnownIssueFacts>;

/** Something that happened to a member's posts or watched threads. */
@Entity({ tableName: 'notifications' })
@Index({ name: 'notifications_user_idx', properties: ['user', 'id'] })
export class Notification {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 24 })
  kind!: NotificationKind;

  /** The post it is about, or null for a known issue. */
  @ManyToOne(() => Post, { ref: true, nullable: true, deleteRule: 'cascade' })
  post!: Ref<Post> | null;

  @ManyToOne(() => KnownIssue, { ref: true, nullable: true, deleteRule: 'cascade' })
  knownIssue: Ref<KnownIssue> | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  actor!: Ref<User> | null;

  /** What the line needs told in the reader's language, as it was when written (null: a kind that needs none, or an older row). */
  @Property({ type: 'json', nullable: true })
  payload: NotificationPayload | null = null;

  @Property({ type: DateTimeType, nullable: true })
  readAt: Date | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
