import { Locale, translate } from '../common/i18n/i18n';
import { oneLine, shorten } from '../common/text/clip';
import { KnownIssueFacts, MatchFacts, NotificationKind, NotificationPayload, ReportFacts } from './notification.entity';

/** One notification as read: its kind, who did it, where, and its payload (null on rows written before payloads). */
export interface NotificationFacts {
  kind: NotificationKind;
  actor: string | null;
  advisory: string;
  number: number | null;
  /** The known issue's title now. */
  title: string | null;
  payload: NotificationPayload | null;
  /** A reply's or quote's text, only while the post is public. */
  excerpt: string | null;
}

/** How much of a moderator's note a line carries (the page it links to has all of it). */
const NOTE_CHARS = 80;

/** "alice reported “Problem” on Windows 2000 SP4 in MS04-044: VERITAS Backup Exec 8.6" */
export function reportLine(locale: Locale, actor: string, advisory: string, r: ReportFacts): string {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const line = t('notifications.line.report', { actor, advisory, platform: r.platform, outcome: outcomeName(locale, r.outcome) });
  return r.software ? line + t('notifications.line.software', { software: r.software }) : line;
}

/** "MS04-044 VERITAS …: 調査中 → 確認済み (by mod, note: …)"; a new issue with its first status. */
export function knownIssueLine(locale: Locale, actor: string, advisory: string, k: KnownIssueFacts): string {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const status = (s: string) => t(`knownIssue.status.${s}`);
  const note = k.note ? t('notifications.line.note', { note: shorten(oneLine(k.note), NOTE_CHARS) }) : '';
  return k.from
    ? t('notifications.line.knownIssueStatus', { advisory, title: k.title, from: status(k.from), to: status(k.to), actor, note })
    : t('notifications.line.knownIssueNew', { advisory, title: k.title, status: status(k.to), actor, note });
}

/**
 * A known issue's news for a member whose environment it matches: "あなたの環境に該当（Windows 2000 SP4、VERITAS Backup Exec 8.6）: "
 * and the news as a watcher reads it, or, after an edit that made it match (from = to), that it now matches.
 */
export function matchLine(locale: Locale, actor: string, advisory: string, m: MatchFacts): string {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const on = [m.platform, m.software].filter((s) => s !== '').join(t('notifications.line.matchSeparator'));
  const news =
    m.from === m.to
      ? t('notifications.line.knownIssueMatched', { advisory, title: m.title, status: t(`knownIssue.status.${m.to}`), actor })
      : knownIssueLine(locale, actor, advisory, m);
  return t('notifications.line.match', { on, news });
}

/** A notification's line in the reader's language: who did what to what. */
export function notificationLine(locale: Locale, n: NotificationFacts): string {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const actor = n.actor ?? t('notifications.formerMember');
  const p = n.payload;
  switch (n.kind) {
    case 'report':
      if (p?.outcome !== undefined)
        return reportLine(locale, actor, n.advisory, { outcome: p.outcome, platform: p.platform ?? '', software: p.software ?? '' });
      break;
    case 'known-issue':
      // The issue's title as it is now: a renamed issue is found by its new name.
      if (p?.to !== undefined)
        return knownIssueLine(locale, actor, n.advisory, {
          title: n.title ?? p.title ?? '',
          from: p.from ?? null,
          to: p.to,
          note: p.note ?? '',
        });
      break;
    case 'known-issue-match':
      if (p?.to !== undefined)
        return matchLine(locale, actor, n.advisory, {
          title: n.title ?? p.title ?? '',
          from: p.from ?? null,
          to: p.to,
          note: p.note ?? '',
          platform: p.platform ?? '',
          software: p.software ?? '',
        });
      break;
    case 'confirmation':
      if (p?.platform !== undefined)
        return t('notifications.line.confirmation', { actor, report: p.software || `#${n.number}`, platform: p.platform });
      break;
    case 'reply':
    case 'quote': {
      const line = t(`notifications.line.${n.kind}`, { actor, advisory: n.advisory, number: n.number });
      return n.excerpt ? line + t('notifications.line.excerpt', { excerpt: n.excerpt }) : line;
    }
  }
  // Hides, restores and approvals, and rows written before payloads: the line their kind always had.
  return t(`notifications.kind.${n.kind}`, { actor, advisory: n.advisory, number: n.number, title: n.title });
}

/** An outcome's name, or the code itself if the catalog has none. */
function outcomeName(locale: Locale, outcome: string): string {
  const key = `outcome.${outcome}`;
  const text = translate(locale, key);
  return text === key ? outcome : text;
}
