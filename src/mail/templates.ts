import { formatDate, formatNumber, Locale, translate } from '../common/i18n/i18n';
import { oneLine, shorten } from '../common/text/clip';
import { knownIssueLine, matchLine, reportLine } from '../notifications/notification-line';
import type { MatchFacts } from '../notifications/notification.entity';

/** Notification mails are written in Japanese, the board's default language: members have no stored language yet. */
const t = (key: string, params?: Record<string, unknown>) => translate('ja', key, params);

export interface MailText {
  subject: string;
  text: string;
}

export interface MailAdvisory {
  id: string;
  kb: string[];
  title: string;
}

export interface MailLinks {
  thread: string;
  unsubscribe: string;
  settings: string;
}

export interface KnownIssueMail {
  username: string;
  advisory: MailAdvisory;
  issue: {
    title: string;
    symptom: string;
    status: string;
    platforms: string | null;
    software: string;
    workaround: string;
    resolution: string;
    url: string;
  };
  /** from: null when the issue is new; by: the moderator's name. */
  change: { from: string | null; note: string; by: string };
  links: MailLinks;
}

export interface DigestReport {
  number: number;
  outcome: string;
  platform: string | null;
  hosts: number;
  software: string;
  author: string;
  excerpt: string;
  url: string;
}

export interface DigestMail {
  username: string;
  advisory: MailAdvisory;
  reports: DigestReport[];
  date: Date;
  links: MailLinks;
}

/** A known issue appeared, or its status changed. */
export function knownIssueMail(m: KnownIssueMail): MailText {
  const status = t(`knownIssue.status.${m.issue.status}`);
  const subject = t('mail.subject.knownIssue', { advisory: m.advisory.id, title: shorten(oneLine(m.issue.title), 120), status });
  // The notification's line, in the same words.
  const lead = knownIssueLine('ja', m.change.by, advisoryName(m.advisory), {
    title: m.issue.title,
    from: m.change.from,
    to: m.issue.status,
    note: m.change.note,
  });
  const lines = [t('mail.greeting', { username: m.username }), '', lead, `  ${m.advisory.title}`, '', ...issueLines(m.issue, status)];
  if (m.change.note) lines.push('', `${t('mail.knownIssue.note')}:`, indent(m.change.note));
  lines.push('', `${t('mail.knownIssue.details')}: ${m.issue.url}`, `${t('mail.thread')}: ${m.links.thread}`);
  return { subject, text: withFooter(lines, m.advisory, m.links) };
}

/** The day's new field reports on one watched advisory. */
export function digestMail(m: DigestMail): MailText {
  const count = m.reports.length;
  const subject = t('mail.subject.digest', { advisory: m.advisory.id, count: formatNumber('ja', count), date: formatDate('ja', m.date) });
  const lines = [
    t('mail.greeting', { username: m.username }),
    '',
    t('mail.digest.lead', { advisory: advisoryName(m.advisory), count: formatNumber('ja', count) }),
    `  ${m.advisory.title}`,
    '',
  ];
  for (const r of m.reports) {
    // The notification's line, in the same words, with the hosts the digest has room for.
    const line = reportLine('ja', r.author, m.advisory.id, {
      outcome: r.outcome,
      platform: r.platform ?? t('mail.digest.otherPlatform'),
      software: r.software,
    });
    lines.push(`#${r.number} ${line}（${t('knownIssue.hosts', { count: formatNumber('ja', r.hosts) })}）`);
    if (r.excerpt) lines.push(indent(r.excerpt));
    lines.push(`  ${r.url}`, '');
  }
  lines.push(`${t('mail.thread')}: ${m.links.thread}`);
  return { subject, text: withFooter(lines, m.advisory, m.links) };
}

/** A known issue's news matching the member's environment; `settings` is their environment page. */
export interface MatchMail {
  username: string;
  advisory: MailAdvisory;
  issue: KnownIssueMail['issue'];
  facts: MatchFacts;
  by: string;
  settings: string;
}

/** One known-issue news that matched the member's environment, told in the digest. */
export interface MatchDigestEntry {
  advisory: MailAdvisory;
  facts: MatchFacts;
  by: string;
  url: string;
}

export interface MatchDigestMail {
  username: string;
  date: Date;
  entries: MatchDigestEntry[];
  settings: string;
}

/** A known issue appeared, changed status or came to match: to a member whose environment it matches, at once. */
export function environmentMatchMail(m: MatchMail): MailText {
  const status = t(`knownIssue.status.${m.issue.status}`);
  const subject = t('mail.subject.match', { advisory: m.advisory.id, title: shorten(oneLine(m.issue.title), 120), status });
  const lines = [
    t('mail.greeting', { username: m.username }),
    '',
    matchLine('ja', m.by, advisoryName(m.advisory), m.facts),
    `  ${m.advisory.title}`,
    '',
    ...issueLines(m.issue, status),
  ];
  lines.push('', `${t('mail.knownIssue.details')}: ${m.issue.url}`);
  return { subject, text: withEnvironmentFooter(lines, m.settings) };
}

/** The day's known-issue news matching the member's environment, across advisories. */
export function environmentDigestMail(m: MatchDigestMail): MailText {
  const count = formatNumber('ja', m.entries.length);
  const subject = t('mail.subject.matchDigest', { count, date: formatDate('ja', m.date) });
  const lines = [t('mail.greeting', { username: m.username }), '', t('mail.matchDigest.lead', { count }), ''];
  for (const e of m.entries) lines.push(matchLine('ja', e.by, advisoryName(e.advisory), e.facts), `  ${e.url}`, '');
  return { subject, text: withEnvironmentFooter(lines, m.settings) };
}

function withEnvironmentFooter(lines: string[], settings: string): string {
  lines.push('', '-- ', t('site.name'), t('mail.footer.environment'), `${t('mail.footer.environmentSettings')}: ${settings}`, '');
  return lines.join('\n');
}

/** A mailed single-use link about the account itself, in the language of the page that asked for it. */
export interface AccountMail {
  locale: Locale;
  username: string;
  url: string;
  /** How long the link works. */
  hours: number;
}

/** The link to choose a new password; saying nothing changes until it is used. */
export function passwordResetMail(m: AccountMail): MailText {
  return accountMail(m, 'passwordReset');
}

/** The link that confirms a new member's address. */
export function confirmEmailMail(m: AccountMail): MailText {
  return accountMail(m, 'confirmEmail');
}

function accountMail(m: AccountMail, kind: 'passwordReset' | 'confirmEmail'): MailText {
  const tl = (key: string, params?: Record<string, unknown>) => translate(m.locale, key, params);
  const lines = [
    tl('mail.greeting', { username: m.username }),
    '',
    tl(`mail.${kind}.lead`),
    '',
    `  ${m.url}`,
    '',
    tl('mail.account.expires', { hours: formatNumber(m.locale, m.hours) }),
    tl(`mail.${kind}.ignore`),
    '',
    '-- ',
    tl('site.name'),
    '',
  ];
  return { subject: tl(`mail.subject.${kind}`), text: lines.join('\n') };
}

function withFooter(lines: string[], advisory: MailAdvisory, links: MailLinks): string {
  lines.push(
    '',
    '-- ',
    t('site.name'),
    t('mail.footer.why', { advisory: advisory.id }),
    `${t('mail.footer.unsubscribe', { advisory: advisory.id })}: ${links.unsubscribe}`,
    `${t('mail.footer.settings')}: ${links.settings}`,
    '',
  );
  return lines.join('\n');
}

/** A known issue as both issue mails state it: title, status, platforms, software, symptom, workaround, resolution. */
function issueLines(issue: KnownIssueMail['issue'], status: string): string[] {
  const lines = [`■ ${issue.title}`, `${t('knownIssue.status')}: ${status}`];
  if (issue.platforms) lines.push(`${t('knownIssue.platforms')}: ${issue.platforms}`);
  if (issue.software) lines.push(`${t('knownIssue.software')}: ${issue.software}`);
  lines.push('', `${t('knownIssue.symptom')}:`, indent(issue.symptom));
  if (issue.workaround) lines.push('', `${t('knownIssue.workaround')}:`, indent(issue.workaround));
  if (issue.resolution) lines.push('', `${t('knownIssue.resolution')}:`, indent(issue.resolution));
  return lines;
}

const advisoryName = (a: MailAdvisory) => (a.kb.length ? `${a.id} (${a.kb.map((k) => `KB${k}`).join(', ')})` : a.id);

const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => (l.trim() ? `  ${l.trimEnd()}` : ''))
    .join('\n');
