import { Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Thread } from '../threads/thread.entity';

/**
 * Visible field reports of one thread per day posted (the board's day, Japan time) and outcome: the trend picture's
 * counters, written in the same transaction as the report that moves them (STYLE rule 10).
 */
@Entity({ tableName: 'report_days' })
@Unique({ name: 'report_days_thread_day_outcome_unique', properties: ['thread', 'day', 'outcome'] })
export class ReportDay {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Thread, { ref: true, deleteRule: 'cascade' })
  thread!: Ref<Thread>;

  /** YYYY-MM-DD. */
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', length: 16 })
  outcome!: string;

  @Property({ type: 'integer' })
  reports = 0;
}
