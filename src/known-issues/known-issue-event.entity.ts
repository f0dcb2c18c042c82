import { DateTimeType, Entity, Index, ManyToOne, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { User } from '../users/user.entity';
import { KnownIssue, KnownIssueStatus } from './known-issue.entity';

/** One dated step of a known issue's history: created, a status change, or an edit, with its note. */
@Entity({ tableName: 'known_issue_events' })
@Index({ name: 'known_issue_events_issue_idx', properties: ['knownIssue', 'id'] })
export class KnownIssueEvent {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => KnownIssue, { ref: true, deleteRule: 'cascade' })
  knownIssue: Ref<KnownIssue>;

  @Property({ type: 'string', length: 16 })
  kind: 'created' | 'status' | 'edited';

  @Property({ type: 'string', length: 16, nullable: true })
  fromStatus: KnownIssueStatus | null;

  @Property({ type: 'string', length: 16 })
  toStatus: KnownIssueStatus;

  @Property({ type: 'text' })
  note: string;

  @ManyToOne(() => User, { ref: true })
  actor: Ref<User>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(
    knownIssue: Ref<KnownIssue>,
    kind: 'created' | 'status' | 'edited',
    fromStatus: KnownIssueStatus | null,
    toStatus: KnownIssueStatus,
    note: string,
    actor: Ref<User>,
  ) {
    this.knownIssue = knownIssue;
    this.kind = kind;
    this.fromStatus = fromStatus;
    this.toStatus = toStatus;
    this.note = note;
    this.actor = actor;
  }
}
