/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AdvisoriesService } from '../../src/advisories/advisories.service';
import { ModerationService } from '../../src/moderation/moderation.service';
import { Role } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createPost } from '../factories/post.factory';
import { createUser, viewerOf } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('the audit log in a real browser', { skip: skipBrowser }, () => {
  let mod: User;
  // A log of several kinds of entry with long values: a hide, a silence, a known issue, an import.
  const board = browserBoard({
    setup: async (t) => {
      await createAdvisories(t.app, [referenceDocument()]);
      mod = await createUser(t.app, { role: Role.Moderator });
      const member = await createUser(t.app, { username: 'a-rather-long-member-name-x' });
      const post = await createPost(t.app, member, { body: '非表示にされる投稿。' });
      const moderation = t.app.get(ModerationService);
      await moderation.setVisibility(
        viewerOf(mod),
        post.id,
        false,
        '同じ内容の投稿が別のスレッドにも繰り返し投稿されているため非表示にしました。',
      );
      await moderation.setAccountState(viewerOf(mod), member.id, 'silenced', 7, '宣伝の繰り返し');
      await createKnownIssue(t.app, mod, {
        title: 'Backup Exec 8.6 のスケジュール・バックアップがイベント ID 57480 で失敗する',
        status: 'investigating',
      });
      await t.app.get(AdvisoriesService).importDocuments([buildAdvisoryDoc({ id: 'MS04-098' })], { publish: true, actor: 'cli' });
    },
  });
  const { open, problems } = board;

  for (const width of [360, 1280]) {
    it(`fits a ${width} px screen: the page never scrolls sideways, the table keeps to its own box`, async () => {
      const page = await open(width);
      await signInThroughForm(page, board.base, mod.username, '/mod/log');
      await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
      assert.equal(await page.locator('table.audit tbody tr').count(), 5);
      await page.getByLabel('操作', { exact: true }).selectOption('post.hide');
      await page.getByRole('button', { name: '絞り込む' }).click();
      await page.waitForURL(/action=post\.hide/);
      assert.deepEqual(await page.locator('table.audit tbody td.audit__action').allInnerTexts(), ['投稿を非表示']);
      await page.goto(`${board.base}/mod/log`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      const box = await page.locator('.table-wrap').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, 'the table’s box is on the screen');
      // On a phone each entry stacks, every value on the screen under its column's name.
      const outside = await page.evaluate(
        (w) => Array.from(document.querySelectorAll('table.audit td')).filter((td) => td.getBoundingClientRect().right > w).length,
        width,
      );
      assert.equal(outside, 0, 'no value of the log is off the screen');
      const label = await page.evaluate(() => getComputedStyle(document.querySelector('table.audit tbody td')!, '::before').content);
      if (width < 768) assert.equal(label, '"日時"', 'each value under its column’s name');
      await page.screenshot({ path: join(OUTPUT, `audit-log-${width}-${ENGINE}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
