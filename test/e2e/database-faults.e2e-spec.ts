import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { translate } from '../../src/common/i18n/i18n';
import { Post } from '../../src/threads/post.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser, csrfFrom, signInCookie } from '../factories/user.factory';
import { ID, THREAD } from '../support/board';
import { assertValidHtml } from '../support/html';
import { postedNumber } from '../support/posting';
import { startServer } from '../support/server-process';
import { postAs, signedInSession } from '../support/sessions';
import { checkSqliteFile } from '../support/sqlite-check';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestApp, createTestDatabase, ENGINE, TestApp, TestDatabase } from '../support/test-app';

const STACK = /at [\w.<>]+ \(|\w+Error:|ECONNREFUSED|knex|mikro-orm|node_modules/i;

describe('PostgreSQL outage', { skip: ENGINE !== 'postgresql' ? 'needs PostgreSQL (DATABASE_URL=postgres://…)' : false }, () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  let cookie: string;

  before(async () => {
    db = await createTestDatabase();
    // The app reaches PostgreSQL only through a proxy the test can cut, as if the server had stopped.
    const real = new URL(db.env.DATABASE_URL);
    proxy = await startTcpProxy(real.hostname, Number(real.port || 5432));
    const proxied = new URL(real.toString());
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    t = await createTestApp({ database: { engine: 'postgresql', url: proxied.toString() } }, db);
    await createAdvisories(t.app, [referenceDocument()]);
    const user = await createUser(t.app);
    cookie = await signInCookie(t.http, user.username);
  });
  after(async () => {
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 with a readable page while the database is down, fails /healthz, and recovers without a restart', async () => {
    await request(t.http).get(`/advisories/${ID}`).expect(200);
    // The search page's filter choices are now kept: in the outage its count and tiers are what fail.
    await request(t.http).get('/search?q=%E9%9A%9C%E5%AE%B3').expect(200);
    const form = await request(t.http).get(THREAD).set('Cookie', cookie).expect(200);
    const csrf = csrfFrom(form.text);
    const before = await t.em().count(Post, {});

    await proxy.cut();
    for (const [label, req] of [
      ['guest page', request(t.http).get(`/advisories/${ID}`)],
      ['member page', request(t.http).get(THREAD).set('Cookie', cookie)],
      ['board index', request(t.http).get('/?lang=en')],
      ['search', request(t.http).get('/search?q=%E9%9A%9C%E5%AE%B3')],
    ] as const) {
      const started = Date.now();
      const res = await req.set('Accept', 'text/html');
      assert.equal(res.status, 503, `${label}: ${res.status}`);
      assert.ok(Date.now() - started < 10_000, `${label} answered in ${Date.now() - started} ms`);
      assert.match(res.headers['content-type'], /text\/html/);
      assert.doesNotMatch(res.text, STACK, `${label}: no internals on the page`);
      assert.ok(res.text.includes(translate(label === 'board index' ? 'en' : 'ja', 'error.503.title')), `${label}: the readable 503 page`);
      assert.equal(res.headers['retry-after'], '5');
      await assertValidHtml(res.text, `503 ${label}`);
    }
    const health = await request(t.http).get('/healthz').expect(503);
    assert.deepEqual(health.body, { status: 'error', database: 'unreachable' });
    // A write during the outage is refused, never reported as done.
    const write = await postAs(t.http, { cookie, csrf }, THREAD, { body: '障害中の投稿' });
    assert.equal(write.status, 503);
    assert.equal((await request(t.http).get('/advisories/MS04-044/summary.json')).status, 503, 'JSON addresses too');

    await proxy.restore();
    await request(t.http).get('/healthz').expect(200, { status: 'ok', database: 'ok' });
    await request(t.http).get(`/advisories/${ID}`).expect(200);
    assert.equal(await t.em().count(Post, {}), before, 'the refused write left nothing behind');
    const page = await request(t.http).get(THREAD).set('Cookie', cookie).expect(200);
    assert.match(page.text, /<li><a href="\/users\//, 'the member is still signed in');
    const posted = await postAs(t.http, { cookie, csrf: csrfFrom(page.text) }, THREAD, { body: '復旧後の投稿' });
    assert.equal(posted.status, 303);
    assert.equal(await t.em().count(Post, { bodySource: '復旧後の投稿' }), 1);
  });

  it('gets over its connections being killed (pg_terminate_backend) without a 500 or a restart', async () => {
    await request(t.http).get(`/advisories/${ID}`).expect(200);
    const admin = new Client({ connectionString: db.env.DATABASE_URL });
    await admin.connect();
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      assert.ok(killed.rowCount! >= 1, 'the app had connections to kill');
    } finally {
      await admin.end();
    }
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(t.http).get(`/advisories/${ID}`)).status);
    assert.ok(
      statuses.every((s) => s === 200 || s === 503),
      statuses.join(),
    );
    assert.equal(statuses.at(-1), 200, `back by itself: ${statuses.join()}`);
    await request(t.http).get('/healthz').expect(200);
  });
});

describe(
  'SQLite: kill -9 during a write load',
  { skip: ENGINE !== 'sqlite' ? 'SQLite only (the suite runs on SQLite too)' : false },
  () => {
    it('leaves a database that passes integrity_check, with every counter equal to a recount and every acknowledged write present', async () => {
      const db = await createTestDatabase();
      try {
        const setup = await createTestApp({}, db);
        const names: string[] = [];
        try {
          await createAdvisories(setup.app, [referenceDocument()]);
          for (let i = 0; i < 6; i++) names.push((await createUser(setup.app)).username);
        } finally {
          await setup.close();
        }
        const server = await startServer({ ...db.env, RATE_LIMIT_POSTS_USER: '100000/60', RATE_LIMIT_LOGIN_IP: '10000/900' });
        const url = server.url;
        const members = await Promise.all(names.map(async (name) => ({ name, ...(await signedInSession(url, name, THREAD)) })));
        const platforms = ['win2000-sp4', 'ws2003', 'winxp-sp2', 'other'];
        const acknowledged: { body: string; number: number }[] = [];
        const confirmed: { name: string; postNumber: number }[] = [];
        let killed = false;
        // Each member posts reports and confirms the others' acknowledged reports until the process dies.
        const load = members.map(async (m, mi) => {
          for (let i = 0; !killed; i++) {
            try {
              const others = acknowledged.filter((a) => !a.body.startsWith(`${m.name} `));
              if (i % 3 === 2 && others.length) {
                const target = others[(i * 7 + mi) % others.length];
                const postId = await postIdOf(db.env.SQLITE_PATH, target.number);
                if (postId && !confirmed.some((c) => c.name === m.name && c.postNumber === target.number)) {
                  const fields = { platform: platforms[i % 4], platformOther: 'Windows 2000 (NEC)' };
                  const res = await postAs(url, m, `/posts/${postId}/confirm`, fields);
                  if (res.status === 303) confirmed.push({ name: m.name, postNumber: target.number });
                  else assert.fail(`confirm answered ${res.status}`);
                }
                continue;
              }
              const body = `${m.name} 報告 ${i}`;
              const fields = {
                body,
                outcome: i % 4 === 0 ? 'success' : 'problem',
                platform: platforms[(i + mi) % 4],
                platformOther: 'Windows 2000 (NEC)',
                hosts: String(i + 1),
                software: 'Backup Exec',
              };
              const res = await postAs(url, m, THREAD, fields);
              if (res.status !== 303) assert.fail(`post answered ${res.status}: ${res.text.slice(0, 200)}`);
              acknowledged.push({ body, number: postedNumber(res.headers.location) });
            } catch (err) {
              // A request cut off by the kill has no answer; anything else is a real failure.
              if (!killed) throw err;
            }
          }
        });
        const deadline = Date.now() + 60_000;
        while (acknowledged.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        killed = true;
        const exit = await server.stop('SIGKILL');
        assert.equal(exit.signal, 'SIGKILL');
        await Promise.all(load);
        assert.ok(acknowledged.length >= 40, `${acknowledged.length} posts acknowledged before the kill`);

        const check = checkSqliteFile(db.env.SQLITE_PATH);
        assert.equal(check.integrity, 'ok');
        assert.deepEqual(check.counterProblems, [], 'every counter equals a recount');
        const stored = new Map(check.posts.map((p) => [p.number, p.body]));
        for (const a of acknowledged) assert.equal(stored.get(a.number), a.body, `acknowledged post #${a.number} is there`);
        assert.ok(confirmed.length > 0, 'some confirmations were acknowledged');
        assert.ok(
          check.confirmations.length >= confirmed.length,
          `${check.confirmations.length} confirmations stored, ${confirmed.length} acknowledged`,
        );

        // The board starts again on the file, with the acknowledged posts on the thread.
        const again = await startServer(db.env);
        try {
          assert.equal((await request(again.url).get('/healthz')).status, 200);
          const last = acknowledged.reduce((x, y) => (y.number > x.number ? y : x));
          const page = await request(again.url)
            .get(`${THREAD}?page=${Math.ceil(last.number / 50)}`)
            .expect(200);
          assert.ok(page.text.includes(last.body));
        } finally {
          await again.stop();
        }
      } finally {
        await db.drop();
      }
    });
  },
);

/** A post's id by its number, read straight from the file (the load needs ids for the confirm address). */
async function postIdOf(path: string, number: number): Promise<number | null> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select id from posts where number = ?').get(number) as { id: number } | undefined)?.id ?? null;
  } finally {
    db.close();
  }
}
