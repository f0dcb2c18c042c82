/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createPost } from '../factories/post.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('search in a real browser', { skip: skipBrowser }, () => {
  // A refused search answers 400 on purpose; Chromium logs that too, so it is not counted.
  const board = browserBoard({
    setup: async (t) => {
      await createAdvisories(t.app, [referenceDocument()]);
      await createPost(t.app, await createUser(t.app), {
        body: 'ｶｰﾈﾙを置き換えたら、NT 4.0 のサーバーが起動しない。ntoskrnl.exe の位置を確認中。',
      });
    },
    expected: /status of 400/,
  });
  const { open, problems } = board;

  it('searches from the header box of any page, marks the matches, and narrows by a filter', async () => {
    const page = await open(1280);
    await page.goto(`${board.base}/advisories/MS04-044`);
    await page.getByRole('searchbox', { name: '検索語' }).fill('カーネル 起動しない');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('heading', { level: 2, name: /検索結果/ }).waitFor();
    const results = page.locator('.search-result');
    // The post says 起動しない as typed; the bulletin's 起動する is the same verb, ranked after it.
    assert.equal(await results.count(), 2);
    // The half-width original is what is marked.
    assert.deepEqual(await results.first().locator('mark').allInnerTexts(), ['ｶｰﾈﾙ', '起動しない']);
    assert.match(await results.nth(1).innerText(), /セキュリティ情報/);
    assert.equal(await page.getByRole('searchbox', { name: '検索語' }).inputValue(), 'カーネル 起動しない');
    await page.screenshot({ path: join(OUTPUT, `search-desktop-${ENGINE}.png`), fullPage: false });

    await page.getByRole('searchbox', { name: '検索語' }).fill('ntoskrnl.exe');
    await page.getByLabel('種類').selectOption('advisory');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.waitForURL(/kind=advisory/);
    await page.getByRole('heading', { level: 2, name: /検索結果/ }).waitFor();
    assert.equal(await results.count(), 1);
    assert.match(await results.first().innerText(), /セキュリティ情報/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a phone screen and refuses an over-long search with a message', async () => {
    const page = await open(390);
    await page.goto(`${board.base}/search?q=${'起動'.repeat(101)}`);
    await page.getByRole('alert').getByText('検索語は200文字までです').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: join(OUTPUT, `search-phone-${ENGINE}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
