import { DateTimeType, Entity, OneToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';

/** The discussion of one published advisory; created when the advisory is first published. */
@Entity({ tableName: 'threads' })
export class Thread {
  [OptionalProps]?: 'locked' | 'postCount' | 'reportCount' | 'problemCount' | 'lastPostedAt' | 'createdAt' | 'revision';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @OneToOne(() => Advisory, { owner: true, unique: 'threads_advisory_unique', deleteRule: 'cascade' })
  advisory: Advisory;

  @Property({ type: 'boolean' })
  locked = false;

  /** The highest post number given out: the next post takes postCount + 1 (STYLE rule 10). */
  @Property({ type: 'integer' })
  postCount = 0;

  /** Field reports that count (visible), and those among them that report trouble. */
  @Property({ type: 'integer' })
  reportCount = 0;

  @Property({ type: 'integer' })
  problemCount = 0;

  @Property({ type: DateTimeType, nullable: true })
  lastPostedAt: Date | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  /** Bumped by database triggers on every write the thread page shows (PAGE_TABLES, src/page-cache): the guest page cache's validator. */
  @Property({ type: 'integer', default: 0 })
  revision = 0;

  constructor(advisory: Advisory) {
    this.advisory = advisory;
  }
}
