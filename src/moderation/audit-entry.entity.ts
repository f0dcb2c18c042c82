import { DateTimeType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** One moderator, editor or admin action. Append-only: nothing updates or deletes these rows. */
@Entity({ tableName: 'audit_entries' })
@Index({ name: 'audit_entries_actor_idx', properties: ['actorId', 'id'] })
@Index({ name: 'audit_entries_action_idx', properties: ['action', 'id'] })
export class AuditEntry {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Null for the command line (an operator at the server, not a member). */
  @Property({ type: 'integer', nullable: true })
  actorId: number | null;

  @Property({ type: 'string', length: 64 })
  actorName: string;

  @Property({ type: 'string', length: 40 })
  action: string;

  @Property({ type: 'string', length: 20 })
  targetType: string;

  @Property({ type: 'string', length: 64 })
  targetId: string;

  @Property({ type: 'text', nullable: true })
  reason: string | null;

  @Property({ type: 'json', nullable: true })
  detail: Record<string, unknown> | null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(init: {
    actorId: number | null;
    actorName: string;
    action: string;
    targetType: string;
    targetId: string;
    reason?: string | null;
    detail?: Record<string, unknown> | null;
  }) {
    this.actorId = init.actorId;
    this.actorName = init.actorName;
    this.action = init.action;
    this.targetType = init.targetType;
    this.targetId = init.targetId;
    this.reason = init.reason ?? null;
    this.detail = init.detail ?? null;
  }
}
