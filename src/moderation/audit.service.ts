import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Viewer } from '../policy/viewer';
import { AuditAction } from './audit-actions';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogFilter, AuditRepository } from './audit.repository';

export interface AuditRecord {
  action: AuditAction;
  targetType: string;
  targetId: string | number;
  reason?: string | null;
  detail?: Record<string, unknown> | null;
}

/** Appends to the audit log inside the caller's transaction, so an action and its record land together. */
@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  record(em: EntityManager, actor: Viewer | 'cli' | 'system', entry: AuditRecord): AuditEntry {
    const row = new AuditEntry({
      actorId: typeof actor === 'string' ? null : actor.id,
      actorName: actor === 'cli' ? '(command line)' : actor === 'system' ? '(automatic)' : (actor.username ?? '?'),
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId),
      reason: entry.reason,
      detail: entry.detail,
    });
    this.entries.add(em, row);
    return row;
  }

  /** The latest of these actions on each of these targets, by target id. */
  latest(em: EntityManager, actions: readonly AuditAction[], targetType: string, targetIds: string[]): Promise<Map<string, AuditEntry>> {
    return this.entries.lastActions(em, actions, targetType, targetIds);
  }

  /** The audit log newest first, one more than asked for. */
  log(filter: AuditLogFilter, limit: number): Promise<AuditEntry[]> {
    return this.entries.log(filter, limit);
  }
}
