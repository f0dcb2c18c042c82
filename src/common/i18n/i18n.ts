import en from './en.json';
import ja from './ja.json';
import { limit } from '../limits';

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';

type Catalog = Record<string, string>;
const CATALOGS: Record<Locale, Catalog> = { ja, en };

/**
 * Looks a key up in the locale's catalog and fills {name} placeholders; {name|one|other} picks a word by
 * whether the value is 1 ("1 report", "2 reports"); {limit:name} shows an input limit (src/common/limits.ts),
 * so a message never states another number than the check. A missing key shows itself.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const text = CATALOGS[locale][key] ?? CATALOGS[DEFAULT_LOCALE][key] ?? key;
  // Most messages have no placeholder: a page translates hundreds, and three regex passes each cost more than the rest.
  if (!text.includes('{')) return text;
  return text
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) =>
      name in params ? plural(Number(params[name]), one, other) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
    .replace(/\{limit:(\w+)\}/g, (_, name: string) => formatNumber(locale, limit(name)));
}

/** The singular for exactly 1, the plural otherwise (0 reports, 1 report, 2 reports). */
export function plural(n: number, one: string, other: string): string {
  return n === 1 ? one : other;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function catalogKeys(locale: Locale): string[] {
  return Object.keys(CATALOGS[locale]);
}

/** Picks the reader's language: ?lang=, then the lang cookie, then Accept-Language, then Japanese. */
export function negotiateLocale(
  query: unknown,
  cookie: unknown,
  acceptLanguage: string | undefined,
): { locale: Locale; remember: boolean } {
  if (isLocale(query)) return { locale: query, remember: true };
  if (isLocale(cookie)) return { locale: cookie, remember: false };
  return { locale: fromAcceptLanguage(acceptLanguage), remember: false };
}

function fromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  const hit = ranked.find((x) => isLocale(x.lang));
  return hit ? (hit.lang as Locale) : DEFAULT_LOCALE;
}

/** Dates in the reader's language: 2004年12月16日 / Dec 16, 2004. Accepts YYYY-MM-DD or a Date. */
export function formatDate(locale: Locale, value: string | Date | null | undefined, withTime = false): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: locale === 'ja' ? 'long' : 'short',
    day: 'numeric',
    timeZone: typeof value === 'string' ? 'UTC' : 'Asia/Tokyo',
  };
  if (withTime) Object.assign(options, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const key = `${locale}|${options.timeZone}|${withTime}`;
  // Nothing finer than the minute is shown, so a minute formats alike; a thread's last post is shown on its every view.
  const minute = `${key}|${Math.floor(date.getTime() / 60_000)}`;
  const known = FORMATTED_MINUTES.get(minute);
  if (known !== undefined) return known;
  let formatter = DATE_FORMATS.get(key);
  if (!formatter) DATE_FORMATS.set(key, (formatter = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-US', options)));
  const formatted = formatter.format(date);
  if (FORMATTED_MINUTES.size >= 10_000) FORMATTED_MINUTES.clear();
  FORMATTED_MINUTES.set(minute, formatted);
  return formatted;
}

/**
 * The board's calendar day of a moment, YYYY-MM-DD: Japan time, as formatDate shows times (the board has no time
 * zone setting; Asia/Tokyo keeps no daylight saving, so it is UTC+9 all year).
 */
export function boardDay(moment: Date): string {
  return new Date(moment.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

// Building an Intl formatter costs far more than using one: it was 42% of a thread page's CPU.
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
// And using one with a time zone cost ≈ 60 µs, 1.6% of a member's thread page.
const FORMATTED_MINUTES = new Map<string, string>();
const NUMBER_FORMATS = { ja: new Intl.NumberFormat('ja-JP'), en: new Intl.NumberFormat('en-US') };

const LIST_FORMATS = {
  ja: new Intl.ListFormat('ja-JP', { type: 'conjunction' }),
  en: new Intl.ListFormat('en-US', { type: 'conjunction' }),
};

/** Names in a sentence as the language lists them: "A、B、C" / "A, B, and C". */
export function formatList(locale: Locale, items: readonly string[]): string {
  return LIST_FORMATS[locale].format(items);
}

export function formatNumber(locale: Locale, value: number): string {
  return NUMBER_FORMATS[locale].format(value);
}

/** 94 → "1時間34分" / "1 h 34 min", as in the bulletin's deployment-time table. */
export function formatMinutes(locale: Locale, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === 'ja') return h ? `${h}時間${m ? `${m}分` : ''}` : `${m}分`;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}
