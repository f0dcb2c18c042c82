/**
 * Every address the board links to or redirects to, built in one place. A leaf: it imports nothing, so any
 * module may link to any page without depending on the feature that serves it. DESIGN.md's stable
 * addresses are in mailed bulletins and must never change; src/paths.spec.ts pins each builder.
 */

/** Posts per thread page. A post's address names the page it stands on, so the page size is part of it. */
export const POSTS_PER_PAGE = 50;

/** Which page of its thread holds post number n. */
export const pageOf = (n: number) => Math.max(1, Math.ceil(n / POSTS_PER_PAGE));

type Query = Record<string, string | number | null | undefined>;

/** `path?query` in URLSearchParams' encoding, leaving out empty values; the bare path when none is left. */
function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// The board index.

/** `/`, or a later page of it from a keyset cursor. */
export const boardPath = (after?: string | null) => (after ? `/?after=${encodeURIComponent(after)}` : '/');

// A bulletin and what hangs off it.

export const advisoryPath = (id: string) => `/advisories/${encodeURIComponent(id)}`;
export const advisoryExportPath = (id: string) => `${advisoryPath(id)}.json`;
export const threadPath = (advisoryId: string, page = 1) => `${advisoryPath(advisoryId)}/thread${page > 1 ? `?page=${page}` : ''}`;
export const postAnchor = (number: number) => `p${number}`;
/** Post number n of an advisory's thread: its page and anchor. */
export const postPath = (advisoryId: string, number: number) => `${threadPath(advisoryId, pageOf(number))}#${postAnchor(number)}`;
/** Each editor note has a stable anchor by its position (0-based index), for the backlinks of what it cites. */
export const noteAnchor = (noteIndex: number) => `note-${noteIndex + 1}`;
export const notePath = (advisoryId: string, noteIndex: number) => `${advisoryPath(advisoryId)}#${noteAnchor(noteIndex)}`;
export const knownIssuesPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/known-issues`;
/** The trend picture (SVG): reports per day by outcome since publication. */
export const trendPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/trend.svg`;
/** What the bulletin site's scripts read: the counters, platforms, verdicts and known issues as JSON. */
export const summaryJsonPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/summary.json`;
export const knownIssueAnchor = (issueId: number) => `ki${issueId}`;
export const knownIssuePath = (advisoryId: string, issueId: number) => `${knownIssuesPath(advisoryId)}#${knownIssueAnchor(issueId)}`;
export const newKnownIssuePath = (advisoryId: string) => `${knownIssuesPath(advisoryId)}/new`;
/** Where a field report is linked to an issue as evidence. */
export const knownIssueEvidencePath = (issueId: number) => `/known-issues/${issueId}/evidence`;

// Posts by id.

/** The permalink: redirects to the post's page and anchor. */
export const permalinkPath = (postId: number) => `/posts/${postId}`;
export const flagPath = (postId: number) => `/posts/${postId}/flag`;
export const flaggedPath = (postId: number) => `/posts/${postId}/flagged`;

// Known issues across advisories.

/** `/known-issues` with its filters and cursor (empty ones left out). */
export const allKnownIssuesPath = (query: Query = {}) => withQuery('/known-issues', query);
export const knownIssueEditPath = (issueId: number) => `/known-issues/${issueId}/edit`;

// Deploy guidance.

/** How verdicts are computed, with the configured thresholds: linked from every verdict shown. */
export const VERDICTS_HELP_PATH = '/help/verdicts';
/** Where a bulletin page shows its verdicts (the status feed's entries link there). */
export const VERDICTS_ANCHOR = 'verdicts';
/** Patch status across the board: the recent advisories' verdicts, optionally for one platform. */
export const statusPath = (platform?: string | null) => withQuery('/status', { platform });
export const STATUS_JSON_PATH = '/status.json';

// Feeds.

export const threadFeedPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/thread.atom`;
export const advisoryKnownIssuesFeedPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/known-issues.atom`;
export const KNOWN_ISSUES_FEED_PATH = '/known-issues.atom';
export const LATEST_FEED_PATH = '/latest.atom';
/** An entry whenever a platform's verdict changes. */
export const STATUS_FEED_PATH = '/status.atom';

// Editors.

/** The editors' listing, filtered by status, from a keyset cursor. */
export const editorPath = (query: { status?: string | null; after?: string | null } = {}) => withQuery('/editor', query);
export const NEW_ADVISORY_PATH = '/advisories/new';
export const advisoryEditPath = (id: string) => `${advisoryPath(id)}/edit`;
export const advisoryPreviewPath = (id: string) => `${advisoryPath(id)}/preview`;
export const advisoryPublishPath = (id: string) => `${advisoryPath(id)}/publish`;
export const advisoryUnpublishPath = (id: string) => `${advisoryPath(id)}/unpublish`;

// Members.

/** Sign-in, coming back to `next` afterwards. */
export const loginPath = (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login');
/** A member's profile; its two lists (field reports, other posts) each page back from their own keyset cursor. */
export const userPath = (username: string, before: { reports?: number | null; posts?: number | null } = {}) =>
  withQuery(`/users/${encodeURIComponent(username)}`, { reports_before: before.reports, posts_before: before.posts });
export const PASSWORD_FORGOT_PATH = '/password/forgot';
export const PASSWORD_RESET_PATH = '/password/reset';
/** Where a reset password leads: sign in again, every session having ended. */
export const PASSWORD_RESET_DONE_PATH = '/login?reset=done';
/** The link a password-reset mail carries; its form posts back to the same address. */
export const passwordResetPath = (token: string) => `${PASSWORD_RESET_PATH}?token=${encodeURIComponent(token)}`;
export const CONFIRM_EMAIL_PATH = '/account/confirm-email';
/** The link a confirmation mail carries: a page whose button confirms (mail scanners fetch links, so GET changes nothing). */
export const confirmEmailPath = (token: string) => `${CONFIRM_EMAIL_PATH}?token=${encodeURIComponent(token)}`;
export const EMAIL_CONFIRMED_PATH = `${CONFIRM_EMAIL_PATH}?confirmed=1`;
export const CONFIRM_EMAIL_RESEND_PATH = '/account/confirm-email/resend';
export const notificationsPath = (before?: number | null) => withQuery('/notifications', { before });
/** The platforms and software a member runs; the known issues matching them are `allKnownIssuesPath({ mine: 1 })`. */
export const ENVIRONMENT_PATH = '/account/environment';

// Watches and mail.

export const WATCHES_PATH = '/notifications/watches';
export const watchesPath = (before?: number | null) => withQuery(WATCHES_PATH, { before });
/** The one-click unsubscribe address; the CSRF check exempts POSTs to exactly this path (see auth/csrf.ts). */
export const UNSUBSCRIBE_PATH = '/mail/unsubscribe';
export const unsubscribePath = (token: string) => `${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
export const UNSUBSCRIBED_PATH = '/mail/unsubscribed';
export const unsubscribedPath = (advisoryId: string) => `${UNSUBSCRIBED_PATH}?advisory=${encodeURIComponent(advisoryId)}`;

// Moderators and admins.

export const MOD_QUEUE_PATH = '/mod';
export const EMERGING_PATH = '/mod/emerging';
export const emergingAnchor = (groupId: number) => `eg${groupId}`;
export const emergingGroupPath = (groupId: number) => `${EMERGING_PATH}#${emergingAnchor(groupId)}`;
export const emergingPromotePath = (groupId: number) => `${EMERGING_PATH}/${groupId}/promote`;
export const emergingDismissPath = (groupId: number) => `${EMERGING_PATH}/${groupId}/dismiss`;
/** The audit log: its three filters always written (empty or not), then the cursor. */
export const auditLogPath = (filters: { actor: string; action: string; advisory: string }, before: number) =>
  `/mod/log?${new URLSearchParams({ ...filters, before: String(before) }).toString()}`;
export const adminUsersPath = (after?: number | null) => withQuery('/admin/users', { after });
export const outboxPath = (query: { status?: string | null; before?: number | null } = {}) => withQuery('/admin/outbox', query);
export const outboxMailPath = (id: number) => `/admin/outbox/${id}`;

// Search.

/** `/search` with its parameters in the order given (empty ones left out). */
export const searchPath = (query: Query) => withQuery('/search', query);
