import { Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Thread } from '../threads/thread.entity';

/**
 * Outcome counts per platform of one thread, written in the same transaction as the report or
 * confirmation that changes them (STYLE rule 10). platformKey is the advisory's key, or "other".
 */
@Entity({ tableName: 'platform_stats' })
@Unique({ name: 'platform_stats_thread_platform_outcome_unique', properties: ['thread', 'platformKey', 'outcome'] })
export class PlatformStat {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Thread, { ref: true, deleteRule: 'cascade' })
  thread!: Ref<Thread>;

  @Property({ type: 'string', length: 40 })
  platformKey!: string;

  @Property({ type: 'string', length: 16 })
  outcome!: string;

  @Property({ type: 'integer' })
  reports = 0;

  @Property({ type: 'integer' })
  confirmations = 0;

  /** The reports' host counts summed (confirmations carry none): what the verdict's reason states. */
  @Property({ type: 'integer', default: 0 })
  hosts = 0;
}
