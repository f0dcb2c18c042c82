/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Page } from 'playwright-core';
import { Advisory } from '../../src/advisories/advisory.entity';
import { Role } from '../../src/policy/viewer';
import { Thread } from '../../src/threads/thread.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('the advisory editor in a real browser (no script on the page)', { skip: skipBrowser }, () => {
  let editorName: string;
  // A refused form answers 422 on purpose; Chromium logs that too, so it is not counted.
  const board = browserBoard({
    setup: async (t) => {
      await createAdvisories(t.app, [referenceDocument()]);
      editorName = (await createUser(t.app, { role: Role.Editor })).username;
    },
    expected: /status of 422/,
    javaScriptEnabled: false,
  });
  const { problems } = board;

  async function signedInPage(width: number): Promise<Page> {
    const page = await board.open(width);
    await signInThroughForm(page, board.base, editorName, '/editor');
    return page;
  }

  it('an editor fills in the form on a desktop: rows added by buttons, an error fixed, preview, publish', async () => {
    const page = await signedInPage(1280);
    await page.getByRole('link', { name: 'セキュリティ情報の新規作成' }).click();
    await page.waitForURL(`${board.base}/advisories/new`);

    await page.getByLabel('ID', { exact: true }).fill('MS10-015');
    await page.getByLabel('タイトル', { exact: true }).fill('Windowsカーネルの脆弱性により、特権の昇格が行われる危険性');
    await page.getByLabel('KB番号 1', { exact: true }).fill('977165');
    await page.getByLabel('深刻度', { exact: true }).selectOption('2');
    await page.getByLabel('対策規模', { exact: true }).selectOption('early');
    await page.getByRole('group', { name: '再起動' }).getByLabel('必要', { exact: true }).check();
    await page.getByLabel('サーバ', { exact: true }).check();
    await page.getByLabel('クライアント', { exact: true }).check();
    await page.getByLabel('概要', { exact: true }).fill('Windowsカーネルの2つの脆弱性を解消する。');
    const platform = page.locator('#f-platforms-0-row');
    await platform.getByLabel('キー', { exact: true }).fill('win2000-sp4');
    await platform.getByLabel('表示名', { exact: true }).fill('Windows 2000 SP4');
    await platform.getByLabel('製品', { exact: true }).fill('Windows 2000');

    // Adding a row posts the form and comes back with everything typed, scrolled to the new row.
    await page.getByRole('button', { name: 'プラットフォームを追加', exact: true }).click();
    await page.waitForURL(`${board.base}/advisories/new#f-platforms-1-row`);
    assert.equal(await platform.getByLabel('キー', { exact: true }).inputValue(), 'win2000-sp4');
    const second = page.locator('#f-platforms-1-row');
    await second.getByLabel('キー', { exact: true }).fill('winxp-sp2');
    await second.getByLabel('表示名', { exact: true }).fill('Windows XP SP2');
    await second.getByLabel('製品', { exact: true }).fill('Windows XP');
    await page.getByRole('button', { name: 'パッケージを追加' }).click();
    const pkg = page.locator('#f-packages-0-row');
    await pkg.getByRole('button', { name: 'ファイルを追加' }).click();
    assert.ok(await page.locator('#f-packages-0-files-0-row').isVisible());

    await pkg.getByLabel('Windows 2000 SP4 (win2000-sp4)', { exact: true }).check();
    await pkg.getByLabel('ファイル名', { exact: true }).fill('Windows2000-KB977165-x86-JPN.EXE');
    await pkg.getByLabel('日付', { exact: true }).first().fill('2010-01-21');
    await pkg.getByLabel('バージョン', { exact: true }).first().fill('1.0.0.0');
    await pkg.getByLabel('サイズ(バイト)', { exact: true }).first().fill('2,012,345');
    await pkg.getByLabel('50台', { exact: true }).fill('18');
    const file = page.locator('#f-packages-0-files-0-row');
    await file.getByLabel('名前', { exact: true }).fill('ntoskrnl.exe');
    await file.getByLabel('フォルダ', { exact: true }).fill('%SystemRoot%\\system32\\');
    await file.getByLabel('バージョン', { exact: true }).fill('5.0.2195.7364');
    await file.getByLabel('日付', { exact: true }).fill('2010-01-15');
    await file.getByLabel('サイズ(バイト)', { exact: true }).fill('約2MB');
    await page.screenshot({ path: join(OUTPUT, `editor-form-desktop-${ENGINE}.png`), fullPage: true });
    await page
      .locator('section.editor-section')
      .first()
      .screenshot({ path: join(OUTPUT, `editor-basics-desktop-${ENGINE}.png`) });
    await pkg.screenshot({ path: join(OUTPUT, `editor-package-desktop-${ENGINE}.png`) });

    await page.getByRole('button', { name: '下書きを保存' }).first().click();
    await page.getByRole('alert').getByText('入力内容を確認してください。').waitFor();
    assert.equal(await file.getByLabel('サイズ(バイト)', { exact: true }).inputValue(), '約2MB');
    assert.equal(await file.getByLabel('サイズ(バイト)', { exact: true }).getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: join(OUTPUT, `editor-form-error-desktop-${ENGINE}.png`), fullPage: false });
    // The summary links to the field.
    await page.getByRole('link', { name: /ファイル 1 › サイズ/ }).click();
    await file.getByLabel('サイズ(バイト)', { exact: true }).fill('2045696');
    await page.getByRole('button', { name: '保存してプレビュー' }).first().click();
    await page.waitForURL(`${board.base}/advisories/MS10-015/preview`);
    await page.getByText('プレビュー（下書き）').waitFor();
    assert.ok(await page.getByRole('heading', { level: 1, name: /特権の昇格/ }).isVisible());
    await page.screenshot({ path: join(OUTPUT, `editor-preview-desktop-${ENGINE}.png`), fullPage: false });

    await page.getByRole('button', { name: '公開する' }).click();
    await page.waitForURL(`${board.base}/advisories/MS10-015`);
    assert.equal((await board.t.em().findOneOrFail(Advisory, 'MS10-015')).status, 'published');
    assert.equal(await board.t.em().count(Thread, { advisory: 'MS10-015' }), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a phone: the long form of MS04-044 does not scroll sideways', async () => {
    const page = await signedInPage(390);
    await page.goto(`${board.base}/advisories/MS04-044/edit`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: join(OUTPUT, `editor-form-phone-${ENGINE}.png`), fullPage: false });
    await page.locator('#f-packages-2-row').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT, `editor-package-phone-${ENGINE}.png`), fullPage: false });
    await page.goto(`${board.base}/editor`);
    await page.screenshot({ path: join(OUTPUT, `editor-listing-phone-${ENGINE}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
