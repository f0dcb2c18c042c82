import { isProblem, OTHER_PLATFORM } from '../field-reports/field-reports.repository';
import type { Outcome } from '../field-reports/field-report.entity';
import { normalizeText } from '../search/search-text';
import { ALIKE_THRESHOLD, symptomSimilarity, SymptomTerms } from './emerging-similarity';

// What the grouping of emerging issues decides, apart from the tables: which reports take part, what they
// are compared by, which group a new report joins, and when a group is shown.

/** A group is shown from this many reports, by at least MIN_MEMBERS members (one member's reports are one voice). */
export const MIN_REPORTS = 3;
export const MIN_MEMBERS = 2;

/** Candidates read for a new report, per way of matching (platform, software): the newest ones, however many the advisory has. */
export const MAX_CANDIDATES = 200;

/** A symptom kept for comparing is cut here: the first paragraphs say what happened. */
export const SYMPTOM_CHARS = 2000;

/** A report as grouping reads it. */
export interface GroupableReport {
  state: string;
  outcome: Outcome;
  /** Evidence of a known issue already. */
  isEvidence: boolean;
}

/** Whether a report belongs in a group: visible, a problem (problem, install-failed, rolled-back), and tied to no known issue yet. */
export function groupable(r: GroupableReport): boolean {
  return r.state === 'visible' && isProblem(r.outcome) && !r.isEvidence;
}

/** The platform as compared: the advisory's key, or "other:" and the name given (normalized). */
export function platformKey(key: string | null, other: string | null): string {
  if (key && key !== OTHER_PLATFORM) return key;
  return `${OTHER_PLATFORM}:${comparable(other ?? '')}`.slice(0, 140);
}

/** The software as compared: normalized, lower case, spaces collapsed; "" when none is named. */
export function softwareKey(software: string): string {
  return comparable(software).slice(0, 200);
}

function comparable(text: string): string {
  return normalizeText(text).replace(/\s+/g, ' ').trim();
}

/** A report already in a group, as a new report is compared with it. */
export interface Candidate {
  groupId: number;
  terms: SymptomTerms;
  /** The new report's terms as compared with this one (both software names left out), if not the ones given. */
  own?: SymptomTerms;
}

/**
 * The group a new report joins: the one holding the report most alike to it (at or above the threshold), the
 * older group on a tie; null when none is alike (it starts a group of its own).
 */
export function bestGroup(terms: SymptomTerms, candidates: readonly Candidate[], threshold: number = ALIKE_THRESHOLD): number | null {
  let best: { groupId: number; score: number } | null = null;
  for (const c of candidates) {
    const score = symptomSimilarity(c.own ?? terms, c.terms);
    if (score < threshold) continue;
    if (!best || score > best.score || (score === best.score && c.groupId < best.groupId)) best = { groupId: c.groupId, score };
  }
  return best?.groupId ?? null;
}

/** Whether moderators see a group: open, with enough reports from enough members. */
export function shown(group: { state: string; reports: number; members: number }): boolean {
  return group.state === 'open' && group.reports >= MIN_REPORTS && group.members >= MIN_MEMBERS;
}
