import { DateTimeType, DeferMode, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import type { PostState } from '../policy/rules/subjects';
import { User } from '../users/user.entity';
import { Thread } from './thread.entity';

/**
 * One post in a thread. Numbers are dense per thread (1, 2, 3 …) so that page N is a range of numbers;
 * the Markdown source and the HTML sanitized from it at write time are both kept (STYLE rule 7).
 */
@Entity({ tableName: 'posts' })
// Checked at commit (PostgreSQL): a post is written with number 0 and numbered last in its transaction (PostsRepository.number).
@Unique({ name: 'posts_thread_number_unique', properties: ['thread', 'number'], deferMode: DeferMode.INITIALLY_DEFERRED })
@Index({ name: 'posts_author_idx', properties: ['author', 'id'] })
// The review queue's count runs on every page a moderator opens: a partial index holds only the held posts.
@Index({ name: 'posts_held_idx', expression: `create index "posts_held_idx" on "posts" ("id") where "state" = 'held'` })
@Unique({ name: 'posts_idempotency_key_unique', properties: ['idempotencyKey'] })
export class Post {
  [OptionalProps]?: 'state' | 'stateReason' | 'replyTo' | 'editedAt' | 'revisionCount' | 'createdAt' | 'isReport' | 'idempotencyKey';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  // Both keys are checked at commit (PostgreSQL), by when the post's transaction holds the thread's and the author's rows:
  // checked at the insert, their share locks turned each counter update into a multixact (≈ 23% of PostgreSQL's CPU).
  @ManyToOne(() => Thread, { ref: true, deleteRule: 'cascade', deferMode: DeferMode.INITIALLY_DEFERRED })
  thread!: Ref<Thread>;

  @Property({ type: 'integer' })
  number!: number;

  @ManyToOne(() => User, { ref: true, deferMode: DeferMode.INITIALLY_DEFERRED })
  author!: Ref<User>;

  @Property({ type: 'text' })
  bodySource!: string;

  @Property({ type: 'text' })
  bodyHtml!: string;

  /** A field report has a row in field_reports too; the flag saves a join on every thread page. */
  @Property({ type: 'boolean' })
  isReport: boolean = false;

  @Property({ type: 'string', length: 10 })
  state: PostState = 'visible';

  /** Why a moderator hid it, or that its author deleted it. */
  @Property({ type: 'text', nullable: true })
  stateReason: string | null = null;

  /** The post this one answers or quotes. */
  @ManyToOne(() => Post, { ref: true, nullable: true, deleteRule: 'set null' })
  replyTo: Ref<Post> | null = null;

  @Property({ type: DateTimeType, nullable: true })
  editedAt: Date | null = null;

  @Property({ type: 'integer' })
  revisionCount = 0;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  /** The one-time key of the form that created it: a second sending of that form finds this post. */
  @Property({ type: 'string', length: 64, nullable: true, hidden: true })
  idempotencyKey: string | null = null;
}
