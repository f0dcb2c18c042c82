import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';

/**
 * A platform's verdict moved: appended in the transaction of the write that moved it (a report, a confirmation,
 * a known issue), never updated. /status.atom reads the newest by id.
 */
@Entity({ tableName: 'verdict_changes' })
@Index({ name: 'verdict_changes_advisory_idx', properties: ['advisory', 'id'] })
export class VerdictChange {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Advisory, { ref: true, deleteRule: 'cascade' })
  advisory!: Ref<Advisory>;

  @Property({ type: 'string', length: 40 })
  platformKey!: string;

  @Property({ type: 'string', length: 24 })
  verdictBefore!: string;

  @Property({ type: 'string', length: 24 })
  verdictAfter!: string;

  @Property({ type: 'string', length: 24 })
  reasonKey!: string;

  @Property({ type: 'json' })
  reasonParams!: Record<string, string | number>;

  @Property({ type: DateTimeType })
  changedAt!: Date;
}
