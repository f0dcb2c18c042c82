/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Page } from 'playwright-core';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

// Issue 20, item 7, as people do it: reports come in → the platform's verdict moves → moderators see the
// emerging group → one promotes it → a member whose environment matches hears of it without watching the thread.

/** Three problem reports on Windows Server 2003 from three members, alike in what they say. */
const SYMPTOMS = [
  'KB885835 を適用して再起動すると、Windows Server 2003 のターミナル サービスが起動しなくなりました。イベントID 7024。',
  'KB885835 の適用後、ターミナル サービスが起動しない。イベントID 7024 が記録される。',
  'パッチ適用後の再起動でターミナル サービスが起動しなくなった(イベントID 7024)。',
];
const ISSUE = 'ターミナル サービス';

describe('deploy guidance end to end: reports → verdict → emerging group → known issue → matched member', { skip: skipBrowser }, () => {
  const names = { reporters: [] as string[], moderator: '', admin: '' };
  const board = browserBoard({
    // A member's first posts are not held here, and three failures of three hold a platform.
    config: {
      moderation: { flagHideThreshold: 3, holdFirstPosts: 0 },
      verdicts: { minReports: 3, deployLowerBound: 0.4, holdFailureBound: 0.25 },
    },
    setup: async (t) => {
      await createAdvisories(t.app, [referenceDocument()]);
      for (let i = 0; i < 3; i++) names.reporters.push((await createUser(t.app)).username);
      names.moderator = (await createUser(t.app, { role: Role.Moderator })).username;
      names.admin = (await createUser(t.app)).username;
    },
  });

  const verdictOf = (page: Page, platform: string) => page.locator(`.verdict[data-platform="${platform}"]`);

  it('walks from the first report to the matched member’s notification', async () => {
    // A server administrator records what they run, on a phone; they watch no thread.
    const admin = await board.open(375);
    await signInThroughForm(admin, board.base, names.admin, '/account/environment');
    await admin.getByLabel('Windows Server 2003').check();
    await admin.getByRole('button', { name: '保存する' }).click();
    await admin.getByText('使用環境を保存しました。').waitFor();

    // A guest sees no verdict yet for the platform.
    const guest = await board.open(1280);
    await guest.goto(`${board.base}/advisories/MS04-044`);
    assert.equal(await verdictOf(guest, 'ws2003').getAttribute('data-verdict'), 'insufficient');

    for (const [i, name] of names.reporters.entries()) {
      const page = await board.open(1280);
      await signInThroughForm(page, board.base, name, '/advisories/MS04-044/thread');
      await page.getByLabel('結果', { exact: true }).selectOption('problem');
      await page.getByLabel('プラットフォーム', { exact: true }).selectOption('ws2003');
      await page.getByLabel('台数', { exact: true }).fill(String(10 * (i + 1)));
      await page.getByLabel('本文(症状や状況)').fill(SYMPTOMS[i]);
      await page.getByRole('button', { name: '投稿する' }).click();
      await page.waitForURL(/\/advisories\/MS04-044\/thread#p\d+$/);
      await page.close();
    }

    // The verdict moved: the bulletin (and the status page) say hold, with the counts.
    await guest.reload();
    const held = verdictOf(guest, 'ws2003');
    assert.equal(await held.getAttribute('data-verdict'), 'hold');
    assert.match(await held.innerText(), /3件中3件が失敗\(60台\)/);
    await guest.goto(`${board.base}/status?platform=ws2003`);
    assert.equal(await verdictOf(guest, 'ws2003').getAttribute('data-verdict'), 'hold');
    await guest.screenshot({ path: join(OUTPUT, `deploy-guidance-status-${ENGINE}.png`), fullPage: true });

    // The moderator learns of it from the board: one group of three reports from three members.
    const mod = await board.open(1280);
    await signInThroughForm(mod, board.base, names.moderator, '/mod/emerging');
    const group = mod.locator('.emerging__group');
    assert.equal(await group.count(), 1);
    assert.match(await group.locator('h2').innerText(), /適用報告 3件 · 3人 · 60台/);
    await mod.screenshot({ path: join(OUTPUT, `deploy-guidance-emerging-${ENGINE}.png`), fullPage: true });
    await group.getByLabel('理由').fill('3人から同じ症状の報告');
    await group.getByRole('button', { name: '既知の問題にする' }).click();
    await mod.waitForURL(/\/advisories\/MS04-044\/known-issues#ki\d+$/);
    await mod.getByText(ISSUE).first().waitFor();

    // The administrator hears of it: a notification, the issue under "mine", and the hold flagged on the board index.
    await admin.goto(`${board.base}/notifications`);
    await admin
      .getByText(/使用環境に該当/)
      .first()
      .waitFor();
    await admin.goto(`${board.base}/known-issues?mine=1`);
    await admin.getByText(ISSUE).first().waitFor();
    await admin.goto(`${board.base}/`);
    assert.match(await admin.locator('.env-holds').innerText(), /MS04-044[\s\S]*Windows Server 2003/);
    await admin.screenshot({ path: join(OUTPUT, `deploy-guidance-index-${ENGINE}.png`), fullPage: true });
    assert.deepEqual(board.problems, []);
  });
});
