import { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { all } from '../database/sql';
import { statement } from '../database/statement';
import { Post } from '../threads/post.entity';
import { AuditEntry } from './audit-entry.entity';
import { Flag, FlagState } from './flag.entity';

const OPEN: FlagState[] = ['open', 'deferred'];

/** What the audit log page filters by (each optional). */
export interface AuditLogFilter {
  actorName?: string;
  action?: string;
  advisoryId?: string;
  beforeId?: number;
}

interface LastActionRow {
  target_id: string;
  last: number | string;
}

const LAST_ACTIONS = statement<LastActionRow>(
  'ModerationRepository.lastActions',
  `select target_id, max(id) as last from audit_entries where action in (?*) and target_type = ? and target_id in (?*) group by target_id`,
);

/** Flags and the audit log. */
@Injectable()
export class ModerationRepository {
  constructor(private readonly em: EntityManager) {}

  /** Written at once, so a second flag by the same member fails on the unique key here. */
  async addFlag(em: EntityManager, flag: Flag): Promise<void> {
    em.persist(flag);
    await em.flush();
  }

  openFlagCount(em: EntityManager, post: Post): Promise<number> {
    return em.count(Flag, { post, state: 'open' });
  }

  async hasFlagged(postId: number, userId: number): Promise<boolean> {
    return (await this.em.fork().count(Flag, { post: postId, user: userId })) > 0;
  }

  /** Open and deferred flags, oldest first, with their posts and flaggers. */
  queueFlags(em: EntityManager): Promise<Flag[]> {
    return em.find(
      Flag,
      { state: { $in: OPEN } },
      { orderBy: { id: 'asc' }, limit: 500, populate: ['post', 'post.author', 'post.thread.advisory', 'user'] },
    );
  }

  /** Decides a post's open and deferred flags; returns how many. */
  resolveFlags(em: EntityManager, post: Post, state: 'agreed' | 'disagreed' | 'deferred', resolvedBy: number): Promise<number> {
    return em.nativeUpdate(Flag, { post, state: { $in: OPEN } }, { state, resolvedBy, resolvedAt: new Date() });
  }

  /** The audit log newest first, one more than asked for. */
  auditLog(filter: AuditLogFilter, limit: number): Promise<AuditEntry[]> {
    const where: FilterQuery<AuditEntry> = {};
    if (filter.actorName) where.actorName = filter.actorName;
    if (filter.action) where.action = filter.action;
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

  addAuditEntry(em: EntityManager, entry: AuditEntry): void {
    em.persist(entry);
  }
}
