import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Browser, chromium, Page } from 'playwright-core';
import { AppConfig, findRootDir } from '../../src/config/config';
import { TEST_PASSWORD } from '../factories/user.factory';
import { createTestApp, TestApp } from './test-app';

/** What every browser spec shares: Debian's Chromium, where screenshots go, and when to skip. */
export const CHROMIUM = '/usr/bin/chromium';
export const OUTPUT = join(findRootDir(__dirname), 'test', 'browser', 'output');
// Locally a missing browser skips these tests; in CI it is a failure.
export const skipBrowser =
  !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? `${CHROMIUM} is not installed (apt-get install -y chromium fonts-ipafont-gothic)`
    : false;

/** Chromium without background traffic (the machine's network is closed), and the screenshot folder. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu', '--no-first-run'],
  });
}

/** Serves the test app on a free loopback port; returns its base URL. */
export async function serve(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

export interface BrowserBoardOptions {
  config?: Partial<AppConfig>;
  /** What the board holds before the browser comes: advisories, members, posts. */
  setup?: (t: TestApp) => Promise<unknown>;
  /** Console errors a page makes on purpose (a refused form's status), not counted as problems. */
  expected?: RegExp;
  /** false: pages run no script, as the board needs none. */
  javaScriptEnabled?: boolean;
}

/** A describe block's board in Chromium, set up before its tests and closed after them. */
export interface BrowserBoard {
  t: TestApp;
  browser: Browser;
  /** Where the app is served: http://127.0.0.1:<port>. */
  base: string;
  /** Script and console errors of every page opened; each test expects none. */
  problems: string[];
  /** A new page `width` wide (900 high) whose errors go to `problems`. */
  open: (width: number, locale?: string) => Promise<Page>;
}

/** Registers the block's hooks: the real app (after `setup`) on a free port, and Chromium. */
export function browserBoard(options: BrowserBoardOptions = {}): BrowserBoard {
  const board = { problems: [] as string[] } as BrowserBoard;
  before(async () => {
    board.t = await createTestApp(options.config);
    await options.setup?.(board.t);
    board.base = await serve(board.t);
    board.browser = await launchBrowser();
  });
  after(async () => {
    await board.browser?.close();
    await board.t?.close();
  });
  board.open = async (width, locale = 'ja-JP') => {
    const javaScriptEnabled = options.javaScriptEnabled ?? true;
    const page = await board.browser.newPage({ viewport: { width, height: 900 }, locale, javaScriptEnabled });
    // CSP violations and script errors show up here: a page that breaks its own policy fails the test.
    const counted = (text: string) => !options.expected?.test(text);
    page.on('console', (m) => m.type() === 'error' && counted(m.text()) && board.problems.push(`${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => board.problems.push(e.message));
    return page;
  };
  return board;
}

/** Signs in through the login form (to `next`, else the board's index) and waits to land there. */
export async function signInThroughForm(page: Page, base: string, username: string, next?: string): Promise<void> {
  await page.goto(next === undefined ? `${base}/login` : `${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('ユーザー名', { exact: true }).fill(username);
  await page.getByLabel('パスワード', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${base}${next ?? '/'}`);
}
