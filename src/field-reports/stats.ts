import { EntityManager } from '@mikro-orm/core';
import { sql } from '../database/sql';
import { Outcome } from './field-report.entity';

/** The outcomes that count as trouble on the board index ("problems"). */
export const isProblem = (outcome: Outcome) => outcome !== 'success';

/**
 * Adds (or with a negative delta, removes) reports and confirmations to a thread's platform × outcome
 * table, in the caller's transaction. One statement, so concurrent writers cannot lose an increment.
 */
export async function bumpPlatformStat(
  em: EntityManager,
  threadId: number,
  platformKey: string,
  outcome: Outcome,
  reports: number,
  confirmations: number,
): Promise<void> {
  await sql(
    em,
    `insert into platform_stats (thread_id, platform_key, outcome, reports, confirmations) values (?, ?, ?, ?, ?)
     on conflict (thread_id, platform_key, outcome)
     do update set reports = platform_stats.reports + excluded.reports, confirmations = platform_stats.confirmations + excluded.confirmations`,
    [threadId, platformKey, outcome, reports, confirmations],
  );
}

/** A report entering (+1) or leaving (-1) the counts, with the confirmations it carries. */
export async function countReport(
  em: EntityManager,
  threadId: number,
  platformKey: string,
  outcome: Outcome,
  sign: 1 | -1,
  confirmationsByPlatform: Map<string, number> = new Map(),
): Promise<void> {
  await bumpPlatformStat(em, threadId, platformKey, outcome, sign, 0);
  for (const [key, n] of confirmationsByPlatform) await bumpPlatformStat(em, threadId, key, outcome, 0, sign * n);
  await sql(em, 'update threads set report_count = report_count + ?, problem_count = problem_count + ? where id = ?', [
    sign,
    isProblem(outcome) ? sign : 0,
    threadId,
  ]);
}
