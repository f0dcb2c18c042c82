import { DateTimeType, Entity, Index, ManyToOne, OneToOne, Property, Ref } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';
import { Post } from '../threads/post.entity';
import { User } from '../users/user.entity';
import { EmergingGroup } from './emerging-group.entity';

/**
 * A visible problem report (problem, install-failed, rolled-back) that is evidence of no known issue, in its
 * group: the facts a new report is compared by, copied when it is published or corrected.
 */
@Entity({ tableName: 'emerging_reports' })
// A new report's candidates: the same advisory and the same platform, or the same software; newest first.
@Index({ name: 'emerging_reports_platform_idx', properties: ['advisory', 'platform', 'post'] })
@Index({ name: 'emerging_reports_software_idx', properties: ['advisory', 'software', 'post'] })
// Whether an author has another report in a group (distinct members), and a group's reports.
@Index({ name: 'emerging_reports_group_idx', properties: ['group', 'author'] })
export class EmergingReport {
  @OneToOne(() => Post, { primary: true, owner: true, ref: true, deleteRule: 'cascade' })
  post!: Ref<Post>;

  @ManyToOne(() => EmergingGroup, { ref: true, deleteRule: 'cascade' })
  group!: Ref<EmergingGroup>;

  @ManyToOne(() => Advisory, { ref: true, deleteRule: 'cascade' })
  advisory!: Ref<Advisory>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  author!: Ref<User>;

  /** The advisory's platform key, or "other:" and the name given. */
  @Property({ type: 'string', length: 140 })
  platform!: string;

  /** The software as compared: normalized, lower case ("" when none was named). */
  @Property({ type: 'string', length: 200 })
  software!: string;

  @Property({ type: 'integer' })
  hosts!: number;

  /** The symptom: the post's text without Markdown, cut to what a comparison needs. */
  @Property({ type: 'text' })
  symptom!: string;

  @Property({ type: DateTimeType })
  reportedAt!: Date;
}
