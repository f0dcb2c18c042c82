import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findRootDir } from '../config/config';
import { OUTCOMES } from '../field-reports/field-report.entity';
import type { ReportDayRow } from '../field-reports/field-reports.repository';
import { trendOf } from './trend';
import { OUTCOME_FILLS, trendPicture } from './trend-svg';

const row = (day: string, outcome: ReportDayRow['outcome'], reports: number): ReportDayRow => ({ day, outcome, reports });
// 2004-12-15 00:30 in Japan, still the 14th in UTC: the board's day is Japan's.
const PUBLISHED = new Date('2004-12-14T15:30:00Z');

describe('trendOf', () => {
  it('draws a bar a day from the day of publication (Japan time) to today, empty days included', () => {
    const sut = trendOf(
      [row('2004-12-15', 'success', 2), row('2004-12-15', 'problem', 1), row('2004-12-18', 'rolled-back', 1)],
      PUBLISHED,
      '2004-12-18',
    );
    assert.equal(sut.step, 'day');
    assert.deepEqual(
      sut.bars.map((b) => [b.from, b.total]),
      [
        ['2004-12-15', 3],
        ['2004-12-16', 0],
        ['2004-12-17', 0],
        ['2004-12-18', 1],
      ],
    );
    assert.deepEqual(
      sut.bars[0].counts.map((c) => c.count),
      [2, 1, 0, 0],
    );
    assert.deepEqual(
      sut.totals.map((t) => t.count),
      [2, 1, 0, 1],
    );
    assert.equal(sut.total, 4);
  });

  it('starts at an earlier report (a bulletin published after reports came in) and is one empty day without any', () => {
    assert.equal(trendOf([row('2004-12-10', 'problem', 1)], PUBLISHED, '2004-12-15').from, '2004-12-10');
    const none = trendOf([], PUBLISHED, '2004-12-15');
    assert.deepEqual([none.from, none.to, none.bars.length, none.total], ['2004-12-15', '2004-12-15', 1, 0]);
  });

  it('runs to today after a quiet week, the quiet days as empty bars', () => {
    const sut = trendOf([row('2004-12-15', 'problem', 2), row('2004-12-16', 'success', 1)], PUBLISHED, '2004-12-23');
    assert.equal(sut.to, '2004-12-23');
    assert.deepEqual(
      sut.bars.map((b) => b.total),
      [2, 1, 0, 0, 0, 0, 0, 0, 0],
    );
    const picture = trendPicture('MS04-044', sut);
    assert.equal(picture.bars.length, 9, 'a place for each quiet day');
    assert.deepEqual(picture.bars.slice(2), [[], [], [], [], [], [], []]);
    // A report dated after today (a clock behind the database's) still shows.
    assert.equal(trendOf([row('2004-12-24', 'success', 1)], PUBLISHED, '2004-12-23').to, '2004-12-24');
  });

  it('groups by week past 60 days and by month past 60 weeks, keeping every report', () => {
    const rows = [
      row('2004-12-15', 'success', 1),
      row('2004-12-21', 'problem', 2),
      row('2004-12-22', 'success', 1),
      row('2005-03-01', 'install-failed', 5),
    ];
    const weekly = trendOf(rows, PUBLISHED, '2005-03-01');
    assert.equal(weekly.step, 'week');
    assert.deepEqual(
      weekly.bars.slice(0, 2).map((b) => [b.from, b.to, b.total]),
      [
        ['2004-12-15', '2004-12-21', 3],
        ['2004-12-22', '2004-12-28', 1],
      ],
    );
    assert.equal(weekly.bars.at(-1)!.to, '2005-03-01', 'the last week ends on the last day');
    assert.equal(weekly.total, 9);
    const monthly = trendOf([...rows, row('2006-04-03', 'success', 1)], PUBLISHED, '2006-04-03');
    assert.equal(monthly.step, 'month');
    assert.deepEqual(
      monthly.bars.slice(0, 2).map((b) => [b.from, b.to, b.total]),
      [
        ['2004-12-15', '2004-12-31', 4],
        ['2005-01-01', '2005-01-31', 0],
      ],
    );
    assert.equal(monthly.bars.length, 17, 'December 2004 to April 2006');
    assert.equal(monthly.total, 10);
  });
});

describe('trendPicture', () => {
  it('stacks a bar per period with a part per outcome, heights in proportion to the reports', () => {
    const sut = trendPicture(
      'MS04-044',
      trendOf([row('2004-12-15', 'success', 4), row('2004-12-15', 'problem', 2), row('2004-12-16', 'problem', 1)], PUBLISHED, '2004-12-16'),
    );
    assert.equal(sut.bars.length, 2);
    const [first, second] = sut.bars;
    assert.deepEqual(
      first.map((s) => s.fill),
      [OUTCOME_FILLS.success, OUTCOME_FILLS.problem],
    );
    const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 0.02, `${what}: ${a} ≠ ${b}`);
    near(first[0].height, first[1].height * 2, '4 successes are twice 2 problems');
    near(second[0].height, first[1].height / 2, '1 problem is half of 2');
    near(first[1].y + first[1].height, first[0].y, 'problem sits on success');
    assert.deepEqual(
      sut.yTicks.map((t) => t.label),
      [0, 3, 6],
    );
  });

  it('keeps a long history to at most five date labels inside the picture', () => {
    const rows = Array.from({ length: 59 }, (_, i) => row(`2005-01-${String((i % 28) + 1).padStart(2, '0')}`, 'success', 1));
    rows.push(row('2005-02-11', 'problem', 2));
    const sut = trendPicture('MS04-044', trendOf(rows, PUBLISHED, '2005-02-11'));
    assert.ok(sut.xTicks.length <= 5);
    for (const tick of sut.xTicks) assert.ok(tick.x >= 0 && tick.x <= sut.width);
  });

  it('uses the board’s outcome colours (public/css/app.css)', () => {
    const css = readFileSync(join(findRootDir(__dirname), 'public', 'css', 'app.css'), 'utf8');
    for (const outcome of OUTCOMES) {
      const rule = new RegExp(`\\.bar--${outcome} \\{[^}]*fill: (#[0-9a-f]{6})`).exec(css);
      assert.equal(rule?.[1], OUTCOME_FILLS[outcome], outcome);
    }
  });
});
