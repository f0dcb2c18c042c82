import { Sink } from './sink';

/**
 * Recounts every written counter from the rows themselves and returns the differences (none when the data
 * is consistent): thread post/report/problem counts, per-platform outcome counts, confirmation counts.
 */
export async function recount(sink: Sink): Promise<string[]> {
  const problems: string[] = [];
  const threads = await sink.query<{
    id: number;
    post_count: number;
    max_number: number | null;
    n: number;
    report_count: number;
    reports: number;
    problem_count: number;
    problems: number;
  }>(
    `select t.id, t.post_count, t.report_count, t.problem_count,
       (select max(number) from posts p where p.thread_id = t.id) as max_number,
       (select count(*) from posts p where p.thread_id = t.id) as n,
       (select count(*) from posts p join field_reports r on r.post_id = p.id where p.thread_id = t.id and p.state = 'visible') as reports,
       (select count(*) from posts p join field_reports r on r.post_id = p.id where p.thread_id = t.id and p.state = 'visible' and r.outcome <> 'success') as problems
     from threads t`,
  );
  for (const t of threads) {
    // Numbers are dense: the highest number is the count, and the thread's counter names it.
    if (Number(t.post_count) !== Number(t.max_number ?? 0) || Number(t.n) !== Number(t.post_count))
      problems.push(`thread ${t.id}: post_count ${t.post_count}, ${t.n} posts, highest number ${t.max_number}`);
    if (Number(t.report_count) !== Number(t.reports)) problems.push(`thread ${t.id}: report_count ${t.report_count} ≠ ${t.reports}`);
    if (Number(t.problem_count) !== Number(t.problems)) problems.push(`thread ${t.id}: problem_count ${t.problem_count} ≠ ${t.problems}`);
  }
  const stats = await sink.query<{
    thread_id: number;
    platform_key: string;
    outcome: string;
    reports: number;
    confirmations: number;
    hosts: number;
  }>('select thread_id, platform_key, outcome, reports, confirmations, hosts from platform_stats');
  const expected = new Map<string, { reports: number; confirmations: number; hosts: number }>();
  const add = (key: string, field: 'reports' | 'confirmations' | 'hosts', n: number) => {
    const e = expected.get(key) ?? { reports: 0, confirmations: 0, hosts: 0 };
    e[field] += n;
    expected.set(key, e);
  };
  const reportRows = await sink.query<{ thread_id: number; key: string | null; outcome: string; n: number; hosts: number }>(
    `select p.thread_id, ap.key, r.outcome, count(*) as n, sum(r.hosts) as hosts from field_reports r join posts p on p.id = r.post_id left join advisory_platforms ap on ap.id = r.platform_id
     where p.state = 'visible' group by p.thread_id, ap.key, r.outcome`,
  );
  for (const r of reportRows) {
    add(`${r.thread_id}|${r.key ?? 'other'}|${r.outcome}`, 'reports', Number(r.n));
    add(`${r.thread_id}|${r.key ?? 'other'}|${r.outcome}`, 'hosts', Number(r.hosts));
  }
  const confirmationRows = await sink.query<{ thread_id: number; key: string | null; outcome: string; n: number }>(
    `select p.thread_id, ap.key, r.outcome, count(*) as n from confirmations c join field_reports r on r.post_id = c.report_id join posts p on p.id = r.post_id
     left join advisory_platforms ap on ap.id = c.platform_id where p.state = 'visible' group by p.thread_id, ap.key, r.outcome`,
  );
  for (const r of confirmationRows) add(`${r.thread_id}|${r.key ?? 'other'}|${r.outcome}`, 'confirmations', Number(r.n));
  for (const s of stats) {
    const key = `${s.thread_id}|${s.platform_key}|${s.outcome}`;
    const e = expected.get(key) ?? { reports: 0, confirmations: 0, hosts: 0 };
    if (Number(s.reports) !== e.reports || Number(s.confirmations) !== e.confirmations || Number(s.hosts) !== e.hosts)
      problems.push(`platform_stats ${key}: ${s.reports}/${s.confirmations}/${s.hosts} hosts ≠ ${e.reports}/${e.confirmations}/${e.hosts}`);
    expected.delete(key);
  }
  for (const [key, e] of expected)
    if (e.reports || e.confirmations || e.hosts) problems.push(`platform_stats ${key}: missing, expected ${e.reports}/${e.confirmations}`);
  const confirmationCounts = await sink.query<{ post_id: number; confirmation_count: number; n: number }>(
    `select r.post_id, r.confirmation_count, (select count(*) from confirmations c where c.report_id = r.post_id) as n from field_reports r
     where r.confirmation_count <> (select count(*) from confirmations c where c.report_id = r.post_id)`,
  );
  for (const r of confirmationCounts) problems.push(`report ${r.post_id}: confirmation_count ${r.confirmation_count} ≠ ${r.n}`);
  return problems;
}
