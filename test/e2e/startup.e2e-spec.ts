import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { findRootDir } from '../../src/config/config';
import { MAIN } from '../support/server-process';
import { createTestDatabase } from '../support/test-app';

const root = findRootDir(__dirname);
const main = MAIN;

/** Starts the built server as `npm start` does, on a free port; resolves once it listens. */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH!, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_REQUESTS: 'false', ...env },
      cwd: root,
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${out}`)), 20000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace('localhost', '127.0.0.1'), output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('npm start', () => {
  it('migrates a new database, loads the demo bulletin once, and a second start duplicates nothing', async () => {
    const db = await createTestDatabase();
    try {
      const first = await start(db.env);
      assert.match(first.output(), /Demo bulletin MS04-044 loaded/);
      const page = await fetch(`${first.url}/advisories/MS04-044`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /HFR BBS会議室/);
      const thread = await fetch(`${first.url}/advisories/MS04-044/thread`);
      assert.equal(thread.status, 200);
      // Sample field reports, marked as such, fill the platform table, the known issues' evidence and search.
      const threadText = await thread.text();
      assert.equal(threadText.match(/【デモ用のサンプル投稿】/g)?.length, 5);
      assert.match(threadText, /class="confirmations__count"[^>]*>[^<]*2件/);
      const issues = await (await fetch(`${first.url}/advisories/MS04-044/known-issues`)).text();
      assert.deepEqual(
        [...issues.matchAll(/<h3>根拠となる報告 \((\d+)\)<\/h3>/g)].map((m) => m[1]),
        ['2', '1'],
      );
      const search = await (await fetch(`${first.url}/search?q=${encodeURIComponent('起動')}`)).text();
      assert.match(search, /sample-nakamura|NT 4\.0 サーバー/);
      await stop(first.child);

      const second = await start(db.env);
      assert.doesNotMatch(second.output(), /Demo bulletin/);
      const index = await (await fetch(`${second.url}/`)).text();
      assert.equal(index.match(/class="advisory-card__id"/g)?.length, 1);
      assert.equal((await fetch(`${second.url}/healthz`)).status, 200);
      await stop(second.child);
    } finally {
      await db.drop();
    }
  });

  it('refuses a bad setting with a one-line reason and a non-zero exit', () => {
    for (const [env, reason] of [
      [{ PORT: 'eighty' }, 'Configuration error: PORT must be an integer from 0 to 65535 (got "eighty")'],
      [{ NODE_ENV: 'production' }, 'Configuration error: SESSION_SECRET is required when NODE_ENV=production'],
      [{ DATABASE_URL: 'mysql://localhost/x' }, 'Configuration error: DATABASE_URL must start with postgres:// (got mysql://)'],
    ] as const) {
      const r = spawnSync(process.execPath, [main], {
        env: { PATH: process.env.PATH!, ...env },
        cwd: root,
        encoding: 'utf8',
        timeout: 20000,
      });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `${reason}\n`);
    }
  });
});
