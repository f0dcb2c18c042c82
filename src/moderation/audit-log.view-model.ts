import { formatDate, formatNumber, Locale, translate } from '../common/i18n/i18n';
import { advisoryPath, emergingGroupPath, knownIssuePath, permalinkPath, threadPath, userPath } from '../paths';
import { AuditAction, auditAction, auditActionKey } from './audit-actions';
import { AuditEntry } from './audit-entry.entity';

/** A value shown in the log, linked where it names something with an address. */
export interface LogLink {
  text: string;
  url: string | null;
}

/** One labelled value of an entry's details. */
export interface LogDetail extends LogLink {
  label: string;
}

/** The actors written when no member acted (audit.service.ts), by their catalog keys. */
const NO_MEMBER: Record<string, string> = { '(automatic)': 'audit.actor.system', '(command line)': 'audit.actor.cli' };

/** One row of the audit log, in the reader's language: names for codes, links for targets, labelled details. */
export function logEntryView(e: AuditEntry, locale: Locale) {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const action = auditAction(e.action);
  return {
    id: e.id,
    at: e.createdAt,
    actor: e.actorId === null ? { text: NO_MEMBER[e.actorName] ? t(NO_MEMBER[e.actorName]) : e.actorName, url: null } : member(e.actorName),
    action: action ? t(auditActionKey(action)) : e.action,
    code: e.action,
    target: target(e, t),
    reason: e.reason,
    details: details(e, action, locale),
  };
}

type T = (key: string, params?: Record<string, unknown>) => string;

const member = (username: string): LogLink => ({ text: username, url: userPath(username) });
const rowNumber = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^\d{1,15}$/.test(v)) ? Number(v) : null);
const postLink = (id: number, t: T): LogLink => ({ text: t('audit.target.post', { id }), url: permalinkPath(id) });
const advisoryOf = (e: AuditEntry) => (typeof e.detail?.advisory === 'string' ? e.detail.advisory : null);

/** What the entry acted on, linked to its page (a known issue to its anchor on its advisory's page). */
function target(e: AuditEntry, t: T): LogLink {
  const id = e.targetId;
  const n = rowNumber(id);
  switch (e.targetType) {
    case 'post':
      return n === null ? { text: t('audit.target.post', { id }), url: null } : postLink(n, t);
    case 'user':
      return { text: t('audit.target.user', { name: id }), url: userPath(id) };
    case 'advisory':
      return { text: t('audit.target.advisory', { id }), url: advisoryPath(id) };
    case 'thread':
      return { text: t('audit.target.thread', { id }), url: threadPath(id) };
    case 'known-issue': {
      const advisory = advisoryOf(e);
      // Rows written before the evidence removal recorded its advisory have no page to point at.
      return { text: t('audit.target.knownIssue', { id }), url: advisory && n !== null ? knownIssuePath(advisory, n) : null };
    }
    case 'emerging-group':
      return { text: t('audit.target.emergingGroup', { id }), url: n === null ? null : emergingGroupPath(n) };
    default:
      return { text: `${e.targetType} ${id}`, url: null };
  }
}

/** The catalog's word for a code, or the code itself when the catalog has none (a value from an older writer). */
function word(t: T, prefix: string, code: string): string {
  const key = `${prefix}${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** A stored value as text: strings, numbers and yes/no as they are, anything else as its JSON. */
const plain = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);

/** What a from/to pair is a change of, by the action that wrote it. */
function changeOf(action: AuditAction | null): { label: string; prefix: string } | null {
  switch (action) {
    case AuditAction.UserRole:
      return { label: 'audit.detail.role', prefix: 'role.' };
    case AuditAction.UserSilence:
    case AuditAction.UserSuspend:
    case AuditAction.UserLift:
      return { label: 'audit.detail.accountState', prefix: 'state.' };
    case AuditAction.KnownIssueCreate:
    case AuditAction.KnownIssueEdit:
    case AuditAction.KnownIssueStatus:
    case AuditAction.KnownIssueReopen:
      return { label: 'knownIssue.status', prefix: 'knownIssue.status.' };
    default:
      return null;
  }
}

/** The order details are shown in, whatever order the engine stored them in (jsonb sorts keys); the advisory last. */
const DETAIL_ORDER = [
  'title',
  'status',
  'role',
  'flags',
  'days',
  'until',
  'post',
  'fromPost',
  'knownIssue',
  'posts',
  'direction',
  'created',
  'published',
  'via',
  'changed',
];
const rank = (key: string) =>
  key === 'advisory' ? Infinity : DETAIL_ORDER.includes(key) ? DETAIL_ORDER.indexOf(key) : DETAIL_ORDER.length;

/** The entry's details as labelled values; keys no writer uses today are shown as they are, never dropped. */
function details(e: AuditEntry, action: AuditAction | null, locale: Locale): LogDetail[] {
  const t: T = (key, params) => translate(locale, key, params);
  const detail = e.detail ?? {};
  const out: LogDetail[] = [];
  const add = (label: string, text: string, url: string | null = null) => out.push({ label: t(label), text, url });
  const change = changeOf(action);
  if (change && ('from' in detail || 'to' in detail)) {
    const [from, to] = [detail.from, detail.to].map((v) => (v === null || v === undefined ? null : word(t, change.prefix, plain(v))));
    add(change.label, from && to && from !== to ? `${from} → ${to}` : (to ?? from ?? ''));
  }
  for (const [key, value] of Object.entries(detail).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))) {
    if (value === null || value === undefined || (change && (key === 'from' || key === 'to'))) continue;
    const n = rowNumber(value);
    const text = plain(value);
    switch (key) {
      case 'advisory':
        // The target names it already.
        if (e.targetType !== 'advisory' && e.targetType !== 'thread') add('mod.log.advisory', text, advisoryPath(text));
        break;
      case 'title':
        add('audit.detail.title', text);
        break;
      case 'status':
        add('knownIssue.status', word(t, 'knownIssue.status.', text));
        break;
      case 'role':
        add('audit.detail.role', word(t, 'role.', text));
        break;
      case 'flags':
        add('audit.detail.flags', n === null ? text : formatNumber(locale, n));
        break;
      case 'days':
        add('audit.detail.days', n === null ? text : t('audit.detail.daysValue', { count: n }));
        break;
      case 'until': {
        const at = new Date(text);
        add('audit.detail.until', Number.isNaN(at.getTime()) ? text : formatDate(locale, at, true));
        break;
      }
      case 'post':
      case 'fromPost':
        if (n === null) add(`audit.detail.${key}`, text);
        else out.push({ label: t(`audit.detail.${key}`), ...postLink(n, t) });
        break;
      case 'knownIssue': {
        const advisory = advisoryOf(e);
        add(
          'audit.detail.knownIssue',
          t('audit.target.knownIssue', { id: text }),
          advisory && n !== null ? knownIssuePath(advisory, n) : null,
        );
        break;
      }
      case 'posts':
        add('audit.detail.posts', (Array.isArray(value) ? value : [value]).map(plain).join(t('audit.detail.separator')));
        break;
      case 'direction':
        add('audit.detail.direction', word(t, 'audit.detail.direction.', text));
        break;
      case 'published':
        add('audit.detail.published', t(value === true ? 'editor.status.published' : 'editor.status.draft'));
        break;
      case 'created':
        add('audit.detail.created', t(value === true ? 'audit.detail.created.new' : 'audit.detail.created.existing'));
        break;
      case 'via':
        add('audit.detail.via', word(t, 'audit.detail.via.', text));
        break;
      case 'changed':
        add(
          'audit.detail.changed',
          (Array.isArray(value) ? value : [value]).map((f) => word(t, 'editor.field.', plain(f))).join(t('audit.detail.separator')),
        );
        break;
      default:
        out.push({ label: key, text, url: null });
    }
  }
  return out;
}
