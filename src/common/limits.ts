/**
 * Every user-facing input length limit, by field: the services, DTOs and validators check these, and the
 * forms show the same numbers as `maxlength` (`{{limit "postBody"}}` in views/). Each check counts as it
 * always has (code points or UTF-16 units, after trimming or NFKC where the field does); a browser's
 * maxlength counts UTF-16 units of the text as typed.
 */
export const LIMITS = Object.freeze({
  // Posts and field reports
  postBody: 20000,
  platformOther: 100,
  reportSoftware: 200,
  /** The host count as typed (trimmed): up to seven digits with separators, "1,000,000" or "１ ０００". */
  hosts: 12,

  // Known issues
  knownIssueTitle: 200,
  /** Symptom, workaround and resolution. */
  knownIssueText: 5000,
  knownIssueSoftware: 200,
  knownIssueNote: 1000,
  knownIssueSoftwareFilter: 100,

  // Moderation
  /** A moderator's or admin's reason: hide, restore, lock, flags, held posts, roles, account states, evidence. */
  reason: 500,
  flagNote: 500,
  /** The audit log's actor and action filters. */
  logFilter: 64,
  /** Digits of a silence or suspension in days (at most 3650). */
  suspensionDays: 4,

  // Accounts
  usernameMin: 3,
  username: 32,
  /** What the login form and the registration DTO take before the username rule applies (the rule says 32). */
  usernameInput: 200,
  email: 254,
  passwordMin: 12,
  password: 128,
  /** What a password field accepts at all: anything longer is refused before it is hashed. */
  passwordInput: 1024,

  // A member's environment
  /** One line of the software a member runs. */
  environmentSoftware: 200,
  environmentSoftwareLines: 50,
  /** The software textarea as a whole (50 lines of 200 and their breaks fit). */
  environmentSoftwareText: 10100,
  /** Platforms a member may tick (a key each). */
  environmentPlatforms: 200,

  // Search
  searchQuery: 200,
  searchSoftware: 100,

  // Advisories and their editor
  unpublishReason: 1000,
  /** The column: ADVISORY_ID itself matches at most 18 characters. */
  advisoryId: 20,
  /** "KB" and seven digits. */
  kb: 9,
  advisoryTitle: 300,
  vulnerabilityId: 100,
  /** Summary, vulnerability details and editor notes' bodies. */
  advisoryText: 20000,
  vulnerabilityName: 300,
  referenceLabel: 200,
  referenceTitle: 500,
  referenceUrl: 2000,
  platformKey: 40,
  platformLabel: 200,
  platformProduct: 200,
  labTestedOn: 200,
  editorNoteTitle: 300,
  fileName: 260,
  fileFolder: 260,
  fileVersion: 50,
  fileBranch: 50,
  fileDescription: 300,
  /** A package's update title, files note, verification and expert notes. */
  packageNote: 2000,
});

export type LimitName = keyof typeof LIMITS;

/** The limit of that name; throws for an unknown one, so that a typo in a template fails when rendered. */
export function limit(name: unknown): number {
  if (typeof name !== 'string' || !Object.hasOwn(LIMITS, name)) throw new Error(`unknown limit "${String(name)}"`);
  return LIMITS[name as LimitName];
}
