/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Browser, Page } from 'playwright-core';
import { signedIn } from '../../src/policy/viewer';
import { PostsService } from '../../src/threads/posts.service';
import { Thread } from '../../src/threads/thread.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { launchBrowser, OUTPUT, serve, skipBrowser } from '../support/browser';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';


describe('search in a real browser', { skip: skipBrowser }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
    const member = await createUser(t.app);
    const thread = await t.em().findOneOrFail(Thread, { advisory: 'MS04-044' });
    await t.app.get(PostsService).create(signedIn(member.id, member.username, member.role), thread.id, { body: 'ｶｰﾈﾙを置き換えたら、NT 4.0 のサーバーが起動しない。ntoskrnl.exe の位置を確認中。' });
    base = await serve(t);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'ja-JP' });
    page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }

  it('searches from the header box of any page, marks the matches, and narrows by a filter', async () => {
    const page = await open(1280);
    await page.goto(`${base}/advisories/MS04-044`);
    await page.getByRole('searchbox', { name: '検索語' }).fill('カーネル 起動しない');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('heading', { level: 2, name: /検索結果/ }).waitFor();
    const results = page.locator('.search-result');
    assert.equal(await results.count(), 1);
    // The half-width original is what is marked.
    assert.deepEqual(await results.first().locator('mark').allInnerTexts(), ['ｶｰﾈﾙ', '起動しない']);
    assert.equal(await page.getByRole('searchbox', { name: '検索語' }).inputValue(), 'カーネル 起動しない');
    await page.screenshot({ path: join(OUTPUT, `search-desktop-${ENGINE}.png`), fullPage: false });

    await page.getByRole('searchbox', { name: '検索語' }).fill('ntoskrnl.exe');
    await page.getByLabel('種類').selectOption('advisory');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.waitForURL(/kind=advisory/);
    assert.equal(await results.count(), 1);
    assert.match(await results.first().innerText(), /セキュリティ情報/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a phone screen and refuses an over-long search with a message', async () => {
    const page = await open(390);
    await page.goto(`${base}/search?q=${'起動'.repeat(101)}`);
    await page.getByRole('alert').getByText('検索語は200文字までです').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: join(OUTPUT, `search-phone-${ENGINE}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
