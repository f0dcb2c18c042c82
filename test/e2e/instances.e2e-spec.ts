import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { csrfFrom, signInCookie, TEST_PASSWORD } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { noRedis, testRedis, TestRedis } from '../support/redis';
import { runCliProcess, ServerProcess, startServer } from '../support/server-process';
import { guestSession, postAs, sessionOf, whoIs } from '../support/sessions';
import { createTestDatabase, ENGINE, TestDatabase } from '../support/test-app';

describe(
  'two instances (separate processes) on one PostgreSQL and one Redis',
  { skip: ENGINE !== 'postgresql' ? 'needs PostgreSQL (DATABASE_URL=postgres://…); several instances share one' : false },
  () => {
    let redis: TestRedis | null;
    let db: TestDatabase;
    let env: Record<string, string>;
    let a: ServerProcess | null = null;
    let b: ServerProcess | null = null;

    before(async () => {
      redis = await testRedis();
      db = await createTestDatabase();
      env = {
        ...db.env,
        REDIS_URL: redis?.config.url ?? '',
        REDIS_PREFIX: redis?.config.prefix ?? 'unused:',
        SESSION_SECRET: randomBytes(32).toString('hex'),
        DEMO_DATA: 'true',
        RATE_LIMIT_LOGIN_USER: '5/900',
        HOLD_FIRST_POSTS: '0',
      };
    });
    after(async () => {
      // Always stopped, whatever happened in the tests.
      await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
      await db.drop();
      await redis?.cleanup();
    });

    it('start at the same moment on a new database: one migrates while the other waits, and the demo bulletin is loaded once', async (t) => {
      if (noRedis(redis, t)) return;
      [a, b] = await Promise.all([startServer(env), startServer(env)]);
      assert.equal([a.output(), b.output()].filter((o) => o.includes('Demo bulletin MS04-044 loaded')).length, 1);
      for (const s of [a, b]) {
        assert.deepEqual((await request(s.url).get('/healthz').expect(200)).body, { status: 'ok', database: 'ok', redis: 'ok' });
        const index = await request(s.url).get('/').expect(200);
        assert.equal(index.text.match(/class="advisory-card__id"/g)?.length, 1);
      }
    });

    it('signs in on A, posts on B, shows the post on A', async (t) => {
      if (noRedis(redis, t) || !a || !b) return;
      const username = `member${randomBytes(3).toString('hex')}`;
      const created = await runCliProcess(
        [
          'users:create',
          '--username',
          username,
          '--password',
          TEST_PASSWORD,
          '--email',
          `${username}@example.test`,
          '--role',
          'subscriber',
        ],
        env,
      );
      assert.equal(created.code, 0, created.stderr);

      const cookie = await signInCookie(a.url, username);
      assert.equal(await whoIs(b.url, cookie), username, 'B knows the session A started');
      // A keeps copies of the page's shared parts it rendered and read back: a post on B must still show on A at once.
      for (let i = 0; i < 2; i++) await request(a.url).get(THREAD).set('Cookie', cookie).expect(200);
      const posted = await postAs(b.url, await sessionOf(b.url, cookie, THREAD), THREAD, { body: 'B から投稿、A で読む。' });
      assert.equal(posted.status, 303, posted.text.slice(0, 300));
      const onA = await request(a.url).get(posted.headers.location.replace(/#.*$/, '')).set('Cookie', cookie).expect(200);
      assert.ok(onA.text.includes('B から投稿、A で読む。'));
      // Signing out on A ends the session on B too.
      await postAs(a.url, { cookie, csrf: csrfFrom(onA.text) }, '/logout').expect(303);
      assert.equal(await whoIs(b.url, cookie), null);
    });

    it('share guest pages through Redis, and a post on B is on the guest page A serves next', async (t) => {
      if (noRedis(redis, t) || !a || !b) return;
      const rendered = await request(a.url).get(THREAD).expect(200);
      const fromRedis = await request(b.url).get(THREAD).expect(200);
      assert.equal(fromRedis.text, rendered.text);
      assert.equal(fromRedis.headers.etag, rendered.headers.etag, 'both instances read the same validator');
      assert.ok((await redis.client.keys(`${redis.config.prefix}page:*`)).length > 0, 'the page is stored in Redis');

      const username = `guestcheck${randomBytes(3).toString('hex')}`;
      assert.equal(
        (
          await runCliProcess(
            [
              'users:create',
              '--username',
              username,
              '--password',
              TEST_PASSWORD,
              '--email',
              `${username}@example.test`,
              '--role',
              'subscriber',
            ],
            env,
          )
        ).code,
        0,
      );
      const cookie = await signInCookie(b.url, username);
      await postAs(b.url, await sessionOf(b.url, cookie, THREAD), THREAD, { body: 'ゲストにもすぐ見える投稿' }).expect(303);
      const guestOnA = await request(a.url).get(THREAD).set('If-None-Match', rendered.headers.etag).expect(200);
      assert.ok(guestOnA.text.includes('ゲストにもすぐ見える投稿'));
    });

    it('holds the login limit across both: failures split between A and B are refused (429) after five', async (t) => {
      if (noRedis(redis, t) || !a || !b) return;
      const username = `target${randomBytes(3).toString('hex')}`;
      assert.equal(
        (
          await runCliProcess(
            [
              'users:create',
              '--username',
              username,
              '--password',
              TEST_PASSWORD,
              '--email',
              `${username}@example.test`,
              '--role',
              'subscriber',
            ],
            env,
          )
        ).code,
        0,
      );
      const guest = await guestSession(a.url);
      const statuses: string[] = [];
      for (let i = 0; i < 7; i++) {
        const [name, s] = i % 2 ? ['B', b] : ['A', a];
        const res = await postAs(s.url, guest, '/login', { username, password: `wrong guess ${i}` });
        statuses.push(`${name}:${res.status}`);
      }
      assert.deepEqual(statuses, ['A:422', 'B:422', 'A:422', 'B:422', 'A:422', 'B:429', 'A:429']);
      // Even the right password waits for the window now, on either instance.
      const right = await postAs(a.url, guest, '/login', { username, password: TEST_PASSWORD });
      assert.equal(right.status, 429);
      assert.ok(Number(right.headers['retry-after']) > 0);
    });

    it('stop cleanly on SIGTERM', async (t) => {
      if (noRedis(redis, t) || !a || !b) return;
      const exits = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
      for (const e of exits) assert.deepEqual({ code: e.code, signal: e.signal }, { code: 0, signal: null });
    });
  },
);
