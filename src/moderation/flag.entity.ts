import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Post } from '../threads/post.entity';
import { User } from '../users/user.entity';

export const FLAG_REASONS = ['spam', 'off-topic', 'abusive', 'dangerous', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export type FlagState = 'open' | 'agreed' | 'disagreed' | 'deferred';

/** A member's report of a post to the moderators; one per member per post. */
@Entity({ tableName: 'flags' })
@Unique({ name: 'flags_post_user_unique', properties: ['post', 'user'] })
@Index({ name: 'flags_state_idx', properties: ['state', 'id'] })
export class Flag {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Post, { ref: true, deleteRule: 'cascade' })
  post: Ref<Post>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user: Ref<User>;

  @Property({ type: 'string', length: 16 })
  reason: FlagReason;

  @Property({ type: 'text', nullable: true })
  note: string | null;

  /** Deferred flags stay in the queue; agreed and disagreed ones leave it. */
  @Property({ type: 'string', length: 10 })
  state: FlagState = 'open';

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  resolvedBy: Ref<User> | null = null;

  @Property({ type: DateTimeType, nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(post: Ref<Post>, user: Ref<User>, reason: FlagReason, note: string | null) {
    this.post = post;
    this.user = user;
    this.reason = reason;
    this.note = note;
  }
}
