import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { Post } from '../threads/post.entity';
import { User } from '../users/user.entity';

export type NotificationKind =
  'report' | 'reply' | 'quote' | 'confirmation' | 'known-issue' | 'hidden' | 'restored' | 'approved' | 'rejected';

/** Something that happened to a member's posts or watched threads. */
@Entity({ tableName: 'notifications' })
@Index({ name: 'notifications_user_idx', properties: ['user', 'id'] })
export class Notification {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 16 })
  kind!: NotificationKind;

  /** The post it is about, or null for a known issue. */
  @ManyToOne(() => Post, { ref: true, nullable: true, deleteRule: 'cascade' })
  post!: Ref<Post> | null;

  @ManyToOne(() => KnownIssue, { ref: true, nullable: true, deleteRule: 'cascade' })
  knownIssue: Ref<KnownIssue> | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  actor!: Ref<User> | null;

  @Property({ type: DateTimeType, nullable: true })
  readAt: Date | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
