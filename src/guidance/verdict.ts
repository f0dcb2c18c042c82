import { Locale, translate } from '../common/i18n/i18n';
import type { VerdictThresholds } from '../config/config';

// The deploy-guidance rule (DESIGN "Deploy guidance"): one verdict per advisory and platform, decided from the
// platform's outcome counters and the advisory's open known issues. Pure: the service feeds it what it read.

export const VERDICTS = ['deploy', 'deploy-with-workaround', 'hold', 'insufficient'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Worst first: the badge shows the first of these any platform has (a hold outweighs everything; "deploy" only if all agree). */
export const VERDICT_SEVERITY: readonly Verdict[] = ['hold', 'deploy-with-workaround', 'insufficient', 'deploy'];

/** The reason's catalog key (`verdict.reason.<key>`) and what fills it. */
export const REASONS = ['issue', 'failures', 'workaround', 'tooFew', 'successes', 'mixed'] as const;
export type ReasonKey = (typeof REASONS)[number];
export interface VerdictReason {
  key: ReasonKey;
  params: Record<string, string | number>;
}

/** The outcomes a report or confirmation may carry; all but success count as failures. */
const SUCCESS = 'success';

/** One platform's counters: reports and confirmations per outcome, and the reports' hosts. */
export interface PlatformCounts {
  /** Reports + confirmations. */
  observations: number;
  successes: number;
  failures: number;
  /** The sum of the reports' host counts. */
  hosts: number;
}

/** An open known issue as the rule reads it. */
export interface OpenIssue {
  id: number;
  title: string;
  /** Keys of the advisory's platforms; empty: the issue names no platform, so it is about every one of them. */
  platforms: readonly string[];
  workaround: string;
}

export interface VerdictDecision {
  verdict: Verdict;
  reason: VerdictReason;
  successLowerBound: number;
  failureLowerBound: number;
  /** The open known issues covering the platform, in the advisory's order. */
  knownIssueIds: number[];
}

/** z for a two-sided 95 % interval. */
const Z = 1.959963984540054;

/**
 * The lower bound of the Wilson score interval (95 %) for k successes in n trials: how low the true rate may
 * plausibly be. 0 with no trials. Unlike k/n it is cautious with few reports (1 of 1 is not 100 %).
 */
export function wilsonLowerBound(k: number, n: number): number {
  if (n <= 0) return 0;
  const p = Math.min(Math.max(k, 0), n) / n;
  const z2 = Z * Z;
  const bound = (p + z2 / (2 * n) - Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return Math.max(0, bound);
}

/** Whether an open issue is about this platform (an issue naming no platform is about all of them). */
export const covers = (issue: OpenIssue, platform: string) => issue.platforms.length === 0 || issue.platforms.includes(platform);

/**
 * One platform's verdict. In order: an open known issue without a workaround holds it; so does a failure rate
 * whose lower bound is above the threshold; an open issue with a workaround means deploy with it; too few
 * observations say nothing; a success rate whose lower bound reaches the threshold says deploy; else mixed.
 * `issues` are the advisory's open issues in their order: the first that decides names the reason.
 */
export function decideVerdict(
  platform: string,
  counts: PlatformCounts,
  issues: readonly OpenIssue[],
  t: VerdictThresholds,
): VerdictDecision {
  const mine = issues.filter((i) => covers(i, platform));
  // Compared unrounded; shown to three places.
  const success = wilsonLowerBound(counts.successes, counts.observations);
  const failure = wilsonLowerBound(counts.failures, counts.observations);
  const base = { successLowerBound: round(success), failureLowerBound: round(failure), knownIssueIds: mine.map((i) => i.id) };
  const n = { reports: counts.observations, successes: counts.successes, failures: counts.failures, hosts: counts.hosts };
  const blocking = mine.find((i) => !i.workaround.trim());
  if (blocking) return { ...base, verdict: 'hold', reason: { key: 'issue', params: { id: blocking.id, title: blocking.title, ...n } } };
  if (counts.observations > 0 && failure > t.holdFailureBound)
    return { ...base, verdict: 'hold', reason: { key: 'failures', params: { ...n, bound: percent(failure) } } };
  const worked = mine[0];
  if (worked)
    return {
      ...base,
      verdict: 'deploy-with-workaround',
      reason: { key: 'workaround', params: { id: worked.id, title: worked.title, ...n } },
    };
  if (counts.observations < t.minReports)
    return { ...base, verdict: 'insufficient', reason: { key: 'tooFew', params: { ...n, min: t.minReports } } };
  if (success >= t.deployLowerBound)
    return { ...base, verdict: 'deploy', reason: { key: 'successes', params: { ...n, bound: percent(success) } } };
  return { ...base, verdict: 'insufficient', reason: { key: 'mixed', params: { ...n, bound: percent(success) } } };
}

/** One row of the outcome counters (platform_stats) as read. */
export interface CounterRow {
  platformKey: string;
  outcome: string;
  reports: number;
  confirmations: number;
  hosts: number;
}

/** A platform's counters from its rows of platform_stats (reports and confirmations of every outcome). */
export function platformCounts(rows: readonly CounterRow[], platform: string): PlatformCounts {
  const counts: PlatformCounts = { observations: 0, successes: 0, failures: 0, hosts: 0 };
  for (const r of rows) {
    if (r.platformKey !== platform) continue;
    const n = Math.max(0, r.reports) + Math.max(0, r.confirmations);
    counts.observations += n;
    if (r.outcome === SUCCESS) counts.successes += n;
    else counts.failures += n;
    counts.hosts += Math.max(0, r.hosts);
  }
  return counts;
}

/** A platform's verdict with what it was decided from (DESIGN's summary.json fields and the view's). */
export interface PlatformVerdict extends VerdictDecision {
  platform: string;
  label: string;
  reports: number;
  hosts: number;
}

/** Every listed platform's verdict, in the advisory's order ("other" platforms get none: nobody deploys to "other"). */
export function platformVerdicts(
  platforms: readonly { key: string; label: string }[],
  rows: readonly CounterRow[],
  openIssues: readonly OpenIssue[],
  t: VerdictThresholds,
): PlatformVerdict[] {
  return platforms.map((p) => {
    const counts = platformCounts(rows, p.key);
    return {
      platform: p.key,
      label: p.label,
      reports: counts.observations,
      hosts: counts.hosts,
      ...decideVerdict(p.key, counts, openIssues, t),
    };
  });
}

/** The worst verdict among these (the badge's), or null for none. */
export function worstVerdict(verdicts: readonly { verdict: Verdict }[]): Verdict | null {
  for (const v of VERDICT_SEVERITY) if (verdicts.some((x) => x.verdict === v)) return v;
  return null;
}

/** The catalog keys of a verdict's name and of its reason. */
export const verdictKey = (verdict: Verdict) => `verdict.${verdict}`;
export const reasonKey = (reason: VerdictReason) => `verdict.reason.${reason.key}`;

/** A verdict's name and one-line reason in the reader's language. */
export function verdictText(locale: Locale, v: { verdict: Verdict; reason: VerdictReason }): { label: string; reason: string } {
  return { label: translate(locale, verdictKey(v.verdict)), reason: translate(locale, reasonKey(v.reason), v.reason.params) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const percent = (x: number) => Math.round(x * 100);
