import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { findRootDir } from '../../src/config/config';
import { TestApp } from './test-app';

/** What every browser spec shares: Debian's Chromium, where screenshots go, and when to skip. */
export const CHROMIUM = '/usr/bin/chromium';
export const OUTPUT = join(findRootDir(__dirname), 'test', 'browser', 'output');
// Locally a missing browser skips these tests; in CI it is a failure.
export const skipBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `${CHROMIUM} is not installed (apt-get install -y chromium fonts-ipafont-gothic)` : false;

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
