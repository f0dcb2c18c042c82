/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createFieldReport } from '../factories/field-report.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, skipBrowser } from '../support/browser';
import { TestApp, ENGINE } from '../support/test-app';

/** Reports that give the bulletin one platform of each verdict (small thresholds: 3 clean reports deploy). */
async function setup(t: TestApp) {
  await createAdvisories(t.app, [referenceDocument()]);
  const members = await Promise.all(Array.from({ length: 4 }, () => createUser(t.app)));
  const mod = await createUser(t.app, { role: Role.Moderator });
  for (const m of members.slice(0, 3)) await createFieldReport(t.app, m, { outcome: 'success', platform: 'ws2003', hosts: '250' });
  for (const m of members.slice(0, 2)) await createFieldReport(t.app, m, { outcome: 'install-failed', platform: 'winxp-sp2', hosts: '12' });
  await createKnownIssue(t.app, mod, {
    title: 'Backup Exec 8.6 のスケジュール・バックアップが失敗する',
    platforms: ['win2000-sp4'],
    workaround: 'Backup Exec 9.1 に更新する。',
  });
}

describe('verdicts in a real browser', { skip: skipBrowser }, () => {
  const board = browserBoard({ config: { verdicts: { minReports: 3, deployLowerBound: 0.4, holdFailureBound: 0.25 } }, setup });
  const { open, problems } = board;

  for (const [name, path] of [
    ['bulletin', '/advisories/MS04-044'],
    ['thread', '/advisories/MS04-044/thread'],
  ])
    for (const width of [375, 1280])
      it(`shows each platform's verdict in words with its reason on the ${name} page at ${width} px`, async () => {
        const page = await open(width);
        await page.goto(`${board.base}${path}`);
        const section = page.getByRole('region', { name: '適用の判定' });
        await section.waitFor();
        for (const [platform, verdict] of [
          ['ws2003', '適用可'],
          ['winxp-sp2', '適用保留'],
          ['win2000-sp4', '回避策を講じて適用可'],
          ['win2000-sp3', '報告不足'],
        ]) {
          const item = section.locator(`li[data-platform="${platform}"]`);
          assert.equal(await item.locator('.verdict-badge').innerText(), verdict, platform);
          assert.ok((await item.locator('.verdict__reason').innerText()).length > 10, `${platform} has a reason`);
          assert.ok(await item.locator('.verdict__reason').isVisible());
        }
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(sideways <= 0, `no sideways scroll at ${width} px (${sideways})`);
        await section.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(OUTPUT, `verdicts-${name}-${width}-${ENGINE}.png`), fullPage: false });
        await section.screenshot({ path: join(OUTPUT, `verdicts-${name}-${width}-section-${ENGINE}.png`) });
        await section.getByRole('link', { name: '判定の仕組み' }).click();
        await page.getByRole('heading', { level: 1, name: '適用の判定の仕組み' }).waitFor();
        if (width === 375) await page.screenshot({ path: join(OUTPUT, `verdicts-help-${width}-${ENGINE}.png`), fullPage: true });
        assert.deepEqual(problems, []);
      });
});
