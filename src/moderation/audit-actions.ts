/** Every action the audit log records: the writers name theirs from here and the log's filter lists them. */
export enum AuditAction {
  PostHide = 'post.hide',
  PostRestore = 'post.restore',
  PostApprove = 'post.approve',
  PostReject = 'post.reject',
  FlagsDisagree = 'flags.disagree',
  FlagsDefer = 'flags.defer',
  ThreadLock = 'thread.lock',
  ThreadUnlock = 'thread.unlock',
  UserSilence = 'user.silence',
  UserSuspend = 'user.suspend',
  UserLift = 'user.lift',
  UserRole = 'user.role',
  UserCreate = 'user.create',
  AdvisoryCreate = 'advisory.create',
  AdvisoryEdit = 'advisory.edit',
  AdvisoryImport = 'advisory.import',
  AdvisoryPublish = 'advisory.publish',
  AdvisoryUnpublish = 'advisory.unpublish',
  KnownIssueCreate = 'known-issue.create',
  KnownIssueEdit = 'known-issue.edit',
  KnownIssueStatus = 'known-issue.status',
  KnownIssueReopen = 'known-issue.reopen',
  KnownIssueReorder = 'known-issue.reorder',
  KnownIssueEvidenceAdd = 'known-issue.evidence-add',
  KnownIssueEvidenceRemove = 'known-issue.evidence-remove',
  EmergingPromote = 'emerging.promote',
  EmergingDismiss = 'emerging.dismiss',
}

/** The known actions in the order the log's filter offers them. */
export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AuditAction);

/**
 * Codes older rows carry for an action written under another code today, read as that action. The log is
 * append-only (its rows are the record, never rewritten), so old rows are aliased when read, not migrated.
 */
const FORMER_CODES: Readonly<Record<string, AuditAction>> = {
  // Hiding a post from the review queue ("agree") was written as flags.agree; from the thread, post.hide.
  'flags.agree': AuditAction.PostHide,
};

/** The action a stored or asked-for code stands for, or null for a code the log has never written. */
export function auditAction(code: string): AuditAction | null {
  if ((AUDIT_ACTIONS as readonly string[]).includes(code)) return code as AuditAction;
  return FORMER_CODES[code] ?? null;
}

/** Every code stored for an action: its own and the ones it was written under before. */
export function storedCodes(action: AuditAction): string[] {
  return [action, ...Object.keys(FORMER_CODES).filter((code) => FORMER_CODES[code] === action)];
}

/** The catalog key of an action's name ("投稿を非表示", "Post hidden"). */
export const auditActionKey = (action: AuditAction) => `audit.action.${action}`;
