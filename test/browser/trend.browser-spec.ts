/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BACKFILL_REPORT_DAYS as BACKFILL_PG } from '../../migrations/postgresql/Migration20261204234032';
import { BACKFILL_REPORT_DAYS as BACKFILL_SQLITE } from '../../migrations/sqlite/Migration20261204234031';
import { OUTCOMES } from '../../src/field-reports/field-report.entity';
import { Post } from '../../src/threads/post.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createFieldReport } from '../factories/field-report.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, skipBrowser } from '../support/browser';
import { generousLimits } from '../support/limits';
import { ENGINE, TestApp } from '../support/test-app';

const DAY_MS = 86_400_000;

/** Three weeks of reports, more of them early, then the per-day counters rebuilt from them as the migration does. */
async function threeWeeks(t: TestApp) {
  await createAdvisories(t.app, [referenceDocument()]);
  const author = await createUser(t.app);
  const em = t.em();
  for (let day = 20; day >= 0; day -= 1) {
    const n = Math.max(0, Math.round(6 - day / 4 + ((day * 7) % 5) - 2));
    for (let i = 0; i < n; i++) {
      const post = await createFieldReport(t.app, author, {
        outcome: OUTCOMES[(day + i) % 4 === 3 && i > 1 ? 3 : (day * i) % 3],
        body: `報告 ${day}-${i}`,
      });
      await em.nativeUpdate(Post, { id: post.id }, { createdAt: new Date(Date.now() - day * DAY_MS) });
    }
  }
  const connection = em.getConnection();
  await connection.execute('delete from report_days');
  await connection.execute(ENGINE === 'sqlite' ? BACKFILL_SQLITE : BACKFILL_PG);
}

describe('the trend picture in a real browser', { skip: skipBrowser }, () => {
  const board = browserBoard({ config: { rateLimits: generousLimits() }, setup: threeWeeks });
  const { open, problems } = board;

  for (const width of [375, 1280]) {
    it(`shows the picture on the bulletin at ${width} px, loaded under its CSP, within the screen, with its table`, async () => {
      const page = await open(width);
      await page.goto(`${board.base}/advisories/MS04-044`);
      const img = page.locator('.trend__picture');
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.trend__picture')?.complete === true);
      assert.ok(await img.evaluate((el: HTMLImageElement) => el.naturalWidth > 0), 'the SVG loaded as an image');
      const box = (await img.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= width, `the picture fits: ${JSON.stringify(box)}`);
      // Labels of 14 units in a 360-unit drawing: at least 10.5 px on a phone.
      assert.ok((box.width / 360) * 14 >= 10.5, `wide enough to read: ${box.width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      await page.locator('.trend').screenshot({ path: join(OUTPUT, `trend-bulletin-${width}-${ENGINE}.png`) });
      await page.locator('.trend__data summary').click();
      const wrap = page.locator('.trend__data .table-wrap');
      assert.ok(await wrap.isVisible());
      await wrap.focus();
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'table-wrap', 'the scroll box takes the focus');
      await page.locator('.trend').screenshot({ path: join(OUTPUT, `trend-bulletin-table-${width}-${ENGINE}.png`) });
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  it('opens the SVG itself', async () => {
    const page = await open(800);
    const res = await page.goto(`${board.base}/advisories/MS04-044/trend.svg`);
    assert.equal(res?.headers()['content-type'], 'image/svg+xml; charset=utf-8');
    await page.screenshot({ path: join(OUTPUT, `trend-svg-${ENGINE}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
