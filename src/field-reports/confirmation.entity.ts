import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { User } from '../users/user.entity';
import { FieldReport } from './field-report.entity';

/** "Same here": another member saw what a report describes, on their own platform. One per member per report. */
@Entity({ tableName: 'confirmations' })
@Unique({ name: 'confirmations_report_user_unique', properties: ['report', 'user'] })
@Index({ name: 'confirmations_user_idx', properties: ['user'] })
export class Confirmation {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  // report_id, not the default report_post_id: the report's key is its post's id.
  @ManyToOne(() => FieldReport, { ref: true, deleteRule: 'cascade', fieldName: 'report_id' })
  report!: Ref<FieldReport>;

  @ManyToOne(() => User, { ref: true })
  user!: Ref<User>;

  @ManyToOne(() => AdvisoryPlatform, { ref: true, nullable: true })
  platform: Ref<AdvisoryPlatform> | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  platformOther: string | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
