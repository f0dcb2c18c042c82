import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { GuestPageCache } from '../../src/page-cache/guest-page-cache';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser, signInCookie } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { noRedis, testRedis, TestRedis } from '../support/redis';
import { csrfOf, guestSession, postAs } from '../support/sessions';
import { createTestApp, createTestDatabase, TestApp, TestDatabase } from '../support/test-app';

const MODERATOR = 'cachemoderator';

/**
 * Every way a browser, a proxy or an attacker may spell the session cookie that the session layer still
 * reads as that session: names and values padded with spaces or tabs, quoted, among other cookies, repeated.
 */
const SPELLINGS: [string, (v: string) => string][] = [
  ['plain', (v) => `hfr_session=${v}`],
  ['space before =', (v) => `hfr_session =${v}`],
  ['space after =', (v) => `hfr_session= ${v}`],
  ['tab before =', (v) => `hfr_session\t=${v}`],
  ['tabs and spaces all round', (v) => ` \thfr_session \t= \t${v} \t`],
  ['quoted value', (v) => `hfr_session="${v}"`],
  ['among other cookies', (v) => `lang=ja; theme=dark; hfr_session=${v}; other=1`],
  ['no space after ;', (v) => `lang=ja;hfr_session=${v}`],
  ['tab after ;', (v) => `lang=ja;\thfr_session =${v}`],
  ['first of two', (v) => `hfr_session=${v}; hfr_session=s%3Aforged.sig`],
  ['after a valueless pair', (v) => `flag; hfr_session=${v}`],
];

/** Spellings the session layer does not read as a session: the answer is a guest's page, which may be cached. */
const NOT_A_SESSION: [string, (v: string) => string][] = [
  ['name in capitals', (v) => `HFR_SESSION=${v}`],
  ['name percent-encoded', (v) => `hfr%5Fsession=${v}`],
  ['second of two', (v) => `hfr_session=; hfr_session=${v}`],
  ['unsigned value', () => 'hfr_session=not-a-signed-id'],
];

/** A guest's page: the sign-in link, and none of a member's: no form token, no notifications, no sign-out. */
function assertGuestPage(html: string, label: string): void {
  assert.doesNotMatch(html, /name="_csrf"/, `${label}: no form token`);
  assert.doesNotMatch(html, /notifications-link|action="\/logout"/, `${label}: no member's menu`);
  assert.match(html, /href="\/login\?next=/, `${label}: the guest's sign-in link`);
}

/** The moderator's own page: the session layer read the cookie as their session. */
function assertModeratorPage(html: string, label: string): void {
  assert.match(html, new RegExp(`href="/users/${MODERATOR}"[^>]*>[^<]*</a>\\s*</li>`), `${label}: their name in the menu`);
  assert.match(html, /name="_csrf"/, `${label}: their form token`);
}

describe('guest page cache: never a signed-in page for a guest, however the cookie is spelled', () => {
  let db: TestDatabase;
  let redis: TestRedis | null;
  const apps: TestApp[] = [];
  /** The moderator's session cookie value and form token on the app in use (sessions live in the database or Redis). */
  let cookieValue: string;
  let csrf: string;
  const secret = 'a-session-secret-shared-by-every-instance-0123456789';

  /** Moves the thread's validator (a new post), so the next request for the page is a miss that renders and may store. */
  async function write(t: TestApp, n: string): Promise<void> {
    await postAs(t.http, { cookie: `hfr_session=${cookieValue}`, csrf }, THREAD, { body: `キャッシュの確認 ${n}` }).expect(303);
  }

  before(async () => {
    db = await createTestDatabase();
    redis = await testRedis();
    apps.push(await createTestApp({ sessionSecret: secret }, db));
    await createAdvisories(apps[0].app, [referenceDocument()]);
    await createUser(apps[0].app, { username: MODERATOR, role: Role.Moderator });
    await signInOn(apps[0]);
  });

  async function signInOn(t: TestApp): Promise<void> {
    const cookie = await signInCookie(t.http, MODERATOR);
    cookieValue = cookie.slice(cookie.indexOf('=') + 1);
    csrf = await csrfOf(t.http, cookie, THREAD);
  }
  after(async () => {
    for (const t of apps) await t.close();
    await redis?.cleanup();
    await db.drop();
  });

  /** A cold page asked for with the spelling, then by a plain guest: the guest never gets the member's page. */
  async function check(writeTo: TestApp, spelled: TestApp, guest: TestApp, prefix: string): Promise<void> {
    for (const [label, spell] of SPELLINGS) {
      await write(writeTo, `${prefix} ${label}`);
      const hits = spelled.app.get(GuestPageCache).stats.hits;
      const asMember = await request(spelled.http).get(THREAD).set('Cookie', spell(cookieValue)).expect(200);
      assertModeratorPage(asMember.text, `${prefix} ${label}`);
      assert.equal(spelled.app.get(GuestPageCache).stats.hits, hits, `${prefix} ${label}: not answered from the cache`);
      assertGuestPage((await request(guest.http).get(THREAD).expect(200)).text, `${prefix} ${label}, then a guest`);
      // And once a guest's page is stored, the member still gets their own.
      assertModeratorPage(
        (await request(spelled.http).get(THREAD).set('Cookie', spell(cookieValue)).expect(200)).text,
        `${prefix} ${label} after a guest`,
      );
    }
    for (const [label, spell] of NOT_A_SESSION) {
      await write(writeTo, `${prefix} ${label}`);
      assertGuestPage((await request(spelled.http).get(THREAD).set('Cookie', spell(cookieValue)).expect(200)).text, `${prefix} ${label}`);
      assertGuestPage((await request(guest.http).get(THREAD).expect(200)).text, `${prefix} ${label}, then a guest`);
    }
  }

  it('on one instance with pages in memory', async () => {
    await check(apps[0], apps[0], apps[0], 'memory');
  });

  it('keeps a guest with a session of their own (after the sign-in page) out of the store', async () => {
    const t = apps[0];
    const guestCookie = (await guestSession(t.http)).cookie;
    await write(t, 'guest session');
    const stored = await request(t.http).get(THREAD).set('Cookie', guestCookie).expect(200);
    const misses = t.app.get(GuestPageCache).stats.misses;
    const hits = t.app.get(GuestPageCache).stats.hits;
    const plain = await request(t.http).get(THREAD).expect(200);
    assert.equal(t.app.get(GuestPageCache).stats.misses, misses + 1, 'the page shown to the guest with a session was not stored');
    assert.equal(t.app.get(GuestPageCache).stats.hits, hits);
    assertGuestPage(plain.text, 'a plain guest');
    assert.ok(stored.text.length > 0);
  });

  it('on two instances sharing pages in Redis', async (t) => {
    if (noRedis(redis, t)) return;
    const a = await createTestApp({ sessionSecret: secret, redis: redis.config }, db);
    const b = await createTestApp({ sessionSecret: secret, redis: redis.config }, db);
    apps.push(a, b);
    await signInOn(a);
    await check(a, a, b, 'redis a→b');
    await check(b, b, a, 'redis b→a');
    assert.ok((await redis.keys('page:*')).length > 0, 'pages were stored in Redis');
  });
});
