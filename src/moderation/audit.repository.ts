import { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { all } from '../database/sql';
import { statement } from '../database/statement';
import { AuditAction, storedCodes } from './audit-actions';
import { AuditEntry } from './audit-entry.entity';

/** What the audit log page filters by (each optional). */
export interface AuditLogFilter {
  actorName?: string;
  action?: AuditAction;
  advisoryId?: string;
  beforeId?: number;
}

interface LastActionRow {
  target_id: string;
  last: number | string;
}

const LAST_ACTIONS = statement<LastActionRow>(
  'AuditRepository.lastActions',
  `select target_id, max(id) as last from audit_entries where action in (?*) and target_type = ? and target_id in (?*) group by target_id`,
);

/** The audit log: appended to by every staff action, read by the log page and the editors' listing. */
@Injectable()
export class AuditRepository {
  constructor(private readonly em: EntityManager) {}

  /** The audit log newest first, one more than asked for. */
  log(filter: AuditLogFilter, limit: number): Promise<AuditEntry[]> {
    const where: FilterQuery<AuditEntry> = {};
    if (filter.actorName) where.actorName = filter.actorName;
    if (filter.action) where.action = { $in: storedCodes(filter.action) };
    if (filter.advisoryId) where.detail = { advisory: filter.advisoryId };
    if (filter.beforeId) where.id = { $lt: filter.beforeId };
    return this.em.fork().find(AuditEntry, where, { orderBy: { id: 'desc' }, limit: limit + 1 });
  }

  /** The latest of these actions on each of these targets: found through the action index, such actions being few. */
  async lastActions(em: EntityManager, actions: readonly string[], targetType: string, ids: string[]): Promise<Map<string, AuditEntry>> {
    if (!ids.length) return new Map();
    const latest = await all(em, LAST_ACTIONS, [actions, targetType, ids]);
    const entries = latest.length ? await em.find(AuditEntry, { id: { $in: latest.map((r) => Number(r.last)) } }) : [];
    return new Map(entries.map((e) => [e.targetId, e]));
  }

  add(em: EntityManager, entry: AuditEntry): void {
    em.persist(entry);
  }
}
