/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Role } from '../../src/policy/viewer';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('my environment in a real browser', { skip: skipBrowser }, () => {
  const board = browserBoard({
    // A refused form answers 422, which Chromium reports on the console.
    expected: /status of 422/,
    setup: (t) => createAdvisories(t.app, [referenceDocument(), buildAdvisoryDoc({ registeredOn: '2009-02-10' })]),
  });
  const { open, problems } = board;

  for (const width of [375, 1280]) {
    it(`a member ticks platforms, lists software, is refused a line too long and saves (${width} px)`, async () => {
      const mod = await createUser(board.t.app, { role: Role.Moderator });
      const issue = await createKnownIssue(board.t.app, mod, { platforms: ['ws2003'], software: 'VERITAS Backup Exec 8.6' });
      const m = await createUser(board.t.app);
      const page = await open(width);
      await signInThroughForm(page, board.base, m.username);
      await page.getByRole('link', { name: '使用環境', exact: true }).click();
      await page.waitForURL(`${board.base}/account/environment`);
      await page.getByRole('checkbox', { name: 'Windows Server 2003' }).first().check();
      await page.getByLabel('使っているソフトウェア(1行に1製品)').fill(`ｂａｃｋｕｐ ｅｘｅｃ\n${'x'.repeat(201)}`);
      await page.getByRole('radio', { name: 'そのつどメールで受け取る' }).check();
      await page.getByRole('button', { name: '保存する' }).click();
      await page.getByText('長すぎる行があります').first().waitFor();
      // Shown again as typed, the ticks and the choice kept.
      assert.ok((await page.getByLabel('使っているソフトウェア(1行に1製品)').inputValue()).startsWith('ｂａｃｋｕｐ ｅｘｅｃ\n'));
      assert.ok(await page.getByRole('checkbox', { name: 'Windows Server 2003' }).first().isChecked());
      assert.ok(await page.getByRole('radio', { name: 'そのつどメールで受け取る' }).isChecked());
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the form is ${overflow}px wider than the screen`);
      await page.screenshot({ path: join(OUTPUT, `environment-refused-${width}-${ENGINE}.png`), fullPage: true });

      await page.getByLabel('使っているソフトウェア(1行に1製品)').fill('ｂａｃｋｕｐ ｅｘｅｃ\nExchange 2003');
      await page.getByRole('button', { name: '保存する' }).click();
      await page.waitForURL(`${board.base}/account/environment?saved=1`);
      await page.getByText('使用環境を保存しました。').waitFor();
      await page.screenshot({ path: join(OUTPUT, `environment-saved-${width}-${ENGINE}.png`), fullPage: true });
      await page.getByRole('link', { name: '使用環境に該当する既知の問題' }).first().click();
      await page.getByRole('heading', { level: 1, name: '使用環境に該当する既知の問題' }).waitFor();
      assert.ok(await page.getByRole('link', { name: issue.title }).isVisible());
      await page.screenshot({ path: join(OUTPUT, `environment-mine-${width}-${ENGINE}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
