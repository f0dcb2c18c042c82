import { DateTimeType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';
import { KnownIssue } from './known-issue.entity';

/** Open: shown once big enough; dismissed: hidden until a report joins; promoted: made a known issue. */
export const EMERGING_STATES = ['open', 'dismissed', 'promoted'] as const;
export type EmergingState = (typeof EMERGING_STATES)[number];

/**
 * Alike problem reports of one advisory not yet evidence of a known issue. The counters are written with
 * each report that joins or leaves (STYLE rule 10), in the transaction of the post or evidence change.
 */
@Entity({ tableName: 'emerging_groups' })
// The moderators' page: open groups, latest report first.
@Index({ name: 'emerging_groups_state_idx', properties: ['state', 'lastSeen'] })
export class EmergingGroup {
  [OptionalProps]?: 'state' | 'reports' | 'members' | 'hosts' | 'knownIssue' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Advisory, { ref: true, deleteRule: 'cascade' })
  advisory: Ref<Advisory>;

  @Property({ type: 'string', length: 10 })
  state: EmergingState = 'open';

  @Property({ type: 'integer' })
  reports = 0;

  /** Distinct authors of its reports. */
  @Property({ type: 'integer' })
  members = 0;

  @Property({ type: 'integer' })
  hosts = 0;

  /** When its oldest and newest reports were posted. */
  @Property({ type: DateTimeType })
  firstSeen: Date;

  @Property({ type: DateTimeType })
  lastSeen: Date;

  /** The issue it was promoted to. */
  @ManyToOne(() => KnownIssue, { ref: true, nullable: true, deleteRule: 'set null' })
  knownIssue: Ref<KnownIssue> | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(advisory: Ref<Advisory>, seen: Date) {
    this.advisory = advisory;
    this.firstSeen = seen;
    this.lastSeen = seen;
  }
}
