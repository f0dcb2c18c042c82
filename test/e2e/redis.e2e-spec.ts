import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Session } from '../../src/auth/session.entity';
import { RateLimiter } from '../../src/common/rate-limit/rate-limiter';
import { RedisRateLimitStore } from '../../src/common/rate-limit/redis-rate-limit-store';
import { createUser, signInCookie, TEST_PASSWORD } from '../factories/user.factory';
import { DEFAULTS, rule } from '../support/limits';
import { noRedis, testRedis, TestRedis } from '../support/redis';
import { guestSession, postAs, sessionOf, whoIs } from '../support/sessions';
import { startTcpProxy } from '../support/tcp-proxy';
import { createTestApp, createTestDatabase, TestApp, TestDatabase } from '../support/test-app';

describe('REDIS_URL: sessions and rate limits in Redis', () => {
  let redis: TestRedis | null;
  let db: TestDatabase;
  const secret = randomBytes(32).toString('hex');
  const apps: TestApp[] = [];
  /** An app on the shared database and this test's Redis prefix (or none), as one instance of several. */
  const instance = async (withRedis = true) => {
    const t = await createTestApp(
      { sessionSecret: secret, redis: withRedis ? redis!.config : null, rateLimits: { ...DEFAULTS.rateLimits, loginPerUser: rule(5) } },
      db,
    );
    apps.push(t);
    return t;
  };

  /** Six wrong passwords for `username` from one guest, sent to the two instances in turn: the statuses. */
  const wrongPasswords = async (first: TestApp, second: TestApp, username: string) => {
    const guest = await guestSession(first.http);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await postAs(i % 2 ? second.http : first.http, guest, '/login', { username, password: `wrong ${i}` });
      statuses.push(res.status);
    }
    return statuses;
  };

  before(async () => {
    redis = await testRedis();
    db = await createTestDatabase();
  });
  after(async () => {
    for (const t of apps) await t.close();
    await db.drop();
    await redis?.cleanup();
  });

  it('keeps a signed-in session in Redis, with its expiry, not in the database; sign-out removes it', async (t) => {
    if (noRedis(redis, t)) return;
    const a = await instance();
    const user = await createUser(a.app);
    const cookie = await signInCookie(a.http, user.username);
    assert.equal(await whoIs(a.http, cookie), user.username);
    assert.equal(await a.em().count(Session, {}), 0, 'no session rows in the database');
    const keys = await redis.keys('sess:*');
    assert.equal(keys.length, 1, 'the guest session was replaced on sign-in, not kept beside it');
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    const key = `${redis.config.prefix}sess:${sid}`;
    const ttl = await redis.client.pttl(key);
    assert.ok(ttl > 0 && ttl <= a.config.sessions.idleSeconds * 1000, `expiry ${ttl} ms`);
    assert.equal((JSON.parse((await redis.client.get(key))!) as { passport: { user: number } }).passport.user, user.id);
    assert.deepEqual(await redis.client.smembers(`${redis.config.prefix}user-sess:${user.id}`), [sid]);

    await postAs(a.http, await sessionOf(a.http, cookie), '/logout').expect(303);
    assert.equal(await redis.client.exists(key), 0);
    assert.equal(await whoIs(a.http, cookie), null);
  });

  it('shares sign-ins between instances and across a restart of one', async (t) => {
    if (noRedis(redis, t)) return;
    const [a, b] = [await instance(), await instance()];
    const user = await createUser(a.app);
    const cookie = await signInCookie(a.http, user.username);
    assert.equal(await whoIs(b.http, cookie), user.username, 'signed in on A, known on B');
    await a.close();
    apps.splice(apps.indexOf(a), 1);
    const again = await instance();
    assert.equal(await whoIs(again.http, cookie), user.username, 'a restarted instance still knows the session');
  });

  it('ends a member’s other sessions on every instance after a password change', async (t) => {
    if (noRedis(redis, t)) return;
    const [a, b] = [await instance(), await instance()];
    const user = await createUser(a.app);
    const here = await signInCookie(a.http, user.username);
    const phone = await signInCookie(b.http, user.username);
    const laptop = await signInCookie(b.http, user.username);
    const fields = { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase', endOtherSessions: 'on' };
    const res = await postAs(a.http, await sessionOf(a.http, here, '/account/password'), '/account/password', fields).expect(200);
    assert.match(res.text, /2/, 'reports two sessions ended');
    assert.equal(await whoIs(b.http, phone), null);
    assert.equal(await whoIs(a.http, laptop), null);
    assert.equal(await whoIs(b.http, here), user.username, 'this browser stays signed in');
    assert.equal(await redis.client.scard(`${redis.config.prefix}user-sess:${user.id}`), 1);
  });

  it('counts failed logins once across instances: the sixth, on either, is refused (429)', async (t) => {
    if (noRedis(redis, t)) return;
    const [a, b] = [await instance(), await instance()];
    const user = await createUser(a.app);
    assert.deepEqual(await wrongPasswords(a, b, user.username), [422, 422, 422, 422, 422, 429]);
    // Without Redis each instance counts on its own, so the same six attempts all get through to the password check.
    const [c, d] = [await instance(false), await instance(false)];
    const other = await createUser(c.app);
    assert.deepEqual(await wrongPasswords(c, d, other.username), [422, 422, 422, 422, 422, 422]);
  });

  it('reports Redis in /healthz, and answers 503 (not a hang, not a 500) while Redis is away, recovering by itself', async (t) => {
    if (noRedis(redis, t)) return;
    const target = new URL(redis.config.url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    try {
      const url = new URL(redis.config.url);
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      const a = await createTestApp({ sessionSecret: secret, redis: { url: url.toString(), prefix: redis.config.prefix } }, db);
      apps.push(a);
      const user = await createUser(a.app);
      const cookie = await signInCookie(a.http, user.username);
      assert.deepEqual((await request(a.http).get('/healthz').expect(200)).body, { status: 'ok', database: 'ok', redis: 'ok' });

      await proxy.cut();
      const started = Date.now();
      const page = await request(a.http).get('/').set('Cookie', cookie).set('Accept', 'text/html');
      assert.equal(page.status, 503);
      assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
      assert.doesNotMatch(page.text, /at \w+ \(|Error:|ECONNREFUSED/, 'no stack or internals on the page');
      assert.deepEqual((await request(a.http).get('/healthz').expect(503)).body, { status: 'error', database: 'ok', redis: 'unreachable' });

      await proxy.restore();
      let back = '';
      for (let i = 0; i < 50 && back !== user.username; i++) {
        await new Promise((r) => setTimeout(r, 200));
        back = (await whoIs(a.http, cookie).catch(() => null)) ?? '';
      }
      assert.equal(back, user.username, 'the session is there again once Redis is back');
      await request(a.http).get('/healthz').expect(200);
    } finally {
      await proxy.close();
    }
  });
});

describe('RedisRateLimitStore', () => {
  let redis: TestRedis | null;
  before(async () => {
    redis = await testRedis();
  });
  after(() => redis?.cleanup());

  it('counts 200 parallel hits on one key exactly, each a different count, within one expiring window', async (t) => {
    if (noRedis(redis, t)) return;
    const sut = new RedisRateLimitStore(redis.client, redis.config.prefix);
    const now = Date.now();
    const states = await Promise.all(Array.from({ length: 200 }, () => sut.hit('burst', 60, now)));
    assert.deepEqual(
      states.map((s) => s.count).sort((x, y) => x - y),
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    assert.ok(states.every((s) => s.resetAt > now && s.resetAt <= now + 60_000));
    const ttl = await redis.client.pttl(`${redis.config.prefix}rl:burst`);
    assert.ok(ttl > 0 && ttl <= 60_000, `expiry ${ttl}`);
    assert.equal((await sut.peek('burst', now))?.count, 200);
  });

  it('gives back a hit without going below zero or creating a key, and resets', async (t) => {
    if (noRedis(redis, t)) return;
    const sut = new RedisRateLimitStore(redis.client, redis.config.prefix);
    const now = Date.now();
    await sut.release('never-hit');
    assert.equal(await redis.client.exists(`${redis.config.prefix}rl:never-hit`), 0);
    assert.equal(await sut.peek('never-hit', now), null);
    await sut.hit('k', 60, now);
    await sut.hit('k', 60, now);
    await Promise.all([sut.release('k'), sut.release('k'), sut.release('k')]);
    assert.equal((await sut.peek('k', now))?.count, 0);
    assert.ok((await redis.client.pttl(`${redis.config.prefix}rl:k`)) > 0, 'the window keeps its expiry');
    await sut.reset('k');
    assert.equal(await sut.peek('k', now), null);
  });

  it('drives the limiter: the eleventh of ten allowed is refused with the seconds left', async (t) => {
    if (noRedis(redis, t)) return;
    const sut = new RateLimiter(new RedisRateLimitStore(redis.client, redis.config.prefix));
    const rule = { limit: 10, windowSeconds: 30 };
    const results = await Promise.all(Array.from({ length: 11 }, () => sut.consume('posts', '42', rule)));
    assert.equal(results.filter((r) => r.allowed).length, 10);
    const refused = results.find((r) => !r.allowed)!;
    assert.ok(refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 30);
  });
});
