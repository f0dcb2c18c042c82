import { OUTCOMES } from '../field-reports/field-report.entity';
import { trendPath } from '../paths';
import { Trend } from './trend';

/**
 * The trend as a page shows it (views/partials/trend.hbs): the picture's address, and the same numbers as a table for
 * those who cannot see it, one row per bar with reports (days × outcomes, or weeks or months as the picture groups them).
 */
export function trendView(advisoryId: string, trend: Trend) {
  return {
    trend,
    imageUrl: trendPath(advisoryId),
    outcomes: OUTCOMES.map((o) => ({ key: `outcome.${o}` })),
    rows: trend.bars
      .filter((b) => b.total > 0)
      .map((b) => ({ from: b.from, to: b.to, oneDay: b.from === b.to, counts: b.counts.map((c) => c.count), total: b.total })),
  };
}
