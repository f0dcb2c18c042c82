import { DateTimeType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';
import { User } from '../users/user.entity';

/** After Microsoft's release-health known issues: investigating → confirmed → mitigated → resolved, or dismissed. */
export const KNOWN_ISSUE_STATUSES = ['investigating', 'confirmed', 'mitigated', 'resolved', 'dismissed'] as const;
export type KnownIssueStatus = (typeof KNOWN_ISSUE_STATUSES)[number];
export const OPEN_STATUSES: readonly KnownIssueStatus[] = ['investigating', 'confirmed', 'mitigated'];

export interface KnownIssueReference {
  /** A KB number ("891531") or an http(s) URL. */
  value: string;
}

/** A problem moderators have pinned to an advisory, with its evidence and its status history. */
@Entity({ tableName: 'known_issues' })
@Index({ name: 'known_issues_advisory_idx', properties: ['advisory', 'position'] })
@Index({ name: 'known_issues_status_idx', properties: ['status', 'updatedAt'] })
@Unique({ name: 'known_issues_idempotency_key_unique', properties: ['idempotencyKey'] })
export class KnownIssue {
  [OptionalProps]?:
    | 'status'
    | 'position'
    | 'createdAt'
    | 'updatedAt'
    | 'evidenceCount'
    | 'workaround'
    | 'resolution'
    | 'software'
    | 'platforms'
    | 'references'
    | 'idempotencyKey'
    | 'softwareKey';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Advisory, { ref: true, deleteRule: 'cascade' })
  advisory: Ref<Advisory>;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'text' })
  symptom: string;

  /** Keys of the advisory's platforms. */
  @Property({ type: 'json' })
  platforms: string[] = [];

  @Property({ type: 'string', length: 200 })
  software = '';

  /** The software as the environment match reads it (notifications/software-match.ts), written with it. */
  @Property({ type: 'text', default: '' })
  softwareKey = '';

  @Property({ type: 'text' })
  workaround = '';

  @Property({ type: 'text' })
  resolution = '';

  @Property({ type: 'json' })
  references: string[] = [];

  @Property({ type: 'string', length: 16 })
  status: KnownIssueStatus = 'investigating';

  /** Moderators order the pinned issues; lower first. */
  @Property({ type: 'integer' })
  position = 0;

  /** Evidence posts linked, kept with each link and unlink. */
  @Property({ type: 'integer' })
  evidenceCount = 0;

  /** The one-time key of the form that created it: a second sending of that form finds this issue. */
  @Property({ type: 'string', length: 64, nullable: true, hidden: true })
  idempotencyKey: string | null = null;

  @ManyToOne(() => User, { ref: true })
  createdBy: Ref<User>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType })
  updatedAt: Date = new Date();

  constructor(advisory: Ref<Advisory>, title: string, symptom: string, createdBy: Ref<User>) {
    this.advisory = advisory;
    this.title = title;
    this.symptom = symptom;
    this.createdBy = createdBy;
  }

  get isOpen(): boolean {
    return OPEN_STATUSES.includes(this.status);
  }
}
