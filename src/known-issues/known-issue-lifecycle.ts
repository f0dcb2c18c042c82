import { KnownIssueStatus, OPEN_STATUSES } from './known-issue.entity';

// The one owner of which status may follow which (DESIGN: investigating → confirmed → mitigated → resolved,
// or dismissed): the service refuses what it does not allow, the forms offer only what it allows.

/** The form's choice that takes a resolved or dismissed issue back to work, with a note. */
export const REOPEN = 'reopen';

/** Where a reopened issue goes: it is looked at again before it is called confirmed. */
export const REOPENED_STATUS: KnownIssueStatus = 'investigating';

/** A new issue may be pinned already fixed (with its resolution), never already ruled out. */
export const INITIAL_STATUSES: readonly KnownIssueStatus[] = ['investigating', 'confirmed', 'mitigated', 'resolved'];

/** Forward along the lifecycle (a step may be skipped) or dismissed while open; a closed issue only reopens. */
const NEXT: Record<KnownIssueStatus, readonly KnownIssueStatus[]> = {
  investigating: ['confirmed', 'mitigated', 'resolved', 'dismissed'],
  confirmed: ['mitigated', 'resolved', 'dismissed'],
  mitigated: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
};

/** The statuses an issue may move to from its current one (itself excluded). */
export function nextStatuses(from: KnownIssueStatus): readonly KnownIssueStatus[] {
  return NEXT[from];
}

/** Resolved and dismissed issues are reopened, never moved along. */
export function canReopen(from: KnownIssueStatus): boolean {
  return !OPEN_STATUSES.includes(from);
}

/**
 * The status a form's choice leads to: for a new issue (from null) one of the initial statuses; for an
 * existing one the same status (no change), a next one, or REOPEN from a closed one. Null: not allowed.
 */
export function statusAfter(from: KnownIssueStatus | null, choice: string): KnownIssueStatus | null {
  if (from === null) return (INITIAL_STATUSES as readonly string[]).includes(choice) ? (choice as KnownIssueStatus) : null;
  if (choice === from) return from;
  if (choice === REOPEN) return canReopen(from) ? REOPENED_STATUS : null;
  return (NEXT[from] as readonly string[]).includes(choice) ? (choice as KnownIssueStatus) : null;
}

/** A step of the history that reopened the issue. */
export function isReopening(from: KnownIssueStatus | null, to: KnownIssueStatus): boolean {
  return from !== null && canReopen(from) && !canReopen(to);
}
