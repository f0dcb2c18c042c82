import { OUTCOMES, Outcome } from '../field-reports/field-report.entity';
import { Trend, TrendBar } from './trend';

/**
 * The outcome colours of the board's own bars (public/css/app.css `.bar--*`, checked by trend-svg.spec), each at
 * least 4.5:1 against the picture's white: an <img> cannot use the page's stylesheet.
 */
export const OUTCOME_FILLS: Record<Outcome, string> = {
  success: '#237a43',
  problem: '#b8400b',
  'install-failed': '#b3261e',
  'rolled-back': '#6b4fa0',
};

/** The drawing's own units; it scales to the width it is shown at. 360 wide keeps 14-unit labels above 10.5 px on a phone. */
const WIDTH = 360;
const HEIGHT = 268;
const PLOT = { left: 36, right: WIDTH - 8, top: 68, bottom: 230 };
const MAX_BAR = 40;
/** Date labels under the bars: five short ones (month/day), four of the longer year/month. */
const X_LABELS = { day: 5, week: 5, month: 4 };

const r2 = (n: number) => Math.round(n * 100) / 100;

/** The top of the scale: the smallest round number at or above n (1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k), so the bars fill the height. */
function niceCeil(n: number): number {
  const base = 10 ** Math.floor(Math.log10(Math.max(1, n)));
  return [1, 1.5, 2, 3, 4, 5, 6, 8, 10].map((m) => m * base).find((v) => v >= n && Number.isInteger(v))!;
}

/** A bar's label on the date axis: month/day, or year/month for a bar a month. */
function dateLabel(bar: TrendBar, step: Trend['step']): string {
  const [y, m, d] = bar.from.split('-').map(Number);
  return step === 'month' ? `${y}/${m}` : `${m}/${d}`;
}

/**
 * The trend picture's geometry for views/guidance/trend-svg.hbs: stacked bars per period by outcome (success at the
 * bottom), a scale of report counts, dates under the bars, a legend with words. No script, no reference out.
 */
export function trendPicture(advisoryId: string, trend: Trend) {
  const plotWidth = PLOT.right - PLOT.left;
  const plotHeight = PLOT.bottom - PLOT.top;
  const n = trend.bars.length;
  const top = niceCeil(Math.max(1, ...trend.bars.map((b) => b.total)));
  const slot = plotWidth / Math.max(1, n);
  const barWidth = Math.min(MAX_BAR, Math.max(1, slot * 0.75));
  const scale = plotHeight / top;
  const bars = trend.bars.map((bar, i) => {
    const x = PLOT.left + slot * i + (slot - barWidth) / 2;
    let y = PLOT.bottom;
    const segments = bar.counts
      .filter((c) => c.count > 0)
      .map((c) => {
        const height = c.count * scale;
        y -= height;
        return { x: r2(x), y: r2(y), width: r2(barWidth), height: r2(height), fill: OUTCOME_FILLS[c.outcome] };
      });
    return { segments, center: x + barWidth / 2, left: x, right: x + barWidth };
  });
  const most = X_LABELS[trend.step];
  const labelled =
    n <= most ? trend.bars.map((_, i) => i) : [...new Set(Array.from({ length: most }, (_, k) => Math.round((k * (n - 1)) / (most - 1))))];
  const xTicks = labelled.map((i) => {
    // The first and last labels stay inside the picture: anchored at their bar's outer edge.
    const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
    const x = anchor === 'start' ? bars[i].left : anchor === 'end' ? bars[i].right : bars[i].center;
    return { x: r2(x), y: PLOT.bottom + 22, anchor, label: dateLabel(trend.bars[i], trend.step), tickX: r2(bars[i].center) };
  });
  const yTicks = (top % 2 === 0 ? [0, top / 2, top] : [0, top]).map((v) => ({ y: r2(PLOT.bottom - v * scale), label: v }));
  const legend = OUTCOMES.map((outcome, i) => {
    const x = 8 + (i % 2) * 176;
    const y = 8 + Math.floor(i / 2) * 26;
    return { key: `outcome.${outcome}`, fill: OUTCOME_FILLS[outcome], x, y, textX: x + 21, textY: y + 13 };
  });
  return {
    layout: false,
    advisoryId,
    trend,
    width: WIDTH,
    height: HEIGHT,
    plot: {
      ...PLOT,
      middle: r2((PLOT.left + PLOT.right) / 2),
      centre: r2((PLOT.top + PLOT.bottom) / 2),
      labelX: PLOT.left - 5,
      tickEnd: PLOT.bottom + 4,
    },
    bars: bars.map((b) => b.segments),
    xTicks,
    yTicks,
    legend,
    // Segments of one bar are told apart by a white gap where they are wide enough to show one.
    gap: barWidth >= 3 ? 1 : 0,
  };
}
