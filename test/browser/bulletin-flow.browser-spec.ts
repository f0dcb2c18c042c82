/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Page } from 'playwright-core';
import { Advisory } from '../../src/advisories/advisory.entity';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { buildAdvisoryDoc } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

/** A small bulletin as an editor would upload it: two platforms, one editor note to cite from later. */
const DOC = buildAdvisoryDoc({
  id: 'MS05-019',
  kb: ['893066'],
  title: 'TCP/IPの脆弱性により、リモートでコードが実行される',
  registeredOn: '2005-04-13',
  updatedOn: '2005-04-13',
  severity: 1,
  countermeasure: 'urgent',
  summary: 'TCP/IPの処理に複数の脆弱性がある。',
  editorNotes: [
    {
      title: '適用後にVPN接続が切れる場合がある',
      body: '適用後、一部のVPN製品で接続が確立できなくなる報告がある。',
      platforms: ['win2000-sp4'],
    },
  ],
});
const ISSUE_TITLE = 'VPNクライアントの接続が確立できない';

describe('a bulletin from upload to embed in a real browser (no script on the page)', { skip: skipBrowser }, () => {
  const names: Record<'editor' | 'moderator' | 'subscriber', string> = { editor: '', moderator: '', subscriber: '' };
  // A refused form answers 422 on purpose; Chromium logs that too, so it is not counted.
  const board = browserBoard({
    setup: async (t) => {
      names.editor = (await createUser(t.app, { role: Role.Editor })).username;
      names.moderator = (await createUser(t.app, { role: Role.Moderator })).username;
      names.subscriber = (await createUser(t.app)).username;
    },
    expected: /status of 422/,
    javaScriptEnabled: false,
  });
  const { problems } = board;

  /** A page `width` wide, signed in as `who` (or a guest's). */
  async function open(width: number, who?: keyof typeof names): Promise<Page> {
    const page = await board.open(width);
    if (who) await signInThroughForm(page, board.base, names[who]);
    return page;
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('an editor uploads and publishes a bulletin, a moderator pins a known issue, the embed shows it', async () => {
    const editor = await open(1280, 'editor');
    await editor.goto(`${board.base}/advisories/import`);
    await editor
      .getByLabel('JSONファイル', { exact: true })
      .setInputFiles({ name: 'MS05-019.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DOC, null, 2)) });
    await editor.getByRole('button', { name: '検査して取り込む' }).click();
    await editor.waitForURL(`${board.base}/editor`);
    await editor.getByText('MS05-019: 作成 · 下書き').waitFor();
    assert.equal((await board.t.em().findOneOrFail(Advisory, DOC.id)).status, 'draft');

    await editor
      .getByRole('row', { name: /MS05-019/ })
      .getByRole('button', { name: '公開する' })
      .click();
    await editor.waitForURL(`${board.base}/advisories/MS05-019`);
    await editor.getByRole('heading', { level: 1, name: DOC.title }).waitFor();
    await editor.close();

    const moderator = await open(1280, 'moderator');
    await moderator.goto(`${board.base}/advisories/MS05-019/known-issues`);
    await moderator.getByRole('link', { name: '既知の問題を登録' }).click();
    await moderator.getByLabel('件名', { exact: true }).fill(ISSUE_TITLE);
    await moderator.getByLabel('症状', { exact: true }).fill('KB893066 の適用後、IPsec を使うVPNクライアントの接続がタイムアウトする。');
    await moderator.getByLabel('Windows 2000 SP4', { exact: true }).check();
    await moderator.getByLabel('回避策', { exact: true }).fill('VPNクライアントを最新版に更新する。');
    await moderator.getByLabel('状態', { exact: true }).selectOption('mitigated');
    await moderator.getByLabel('変更の記録(必須)', { exact: true }).fill('購読者3名から同じ報告。');
    await moderator.getByRole('button', { name: '登録する' }).click();
    await moderator.waitForURL(/\/advisories\/MS05-019\/known-issues#ki\d+$/);
    await moderator.close();

    for (const [width, name] of [
      [390, 'phone'],
      [1280, 'desktop'],
    ] as const) {
      const embed = await open(width);
      await embed.goto(`${board.base}/advisories/MS05-019/embed`);
      const item = embed.locator('.ki-list .ki').first();
      assert.match(await item.innerText(), new RegExp(`回避策あり[\\s\\S]*${ISSUE_TITLE}[\\s\\S]*VPNクライアントを最新版に更新する。`));
      assert.equal(await item.getByRole('link', { name: ISSUE_TITLE }).getAttribute('target'), '_top');
      assert.ok((await overflow(embed)) <= 0, `the embed is wider than ${width}px`);
      await embed.screenshot({ path: join(OUTPUT, `embed-${name}-${ENGINE}.png`), fullPage: true });
      await embed.close();
    }
    assert.deepEqual(problems, []);
  });

  it('a note citing a post and the known issue: links on the bulletin, a backlink on the thread, on a phone and a desktop', async () => {
    const subscriber = await open(1280, 'subscriber');
    await subscriber.goto(`${board.base}/advisories/MS05-019/thread`);
    await subscriber.getByLabel('結果', { exact: true }).selectOption('problem');
    await subscriber.getByLabel('プラットフォーム', { exact: true }).selectOption('win2000-sp4');
    await subscriber.getByLabel('台数', { exact: true }).fill('120');
    await subscriber
      .getByLabel('本文(症状や状況)', { exact: true })
      .fill('適用後、Cisco VPN Client 4.0 で接続できなくなった。ロールバックで復旧。');
    await subscriber.getByRole('button', { name: '投稿する' }).click();
    await subscriber.waitForURL(/\/advisories\/MS05-019\/thread#p1$/);
    await subscriber.close();
    const post = await board.t.em().findOneOrFail(Post, { thread: { advisory: DOC.id }, number: 1 });
    const issue = await board.t.em().findOneOrFail(KnownIssue, { advisory: DOC.id });

    const editor = await open(1280, 'editor');
    await editor.goto(`${board.base}/advisories/MS05-019/edit`);
    const note = editor.locator('#f-editorNotes-0-row');
    await note
      .getByLabel('本文', { exact: true })
      .fill(
        `適用後、一部のVPN製品で接続が確立できなくなる報告がある(/posts/${post.id})。\n回避策は ${board.t.config.publicBaseUrl}/advisories/MS05-019/known-issues#ki${issue.id} を参照。`,
      );
    await editor.getByRole('button', { name: '保存(公開中のページを更新)' }).first().click();
    await editor.waitForURL(`${board.base}/advisories/MS05-019/edit`);
    await editor.close();

    for (const [width, name] of [
      [390, 'phone'],
      [1280, 'desktop'],
    ] as const) {
      const page = await open(width);
      await page.goto(`${board.base}/advisories/MS05-019`);
      const cited = page.locator('#note-1');
      assert.equal(
        await cited.getByRole('link', { name: '投稿 #1（MS05-019 の会議室）' }).getAttribute('href'),
        '/advisories/MS05-019/thread#p1',
      );
      assert.equal(
        await cited.getByRole('link', { name: `既知の問題: ${ISSUE_TITLE}` }).getAttribute('href'),
        `/advisories/MS05-019/known-issues#ki${issue.id}`,
      );
      assert.ok((await overflow(page)) <= 0, `the bulletin is wider than ${width}px`);
      await cited.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUTPUT, `bulletin-citation-${name}-${ENGINE}.png`), fullPage: false });
      await page.locator('.ki-summary').screenshot({ path: join(OUTPUT, `bulletin-cited-issue-${name}-${ENGINE}.png`) });

      // Following the backlink from the thread lands on the note.
      await page.goto(`${board.base}/advisories/MS05-019/thread`);
      const backlink = page.locator('#p1').getByRole('link', { name: '速報 MS05-019 の編集者注記で引用' });
      await backlink.scrollIntoViewIfNeeded();
      await page.locator('#p1').screenshot({ path: join(OUTPUT, `thread-backlink-${name}-${ENGINE}.png`) });
      await backlink.click();
      await page.waitForURL(`${board.base}/advisories/MS05-019#note-1`);
      await page.screenshot({ path: join(OUTPUT, `bulletin-note-target-${name}-${ENGINE}.png`), fullPage: false });

      await page.goto(`${board.base}/advisories/MS05-019/known-issues`);
      const card = page.locator(`#ki${issue.id}`);
      assert.equal(
        await card.getByRole('link', { name: '速報 MS05-019 の編集者注記で引用' }).getAttribute('href'),
        '/advisories/MS05-019#note-1',
      );
      await card.screenshot({ path: join(OUTPUT, `known-issue-backlink-${name}-${ENGINE}.png`) });
      await page.close();
    }
    assert.deepEqual(problems, []);
  });
});
