"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const node_test_1 = require("node:test");
const playwright_core_1 = require("playwright-core");
const config_1 = require("../../src/config/config");
const advisory_factory_1 = require("../factories/advisory.factory");
const user_factory_1 = require("../factories/user.factory");
const test_app_1 = require("../support/test-app");
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = (0, node_path_1.join)((0, config_1.findRootDir)(__dirname), 'test', 'browser', 'output');
const skip = !(0, node_fs_1.existsSync)(CHROMIUM) && process.env.CI !== 'true' ? `${CHROMIUM} is not installed (apt-get install -y chromium fonts-ipafont-gothic)` : false;
(0, node_test_1.describe)('the board in a real browser', { skip }, () => {
    let t;
    let browser;
    let base;
    const problems = [];
    (0, node_test_1.before)(async () => {
        t = await (0, test_app_1.createTestApp)();
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.referenceDocument)()]);
        await t.app.listen(0, '127.0.0.1');
        base = `http://127.0.0.1:${t.app.getHttpServer().address().port}`;
        browser = await playwright_core_1.chromium.launch({
            executablePath: CHROMIUM,
            args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu', '--no-first-run'],
        });
        (0, node_fs_1.mkdirSync)(OUTPUT, { recursive: true });
    });
    (0, node_test_1.after)(async () => {
        await browser?.close();
        await t?.close();
    });
    async function open(width, locale = 'ja-JP') {
        const page = await browser.newPage({ viewport: { width, height: 900 }, locale });
        page.on('console', (m) => m.type() === 'error' && !/status of 422/.test(m.text()) && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        return page;
    }
    (0, node_test_1.it)('opens the board, the bulletin page, and follows the link to the thread', async () => {
        const page = await open(1280);
        await page.goto(`${base}/`);
        strict_1.default.equal(await page.locator('html').getAttribute('lang'), 'ja');
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `index-desktop-${test_app_1.ENGINE}.png`), fullPage: true });
        await page.getByRole('link', { name: 'MS04-044' }).first().click();
        await page.waitForURL(`${base}/advisories/MS04-044`);
        await page.getByRole('heading', { level: 1, name: /Windowsカーネルがアプリケーションを起動する方法の脆弱性/ }).waitFor();
        for (const heading of ['緊急対応度: 適用作業の早期開始', '概要', '対象プラットフォーム', '検証チームからのコメント', '修正プログラムのダウンロード先', '適用されるファイル情報', '確認方法', '予想適用時間', 'UpdateEXPERT上の表示']) {
            strict_1.default.ok(await page.getByRole('heading', { level: 2, name: heading, exact: true }).isVisible(), heading);
        }
        const current = page.locator('.scale--severity [aria-current="true"]');
        strict_1.default.match(await current.innerText(), /2\(重要\)/);
        strict_1.default.equal(await current.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(217, 72, 15)');
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `bulletin-desktop-${test_app_1.ENGINE}.png`), fullPage: false });
        await page.locator('.bulletin__header .thread-link').click();
        await page.waitForURL(`${base}/advisories/MS04-044/thread`);
        await page.getByText('まだ報告はありません。').waitFor();
        strict_1.default.deepEqual(problems, []);
        await page.close();
    });
    (0, node_test_1.it)('fits a phone screen: no sideways scrolling of the page, wide tables scroll in their box', async () => {
        const page = await open(390);
        await page.goto(`${base}/advisories/MS04-044`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        strict_1.default.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
        strict_1.default.ok(await page.locator('.bulletin__header .thread-link').isVisible());
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `bulletin-phone-${test_app_1.ENGINE}.png`), fullPage: false });
        strict_1.default.deepEqual(problems, []);
        await page.close();
    });
    (0, node_test_1.it)('registers, signs out and signs back in, landing where it started', async () => {
        const page = await open(1280);
        await page.goto(`${base}/advisories/MS04-044`);
        await page.getByRole('link', { name: '登録' }).click();
        await page.getByLabel('ユーザー名').fill('ブラウザ太郎');
        await page.getByLabel('メールアドレス').fill('browser@example.test');
        await page.getByLabel('パスワード').fill('short');
        await page.getByRole('button', { name: '登録する' }).click();
        await page.getByText('パスワードは12〜128文字にしてください。').waitFor();
        strict_1.default.equal(await page.getByLabel('ユーザー名').inputValue(), 'ブラウザ太郎');
        strict_1.default.equal(await page.getByLabel('パスワード').inputValue(), '');
        await page.getByLabel('パスワード').fill('a long enough password');
        await page.getByRole('button', { name: '登録する' }).click();
        await page.getByRole('heading', { level: 1, name: 'ブラウザ太郎' }).waitFor();
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `profile-${test_app_1.ENGINE}.png`) });
        await page.getByRole('button', { name: 'ログアウト' }).click();
        await page.waitForURL(`${base}/`);
        strict_1.default.ok(await page.getByRole('link', { name: 'ログイン', exact: true }).isVisible());
        await page.goto(`${base}/advisories/MS04-044/thread`);
        await page.getByRole('link', { name: 'ログイン', exact: true }).click();
        await page.getByLabel('ユーザー名').fill('ブラウザ太郎');
        await page.getByLabel('パスワード').fill('wrong password!!');
        await page.getByRole('button', { name: 'ログイン' }).click();
        await page.getByText('ユーザー名またはパスワードが違います。').waitFor();
        await page.getByLabel('パスワード').fill('a long enough password');
        await page.getByRole('button', { name: 'ログイン' }).click();
        await page.waitForURL(`${base}/advisories/MS04-044/thread`);
        strict_1.default.ok(await page.getByRole('link', { name: 'ブラウザ太郎' }).isVisible());
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `signed-in-thread-${test_app_1.ENGINE}.png`) });
        strict_1.default.deepEqual(problems, []);
        await page.close();
    });
    (0, node_test_1.it)('posts a field report in seconds, and the platform table changes when someone confirms it', async () => {
        const reporter = await (0, user_factory_1.createUser)(t.app, { username: 'reporter' });
        const confirmer = await (0, user_factory_1.createUser)(t.app, { username: 'confirmer' });
        const page = await open(1280);
        const signInAs = async (name) => {
            await page.goto(`${base}/login?next=/advisories/MS04-044/thread`);
            await page.getByLabel('ユーザー名').fill(name);
            await page.getByLabel('パスワード').fill(user_factory_1.TEST_PASSWORD);
            await page.getByRole('button', { name: 'ログイン' }).click();
            await page.waitForURL(`${base}/advisories/MS04-044/thread`);
        };
        const cell = (platform, column) => page.locator('.stats__table tbody tr', { has: page.getByRole('rowheader', { name: platform, exact: true }) }).locator('td').nth(column);
        await signInAs(reporter.username);
        await page.getByLabel('結果', { exact: true }).selectOption('problem');
        await page.getByLabel('プラットフォーム', { exact: true }).selectOption('win2000-sp4');
        await page.getByLabel('台数', { exact: true }).fill('40');
        await page.getByLabel('関連するソフトウェア').fill('VERITAS Backup Exec 8.6');
        await page.getByLabel('本文(症状や状況)').fill('KB885835 の適用後、**スケジュール・バックアップ**が失敗します。イベントID 57480。');
        await page.getByRole('button', { name: 'プレビュー' }).click();
        await page.getByText('プレビュー(まだ投稿されていません)').waitFor();
        await page.getByRole('button', { name: '投稿する' }).click();
        await page.waitForURL(/\/advisories\/MS04-044\/thread#p\d+$/);
        strict_1.default.equal(await cell('Windows 2000 SP4', 1).innerText(), '1');
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `thread-report-${test_app_1.ENGINE}.png`), fullPage: true });
        await page.getByRole('button', { name: 'ログアウト' }).click();
        await signInAs(confirmer.username);
        const report = page.locator('.post--report').first();
        await report.getByLabel('自分の環境').selectOption('win2000-sp3');
        await report.getByRole('button', { name: '同じ現象が起きた' }).click();
        await page.getByText('確認済み').waitFor();
        strict_1.default.equal(await cell('Windows 2000 SP3', 1).innerText(), '1');
        strict_1.default.match(await page.locator('.post--report .confirmations__count').first().innerText(), /1件/);
        await page.goto(`${base}/advisories/MS04-044`);
        strict_1.default.equal(await cell('Windows 2000 SP4', 1).innerText(), '1');
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `bulletin-stats-${test_app_1.ENGINE}.png`) });
        strict_1.default.deepEqual(problems, []);
        await page.close();
    });
    (0, node_test_1.it)('switches to English and stays there', async () => {
        const page = await open(1280);
        await page.goto(`${base}/advisories/MS04-044`);
        await page.getByRole('link', { name: 'English' }).click();
        await page.getByRole('heading', { level: 2, name: 'Summary' }).waitFor();
        strict_1.default.equal(await page.locator('html').getAttribute('lang'), 'en');
        await page.getByRole('link', { name: 'Board' }).first().click();
        await page.getByRole('heading', { level: 1, name: 'Bulletins and their threads' }).waitFor();
        await page.screenshot({ path: (0, node_path_1.join)(OUTPUT, `index-english-${test_app_1.ENGINE}.png`) });
        strict_1.default.deepEqual(problems, []);
        await page.close();
    });
});
//# sourceMappingURL=board.browser-spec.js.map