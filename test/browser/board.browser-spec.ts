/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { Role } from '../../src/policy/viewer';
import { createFieldReport } from '../factories/field-report.factory';
import { createPost } from '../factories/post.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('the board in a real browser', { skip: skipBrowser }, () => {
  // A refused form answers 422 on purpose; Chromium logs that too, so it is not counted.
  const board = browserBoard({ setup: (t) => createAdvisories(t.app, [referenceDocument()]), expected: /status of 422/ });
  const { open, problems } = board;

  it('opens the board, the bulletin page, and follows the link to the thread', async () => {
    const page = await open(1280);
    await page.goto(`${board.base}/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await page.screenshot({ path: join(OUTPUT, `index-desktop-${ENGINE}.png`), fullPage: true });

    await page.getByRole('link', { name: 'MS04-044' }).first().click();
    await page.waitForURL(`${board.base}/advisories/MS04-044`);
    await page.getByRole('heading', { level: 1, name: /Windowsカーネルがアプリケーションを起動する方法の脆弱性/ }).waitFor();
    for (const heading of [
      '緊急対応度: 適用作業の早期開始',
      '概要',
      '対象プラットフォーム',
      '検証チームからのコメント',
      '修正プログラムのダウンロード先',
      '適用されるファイル情報',
      '確認方法',
      '予想適用時間',
      'UpdateEXPERT上の表示',
    ]) {
      assert.ok(await page.getByRole('heading', { level: 2, name: heading, exact: true }).isVisible(), heading);
    }
    const current = page.locator('.scale--severity [aria-current="true"]');
    assert.match(await current.innerText(), /2\(重要\)/);
    // The stylesheet really applied (CSP allows it): the current step is filled with the severity colour.
    assert.equal(await current.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(184, 64, 11)');
    await page.screenshot({ path: join(OUTPUT, `bulletin-desktop-${ENGINE}.png`), fullPage: false });

    await page.locator('.bulletin__header .thread-link').click();
    await page.waitForURL(`${board.base}/advisories/MS04-044/thread`);
    await page.getByText('まだ報告はありません。').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a phone screen: no sideways scrolling of the page, wide tables scroll in their box', async () => {
    const page = await open(390);
    await page.goto(`${board.base}/advisories/MS04-044`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    assert.ok(await page.locator('.bulletin__header .thread-link').isVisible());
    await page.screenshot({ path: join(OUTPUT, `bulletin-phone-${ENGINE}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows the header search box’s whole hint, in Japanese and English, on a phone and a desktop', async () => {
    for (const lang of ['ja', 'en'])
      for (const width of [360, 1280]) {
        const page = await open(width);
        await page.goto(`${board.base}/?lang=${lang}`);
        const { room, hint } = await page.locator('#site-search-q').evaluate((input: HTMLInputElement) => {
          const style = getComputedStyle(input);
          const measure = document.createElement('canvas').getContext('2d')!;
          measure.font = style.font;
          return {
            room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            hint: measure.measureText(input.placeholder).width,
          };
        });
        assert.ok(hint > 0 && hint <= room, `${lang} at ${width}px: the hint needs ${hint}px, the box has ${room}px`);
        await page.close();
      }
    assert.deepEqual(problems, []);
  });

  it('registers, signs out and signs back in, landing where it started', async () => {
    const page = await open(1280);
    await page.goto(`${board.base}/advisories/MS04-044`);
    await page.getByRole('link', { name: '登録' }).click();
    await page.getByLabel('ユーザー名').fill('ブラウザ太郎');
    await page.getByLabel('メールアドレス').fill('browser@example.test');
    await page.getByLabel('パスワード').fill('short');
    await page.getByRole('button', { name: '登録する' }).click();
    // The form comes back with the reason and what was typed, except the password.
    await page.getByText('パスワードは12〜128文字にしてください。').waitFor();
    assert.equal(await page.getByLabel('ユーザー名').inputValue(), 'ブラウザ太郎');
    assert.equal(await page.getByLabel('パスワード').inputValue(), '');
    await page.getByLabel('パスワード').fill('a long enough password');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { level: 1, name: 'ブラウザ太郎' }).waitFor();
    await page.screenshot({ path: join(OUTPUT, `profile-${ENGINE}.png`) });

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(`${board.base}/`);
    assert.ok(await page.getByRole('link', { name: 'ログイン', exact: true }).isVisible());

    await page.goto(`${board.base}/advisories/MS04-044/thread`);
    await page.getByRole('link', { name: 'ログイン', exact: true }).click();
    await page.getByLabel('ユーザー名').fill('ブラウザ太郎');
    await page.getByLabel('パスワード').fill('wrong password!!');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByText('ユーザー名またはパスワードが違います。').waitFor();
    await page.getByLabel('パスワード').fill('a long enough password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${board.base}/advisories/MS04-044/thread`);
    assert.ok(await page.getByRole('link', { name: 'ブラウザ太郎' }).isVisible());
    await page.screenshot({ path: join(OUTPUT, `signed-in-thread-${ENGINE}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('posts a field report in seconds, and the platform table changes when someone confirms it', async () => {
    const reporter = await createUser(board.t.app, { username: 'reporter' });
    const confirmer = await createUser(board.t.app, { username: 'confirmer' });
    const page = await open(1280);
    const signInAs = (name: string) => signInThroughForm(page, board.base, name, '/advisories/MS04-044/thread');
    const cell = (platform: string, column: number) =>
      page
        .locator('.stats__table tbody tr', { has: page.getByRole('rowheader', { name: platform, exact: true }) })
        .locator('td')
        .nth(column);

    await signInAs(reporter.username);
    await page.getByLabel('結果', { exact: true }).selectOption('problem');
    await page.getByLabel('プラットフォーム', { exact: true }).selectOption('win2000-sp4');
    await page.getByLabel('台数', { exact: true }).fill('40');
    await page.getByLabel('関連するソフトウェア').fill('VERITAS Backup Exec 8.6');
    await page.getByLabel('本文(症状や状況)').fill('KB885835 の適用後、**スケジュール・バックアップ**が失敗します。イベントID 57480。');
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await page.getByText('プレビュー(まだ投稿されていません)').waitFor();
    await landedOnPreview(page);
    await page.getByRole('button', { name: '投稿する' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/thread#p\d+$/);
    assert.equal(await cell('Windows 2000 SP4', 1).innerText(), '1');
    await page.screenshot({ path: join(OUTPUT, `thread-report-${ENGINE}.png`), fullPage: true });
    await page.getByRole('button', { name: 'ログアウト' }).click();

    await signInAs(confirmer.username);
    const report = page.locator('.post--report').first();
    await report.getByLabel('自分の環境').selectOption('win2000-sp3');
    await report.getByRole('button', { name: '同じ現象が起きた' }).click();
    await page.getByText('確認済み').waitFor();
    assert.equal(await cell('Windows 2000 SP3', 1).innerText(), '1');
    assert.match(await page.locator('.post--report .confirmations__count').first().innerText(), /1件/);
    await page.goto(`${board.base}/advisories/MS04-044`);
    assert.equal(await cell('Windows 2000 SP4', 1).innerText(), '1');
    await page.screenshot({ path: join(OUTPUT, `bulletin-stats-${ENGINE}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('on a phone, a preview opens at the preview with the form right below, and a refused post at its reasons', async () => {
    const writer = await createUser(board.t.app, { username: 'phone-writer' });
    const page = await open(375);
    await signInThroughForm(page, board.base, writer.username, '/advisories/MS04-044/thread');
    await page.getByLabel('本文(症状や状況)').fill('スマートフォンから**プレビュー**を確認します。');
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await page.getByText('プレビュー(まだ投稿されていません)').waitFor();
    await landedOnPreview(page);
    await page.screenshot({ path: join(OUTPUT, `thread-preview-phone-${ENGINE}.png`) });
    await page.getByLabel('本文(症状や状況)').fill('');
    await page.getByRole('button', { name: '投稿する' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/thread#compose$/);
    const reasons = page.locator('#compose .notice--error');
    await reasons.waitFor();
    assert.ok(await inView(page, reasons), 'the reasons are on screen');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('on a phone, a member flags a post on its own page: a blank "other" is refused with the choice kept, then sent', async () => {
    const author = await createUser(board.t.app, { username: 'flag-author' });
    const flagger = await createUser(board.t.app, { username: 'flagger' });
    await createPost(board.t.app, author, { body: '格安ライセンスはこちら http://example.test/' }, 'MS04-044');
    const page = await open(375);
    await signInThroughForm(page, board.base, flagger.username, '/advisories/MS04-044/thread');
    const post = page.locator('.post', { hasText: '格安ライセンスはこちら' });
    await post.getByRole('link', { name: 'モデレーターに通報' }).click();
    await page.waitForURL(/\/posts\/\d+\/flag$/);
    await page.getByText('格安ライセンスはこちら').waitFor();
    await page.getByLabel('その他', { exact: true }).check();
    await page.getByRole('button', { name: '通報する' }).click();
    await page.locator('.notice--error').waitFor();
    assert.ok(await page.getByLabel('その他', { exact: true }).isChecked(), 'the reason chosen is kept');
    await page.screenshot({ path: join(OUTPUT, `flag-refused-phone-${ENGINE}.png`), fullPage: true });
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      0,
      'no sideways scrolling',
    );
    await page.getByLabel('補足').fill('同じ宣伝が他のスレッドにも投稿されています');
    await page.getByRole('button', { name: '通報する' }).click();
    await page.getByRole('heading', { name: '通報を受け付けました' }).waitFor();
    await page.getByRole('link', { name: '投稿に戻る' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/thread(\?page=\d+)?#p\d+$/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a moderator promotes a field report to a known issue, moves it to mitigated, and a guest sees the summary', async () => {
    const moderator = await createUser(board.t.app, { username: 'moderator-ki', role: Role.Moderator });
    const page = await open(1280);
    await signInThroughForm(page, board.base, moderator.username, '/advisories/MS04-044/thread');
    await page.locator('.post--report').first().getByRole('link', { name: '既知の問題にする' }).click();
    // The form arrives filled from the report.
    assert.equal(await page.getByLabel('関連するソフトウェア').inputValue(), 'VERITAS Backup Exec 8.6');
    assert.ok(await page.getByLabel('Windows 2000 SP4').isChecked());
    await page.getByLabel('件名').fill('Windows 2000 で Backup Exec 8.6 のスケジュール・バックアップが失敗する');
    await page.getByLabel('変更の記録(必須)').fill('複数の報告で確認');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/known-issues#ki\d+$/);
    await page.getByRole('link', { name: '編集・状態の変更' }).first().click();
    await page.getByLabel('回避策').fill('ベリタスのサポート窓口に問い合わせる');
    await page.getByLabel('状態').selectOption('mitigated');
    await page.getByLabel('変更の記録(必須)').fill('回避策を確認');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/known-issues#ki\d+$/);
    assert.ok(
      (await page
        .getByText('確認済み → 回避策あり')
        .first()
        .isVisible()
        .catch(() => false)) || (await page.locator('.timeline__step--mitigated').count()) > 0,
    );
    await page.screenshot({ path: join(OUTPUT, `known-issues-${ENGINE}.png`), fullPage: true });

    // On a phone, promoting the same report again shows the issue just pinned above the form; nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${board.base}/advisories/MS04-044/thread`);
    await page.locator('.post--report').first().getByRole('link', { name: '既知の問題にする' }).click();
    const alike = page.locator('.ki-alike');
    await alike.getByRole('heading', { name: 'この問題は既にありませんか' }).waitFor();
    await alike.getByRole('link', { name: 'Windows 2000 で Backup Exec 8.6 のスケジュール・バックアップが失敗する' }).waitFor();
    assert.ok(await alike.getByText('この報告はすでにこの問題の根拠です。').isVisible());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the promote form is ${overflow}px wider than the phone`);
    await page.screenshot({ path: join(OUTPUT, `known-issue-promote-phone-${ENGINE}.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'ログアウト' }).click();

    await page.goto(`${board.base}/advisories/MS04-044`);
    const summary = page.locator('.ki-summary');
    await summary.getByText('Windows 2000 で Backup Exec 8.6 のスケジュール・バックアップが失敗する').waitFor();
    assert.match(await summary.locator('.ki-status').first().innerText(), /回避策あり/);
    assert.match(await summary.innerText(), /ベリタスのサポート窓口に問い合わせる/);
    assert.match(await summary.innerText(), /報告 1件/);
    await page.screenshot({ path: join(OUTPUT, `bulletin-known-issues-${ENGINE}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('on a phone, an administrator posts a field report, corrects its platform and outcome, and the table follows', async () => {
    const admin = await createUser(board.t.app, { username: 'phone-admin' });
    const page = await open(375);
    await signInThroughForm(page, board.base, admin.username, '/advisories/MS04-044/thread');
    // Earlier tests filed reports, so the table is there with a row for each of the bulletin's platforms.
    const count = async (platform: string, column: number) =>
      Number(
        await page
          .locator('.stats__table tbody tr', { has: page.getByRole('rowheader', { name: platform, exact: true }) })
          .locator('td')
          .nth(column)
          .innerText(),
      );
    const [w2kSuccess, ws03Problem] = [await count('Windows 2000 SP4', 0), await count('Windows Server 2003', 1)];

    await page.getByLabel('結果', { exact: true }).selectOption('success');
    await page.getByLabel('プラットフォーム', { exact: true }).selectOption('win2000-sp4');
    await page.getByLabel('台数', { exact: true }).fill('12');
    await page.getByLabel('本文(症状や状況)').fill('12 台に適用、再起動後も問題なし。');
    await page.getByRole('button', { name: '投稿する' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/thread#p\d+$/);
    const anchor = new URL(page.url()).hash;
    assert.equal(await count('Windows 2000 SP4', 0), w2kSuccess + 1);

    // It was really Windows Server 2003, and the backup failed: the author corrects the report from the phone.
    await page.locator(anchor).getByRole('link', { name: '編集', exact: true }).click();
    await page.waitForURL(/\/posts\/\d+\/edit$/);
    assert.equal(await page.getByLabel('プラットフォーム', { exact: true }).inputValue(), 'win2000-sp4');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the edit form is ${overflow}px wider than the screen`);
    await page.getByLabel('台数', { exact: true }).fill('0');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('台数は1〜1,000,000の整数で入力してください。').first().waitFor();
    await page.getByLabel('プラットフォーム', { exact: true }).selectOption('ws2003');
    await page.getByLabel('結果', { exact: true }).selectOption('problem');
    await page.getByLabel('台数', { exact: true }).fill('12');
    await page.screenshot({ path: join(OUTPUT, `report-correct-phone-${ENGINE}.png`), fullPage: true });
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/thread#p\d+$/);
    assert.equal(await count('Windows 2000 SP4', 0), w2kSuccess);
    assert.equal(await count('Windows Server 2003', 1), ws03Problem + 1);
    assert.match(await page.locator(anchor).locator('.report').innerText(), /Windows Server 2003/);
    await page.screenshot({ path: join(OUTPUT, `report-corrected-thread-phone-${ENGINE}.png`) });

    await page.locator(anchor).getByRole('link', { name: '編集済み' }).click();
    await page.getByText('プラットフォーム: Windows 2000 SP4 → Windows Server 2003').waitFor();
    await page.getByText('結果: 問題なし → 問題あり').waitFor();
    await page.screenshot({ path: join(OUTPUT, `report-revisions-phone-${ENGINE}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('switches to English and stays there', async () => {
    const page = await open(1280);
    await page.goto(`${board.base}/advisories/MS04-044`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Summary' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('link', { name: 'Board' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Bulletins and their threads' }).waitFor();
    await page.screenshot({ path: join(OUTPUT, `index-english-${ENGINE}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });

  // Last: its reports would be the thread's first for the tests above.
  it('shows a member’s field reports and posts on a phone (375 and 360 px) without sideways scrolling', async () => {
    // An editor posts without waiting for approval; long unbroken names are what would push the page sideways.
    const author = await createUser(board.t.app, { username: 'profile-phone', role: Role.Editor });
    for (const outcome of ['problem', 'success']) {
      await createFieldReport(board.t.app, author, {
        outcome,
        platform: 'other',
        platformOther: 'Windows2000AdvancedServerSP4日本語版検証環境ラックA-12',
        software: 'VERITAS_Backup_Exec_8.6_for_Windows_Servers_Advanced_Open_File_Option',
      });
    }
    await createPost(board.t.app, author, { body: `ログ: ${'C:\\WINNT\\system32\\drivers\\'.repeat(6)}` });
    const page = await open(375);
    await page.goto(`${board.base}/users/profile-phone`);
    await page.getByRole('heading', { level: 2, name: '適用報告' }).waitFor();
    assert.equal(await page.locator('.profile-item--report').count(), 2);
    assert.ok(await page.locator('.profile-item--report .outcome--problem').isVisible());
    assert.ok(await page.getByRole('heading', { level: 2, name: 'そのほかの投稿' }).isVisible());
    for (const width of [375, 360]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the profile is ${overflow}px wider than a ${width} px screen`);
    }
    await page.screenshot({ path: join(OUTPUT, `profile-phone-${ENGINE}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });
});

/** Whether an element's top is on screen. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const height = await page.evaluate(() => window.innerHeight);
  return !!box && box.y >= -1 && box.y < height;
}

/** The page opened at the compose box, the preview on screen with the post form's text box right below it. */
async function landedOnPreview(page: Page): Promise<void> {
  assert.match(page.url(), /#compose$/);
  assert.ok(await inView(page, page.locator('#preview')), 'the preview is on screen');
  const preview = await page.locator('#preview').boundingBox();
  const body = await page.getByLabel('本文(症状や状況)').boundingBox();
  assert.ok(preview && body && body.y > preview.y, 'the form follows the preview');
}
