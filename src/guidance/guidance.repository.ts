import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ReadSql } from '../database/read-sql';
import { all, dbDate, one, rowDate, rowJson, run } from '../database/sql';
import { Statement, statement } from '../database/statement';
import { OPEN_STATUSES } from '../known-issues/known-issue.entity';
import { CounterRow, OpenIssue, ReasonKey, Verdict } from './verdict';

/** What a verdict is decided from, for some advisories: their platforms, counters and open known issues. */
export interface VerdictInputs {
  platforms: Map<string, { key: string; label: string }[]>;
  counters: Map<string, CounterRow[]>;
  issues: Map<string, OpenIssue[]>;
}

/** One logged change of a platform's verdict, newest first in the feed. */
export interface VerdictChangeRow {
  id: number;
  advisoryId: string;
  platform: string;
  verdictBefore: Verdict;
  verdictAfter: Verdict;
  reason: { key: ReasonKey; params: Record<string, string | number> };
  changedAt: Date;
}

interface VerdictChangeRecord {
  id: number;
  advisory_id: string;
  platform_key: string;
  verdict_before: string;
  verdict_after: string;
  reason_key: string;
  reason_params: unknown;
  changed_at: unknown;
}

// By advisory_platforms' (advisory_id, position) order; threads' unique advisory_id; platform_stats' unique (thread_id, ...).
const PLATFORMS = statement<{ advisory_id: string; key: string; label: string }>(
  'GuidanceRepository.platforms',
  'select advisory_id, key, label from advisory_platforms where advisory_id in (?*) order by advisory_id, position',
  { hot: true },
);

const COUNTERS = statement<{
  advisory_id: string;
  platform_key: string;
  outcome: string;
  reports: number | string;
  confirmations: number | string;
  hosts: number | string;
}>(
  'GuidanceRepository.counters',
  `select t.advisory_id, s.platform_key, s.outcome, s.reports, s.confirmations, s.hosts
    from threads t join platform_stats s on s.thread_id = t.id where t.advisory_id in (?*)`,
  { hot: true },
);

const OPEN_ISSUES = statement<{ id: number; advisory_id: string; title: string; platforms: unknown; workaround: string }>(
  'GuidanceRepository.openIssues',
  `select id, advisory_id, title, platforms, workaround from known_issues
    where advisory_id in (?*) and status in (?*) order by advisory_id, position, id`,
  { hot: true },
);

const ADVISORY_OF_THREAD = statement<{ advisory_id: string }>(
  'GuidanceRepository.advisoryOfThread',
  'select advisory_id from threads where id = ?',
  { hot: true },
);

// The upsert takes the row's lock: writers moving one advisory's verdicts queue here, each reading the counters after the last one committed.
const LOCK_STATE = statement<{ verdicts: unknown }>(
  'GuidanceRepository.lockState',
  `insert into verdict_states (advisory_id, verdicts) values (?, ?)
    on conflict (advisory_id) do update set verdicts = verdict_states.verdicts returning verdicts`,
);

const SAVE_STATE = statement('GuidanceRepository.saveState', 'update verdict_states set verdicts = ? where advisory_id = ?');

const LOG_CHANGE = statement(
  'GuidanceRepository.logChange',
  `insert into verdict_changes (advisory_id, platform_key, verdict_before, verdict_after, reason_key, reason_params, changed_at)
    values (?, ?, ?, ?, ?, ?, ?)`,
);

const CHANGES = statement<VerdictChangeRecord>(
  'GuidanceRepository.changes',
  `select id, advisory_id, platform_key, verdict_before, verdict_after, reason_key, reason_params, changed_at
    from verdict_changes where id < ? order by id desc limit ?`,
  { hot: true },
);

const CHANGES_OF = statement<VerdictChangeRecord>(
  'GuidanceRepository.changesOf',
  `select id, advisory_id, platform_key, verdict_before, verdict_after, reason_key, reason_params, changed_at
    from verdict_changes where advisory_id = ? and id < ? order by id desc limit ?`,
  { hot: true },
);

/** The largest integer id: the first page of a keyset read. */
const FIRST = 2147483647;

/** The verdicts' reads (small and indexed: the same cost at a million posts) and the change log's writes. */
@Injectable()
export class GuidanceRepository {
  constructor(private readonly reader: ReadSql) {}

  /** The inputs of these advisories' verdicts: in the caller's transaction, or with em null on the read connection. */
  async inputs(em: EntityManager | null, advisoryIds: string[]): Promise<VerdictInputs> {
    // Each statement declares its row type once; the read takes it from there.
    const rows = <Row>(stmt: Statement<Row>, params: unknown[]) => (em ? all(em, stmt, params) : this.reader.rows(stmt, params));
    const result: VerdictInputs = { platforms: new Map(), counters: new Map(), issues: new Map() };
    if (!advisoryIds.length) return result;
    const push = <T>(map: Map<string, T[]>, id: string, item: T) => map.set(id, [...(map.get(id) ?? []), item]);
    for (const r of await rows(PLATFORMS, [advisoryIds])) push(result.platforms, r.advisory_id, { key: r.key, label: r.label });
    for (const r of await rows(COUNTERS, [advisoryIds]))
      push(result.counters, r.advisory_id, {
        platformKey: r.platform_key,
        outcome: r.outcome,
        reports: Number(r.reports),
        confirmations: Number(r.confirmations),
        hosts: Number(r.hosts),
      });
    for (const r of await rows(OPEN_ISSUES, [advisoryIds, [...OPEN_STATUSES]]))
      push(result.issues, r.advisory_id, {
        id: Number(r.id),
        title: r.title,
        platforms: rowJson<string[]>(r.platforms),
        workaround: r.workaround,
      });
    return result;
  }

  /** The advisory of a thread, in the caller's transaction. */
  async advisoryOfThread(em: EntityManager, threadId: number): Promise<string | null> {
    return (await one(em, ADVISORY_OF_THREAD, [threadId]))?.advisory_id ?? null;
  }

  /** The verdicts last logged for an advisory, its row locked until the caller's transaction ends. */
  async lockState(em: EntityManager, advisoryId: string): Promise<Record<string, string>> {
    const row = await one(em, LOCK_STATE, [advisoryId, '{}']);
    return rowJson<Record<string, string>>(row?.verdicts ?? '{}');
  }

  async saveState(em: EntityManager, advisoryId: string, verdicts: Record<string, string>): Promise<void> {
    await run(em, SAVE_STATE, [JSON.stringify(verdicts), advisoryId]);
  }

  async logChange(em: EntityManager, advisoryId: string, change: Omit<VerdictChangeRow, 'id' | 'advisoryId'>): Promise<void> {
    await run(em, LOG_CHANGE, [
      advisoryId,
      change.platform,
      change.verdictBefore,
      change.verdictAfter,
      change.reason.key,
      JSON.stringify(change.reason.params),
      dbDate(em, change.changedAt),
    ]);
  }

  /** The newest changes across the board (or of one advisory), ids below `before` (null: from the newest). */
  async changes(limit: number, before: number | null, advisoryId?: string): Promise<VerdictChangeRow[]> {
    const rows = advisoryId
      ? await this.reader.rows(CHANGES_OF, [advisoryId, before ?? FIRST, limit])
      : await this.reader.rows(CHANGES, [before ?? FIRST, limit]);
    return rows.map(changeRow);
  }
}

/** The one mapping of a change row. */
function changeRow(r: VerdictChangeRecord): VerdictChangeRow {
  return {
    id: Number(r.id),
    advisoryId: r.advisory_id,
    platform: r.platform_key,
    verdictBefore: r.verdict_before as Verdict,
    verdictAfter: r.verdict_after as Verdict,
    reason: { key: r.reason_key as ReasonKey, params: rowJson<Record<string, string | number>>(r.reason_params) },
    changedAt: rowDate(r.changed_at)!,
  };
}
