import { boardDay } from '../common/i18n/i18n';
import { OUTCOMES, Outcome } from '../field-reports/field-report.entity';
import type { ReportDayRow } from '../field-reports/field-reports.repository';

/** Up to this many days the picture has a bar a day; up to this many weeks a bar a week; beyond, a bar a month. */
export const DAILY_UP_TO = 60;
export const WEEKLY_UP_TO = 60;

export type TrendStep = 'day' | 'week' | 'month';

/** One bar: the days it spans (YYYY-MM-DD, inclusive) and its reports by outcome, in OUTCOMES order. */
export interface TrendBar {
  from: string;
  to: string;
  counts: { outcome: Outcome; count: number }[];
  total: number;
}

/** Reports per period by outcome, from the advisory's publication to today (the board's day). */
export interface Trend {
  from: string;
  to: string;
  step: TrendStep;
  bars: TrendBar[];
  totals: { outcome: Outcome; count: number }[];
  total: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * The trend of a thread's reports from its per-day counters, to `today` (boardDay of now) so that a quiet week shows
 * as quiet; the guest cache's validator moves with the board's day too (PageCacheRepository.validator).
 */
export function trendOf(rows: ReportDayRow[], publishedAt: Date | null, today: string): Trend {
  const days = rows.filter((r) => r.reports > 0);
  const sorted = days.map((r) => r.day).sort();
  const first = publishedAt ? boardDay(publishedAt) : (sorted[0] ?? boardDay(new Date(0)));
  const from = sorted.length && sorted[0] < first ? sorted[0] : first;
  const last = sorted.length && sorted[sorted.length - 1] > today ? sorted[sorted.length - 1] : today;
  const to = last > from ? last : from;
  const span = dayNumber(to) - dayNumber(from) + 1;
  const step: TrendStep = span <= DAILY_UP_TO ? 'day' : span <= WEEKLY_UP_TO * 7 ? 'week' : 'month';

  // Periods: single days, weeks counted from the first day, or calendar months.
  const start = dayNumber(from);
  const periodOf = (day: string): number => {
    if (step === 'day') return dayNumber(day) - start;
    if (step === 'week') return Math.floor((dayNumber(day) - start) / 7);
    return monthIndex(day) - monthIndex(from);
  };
  const count = periodOf(to) + 1;
  const bars: TrendBar[] = Array.from({ length: count }, (_, i) => {
    const [pFrom, pTo] = periodDays(step, from, i);
    return {
      from: pFrom < from ? from : pFrom,
      to: pTo > to ? to : pTo,
      counts: OUTCOMES.map((outcome) => ({ outcome, count: 0 })),
      total: 0,
    };
  });
  for (const row of days) {
    const bar = bars[periodOf(row.day)];
    bar.counts[OUTCOMES.indexOf(row.outcome)].count += row.reports;
    bar.total += row.reports;
  }
  const totals = OUTCOMES.map((outcome, i) => ({ outcome, count: bars.reduce((a, b) => a + b.counts[i].count, 0) }));
  return { from, to, step, bars, totals, total: totals.reduce((a, t) => a + t.count, 0) };
}

function monthIndex(day: string): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

/** The first and last day of period i after `from`. */
function periodDays(step: TrendStep, from: string, i: number): [string, string] {
  if (step === 'day') {
    const d = dayOf(dayNumber(from) + i);
    return [d, d];
  }
  if (step === 'week') return [dayOf(dayNumber(from) + 7 * i), dayOf(dayNumber(from) + 7 * i + 6)];
  const m = monthIndex(from) + i;
  const first = Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY_MS;
  const last = Date.UTC(Math.floor(m / 12), (m % 12) + 1, 1) / DAY_MS - 1;
  return [dayOf(first), dayOf(last)];
}
