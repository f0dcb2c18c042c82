import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Session } from '../../src/auth/session.entity';
import { LIMITS } from '../../src/common/limits';
import { Role } from '../../src/policy/viewer';
import { AppConfig } from '../../src/config/config';
import { AccountState, User } from '../../src/users/user.entity';
import { createUser, csrfFrom, TEST_PASSWORD } from '../factories/user.factory';
import { elementById } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { htmlMsg } from '../support/i18n';
import { generousLimits, rule } from '../support/limits';
import { createTestApp, TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Helpers: sessions are handled by hand (a Cookie header), so a test can keep, replay and compare
// session cookies the way an attacker or a second browser would.
// ---------------------------------------------------------------------------------------------

/** Generous limits, so that only the rate-limit tests ever meet one; they pass the rules under test. */
function appWith(over: Partial<AppConfig> = {}): Promise<TestApp> {
  return createTestApp({ rateLimits: generousLimits(), ...over });
}

const EVIL = 'https://evil.example';
const NEW_PASSWORD = 'a brand new passphrase';
type Http = TestApp['http'];
type Headers = Record<string, string>;

/** A browser's session as the server sees it: the cookie pair ("name=value") and the page's CSRF token. */
interface Browser {
  cookie: string;
  csrf: string;
}

function setCookies(res: request.Response): string[] {
  return (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
}

/** The full Set-Cookie line for the session cookie, if the response set one. */
function sessionSetCookie(res: request.Response, name = 'hfr_session'): string | undefined {
  return setCookies(res).find((c) => c.startsWith(`${name}=`));
}

/** "name=value" of the session cookie the response set; fails when there is none. */
function sessionCookie(res: request.Response, name = 'hfr_session'): string {
  const line = sessionSetCookie(res, name);
  assert.ok(line, `expected a ${name} cookie, got ${JSON.stringify(setCookies(res))}`);
  return line.split(';')[0];
}

/** The session id inside a signed cookie ("s:<sid>.<signature>"): the key of its row in `sessions`. */
function sidOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  assert.ok(value.startsWith('s:'), `not a signed session cookie: ${cookie}`);
  return value.slice(2, value.lastIndexOf('.'));
}

/**
 * That the response did not move the browser to another session (rolling sessions re-send the same
 * cookie on every answer, so a Set-Cookie is fine as long as it carries the same session id).
 */
function assertSameSession(res: request.Response, before: string, label = 'no new session'): void {
  const line = setCookies(res).find((c) => c.startsWith(before.slice(0, before.indexOf('=') + 1)));
  if (line) assert.equal(sidOf(line.split(';')[0]), sidOf(before), label);
}

/** A new guest browser that has loaded the login page: it has a session and that session's token. */
async function guest(http: Http, headers: Headers = {}): Promise<Browser> {
  const res = await request(http).get('/login').set(headers).expect(200);
  return { cookie: sessionCookie(res, cookieNameIn(res)), csrf: csrfFrom(res.text) };
}

function cookieNameIn(res: request.Response): string {
  return sessionSetCookie(res, '__Host-hfr_session') ? '__Host-hfr_session' : 'hfr_session';
}

/** Posts a urlencoded form exactly as given (fields in order, nothing added). */
function postForm(http: Http, path: string, cookie: string | null, fields: Record<string, string>, headers: Headers = {}) {
  const req = request(http).post(path).type('form').set(headers);
  if (cookie) req.set('Cookie', cookie);
  return req.send(new URLSearchParams(fields).toString());
}

/** Posts a form from a browser, with its own CSRF token. */
function submit(http: Http, browser: Browser, path: string, fields: Record<string, string>, headers: Headers = {}) {
  return postForm(http, path, browser.cookie, { _csrf: browser.csrf, ...fields }, headers);
}

/** Signs in through the real form and returns the signed-in browser (new cookie, new token). */
async function login(http: Http, username: string, password = TEST_PASSWORD, headers: Headers = {}): Promise<Browser> {
  const g = await guest(http, headers);
  const res = await submit(http, g, '/login', { username, password }, headers).expect(303);
  const cookie = sessionCookie(res, cookieNameIn(res));
  const page = await request(http).get('/').set(headers).set('Cookie', cookie).expect(200);
  return { cookie, csrf: csrfFrom(page.text) };
}

/** Who the header says is signed in (null for a guest); also checks that the header agrees with itself. */
function viewerIn(html: string): string | null {
  const header = /<header class="site-header">[\s\S]*?<\/header>/.exec(html)?.[0];
  assert.ok(header, 'page has no site header');
  const name = /<a href="\/users\/[^"]*">([^<]*)<\/a>/.exec(header)?.[1] ?? null;
  const logout = /<form[^>]*method="post" action="\/logout"/.test(header);
  assert.equal(logout, name !== null, 'a signed-in header has both the name and the logout form; a guest header has neither');
  if (name === null) assert.match(header, /href="\/login/);
  return name;
}

async function whoIs(http: Http, cookie: string | null, headers: Headers = {}): Promise<string | null> {
  const req = request(http).get('/').set(headers);
  if (cookie) req.set('Cookie', cookie);
  return viewerIn((await req.expect(200)).text);
}

/** The names of the fields of the form posting to `action`. */
function formFields(html: string, action: string): string[] {
  const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
  assert.ok(form, `no form posting to ${action}`);
  return [...form.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]);
}

/** The value the form shows in an input, decoded from the page's escaping. */
function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\sname="${name}"[^>]*>`).exec(html)?.[0];
  const raw = tag && /\svalue="([^"]*)"/.exec(tag)?.[1];
  return raw
    ?.replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function passwordHashOf(t: TestApp, id: number): Promise<string> {
  return (await t.em().findOneOrFail(User, { id }, { populate: ['passwordHash'] })).passwordHash;
}

const userCount = (t: TestApp) => t.em().count(User, {});

/** "member7" → "ＭＥＭＢＥＲ７": the same name in full-width capitals. */
function fullWidthUpper(name: string): string {
  return [...name.toUpperCase()].map((ch) => (ch >= '!' && ch <= '~' ? String.fromCodePoint(ch.codePointAt(0)! + 0xfee0) : ch)).join('');
}

// ---------------------------------------------------------------------------------------------

describe('accounts', () => {
  let t: TestApp;
  before(async () => {
    t = await appWith();
  });
  after(() => t.close());

  describe('registration', () => {
    let n = 0;
    const fresh = () => {
      n++;
      return { username: `newcomer${n}`, email: `newcomer${n}@example.test`, password: 'twelve chars and more' };
    };

    /** Posts the register form from a new guest; returns the response. */
    async function register(fields: Record<string, string>, status: number) {
      const g = await guest(t.http);
      return submit(t.http, g, '/register', fields).expect(status);
    }

    /** A 422 that keeps username and e-mail, never the password, and names the reasons. */
    async function assertRefused(fields: Record<string, string>, reasons: Record<string, string>) {
      const before = await userCount(t);
      const sameEmail = await t.em().count(User, { email: fields.email.trim().toLowerCase() });
      const res = await register(fields, 422);
      assert.match(res.text, new RegExp(htmlMsg('form.hasErrors')));
      for (const [field, key] of Object.entries(reasons)) {
        const id = `register-${field}-error`;
        const shown = new RegExp(`<p class="field-error" id="${id}">([^<]*)</p>`).exec(res.text)?.[1];
        assert.equal(shown, htmlMsg(key), `${field}: expected ${key}`);
        assert.match(res.text, new RegExp(`aria-describedby="[^"]*${id}`), `${field} points at its error`);
      }
      assert.equal(inputValue(res.text, 'username'), fields.username);
      assert.equal(inputValue(res.text, 'email'), fields.email);
      assert.equal(inputValue(res.text, 'password'), undefined, 'the password field is empty');
      if (fields.password) assert.ok(!res.text.includes(fields.password), 'the password is not echoed anywhere');
      assert.equal(await userCount(t), before, 'no user was created');
      assert.equal(await t.em().count(User, { email: fields.email.trim().toLowerCase() }), sameEmail);
      return res;
    }

    it('shows a form with exactly username, email, password and _csrf', async () => {
      const res = await request(t.http).get('/register').expect(200);
      assert.deepEqual(formFields(res.text, '/register').sort(), ['_csrf', 'email', 'password', 'username']);
      // The lengths the browser allows are the rules the service applies (3〜32, 12〜128 as the help says).
      const attrs = (id: string) => elementById(res.text, id)?.attribs ?? {};
      assert.equal(attrs('register-username').maxlength, String(LIMITS.username));
      assert.equal(attrs('register-email').maxlength, String(LIMITS.email));
      assert.deepEqual(
        [attrs('register-password').minlength, attrs('register-password').maxlength],
        [String(LIMITS.passwordMin), String(LIMITS.password)],
      );
      await assertValidHtml(res.text, 'register');
    });

    it('creates a member, signs them in on a new session and sends them to their page', async () => {
      const g = await guest(t.http);
      const form = fresh();
      const res = await submit(t.http, g, '/register', { ...form, email: 'NewComer@Example.TEST' }).expect(303);
      assert.equal(res.headers.location, `/users/${form.username}`);
      const cookie = sessionCookie(res);
      assert.notEqual(sidOf(cookie), sidOf(g.cookie), 'signing up starts a new session id');
      const page = (await request(t.http).get('/').set('Cookie', cookie).expect(200)).text;
      assert.equal(viewerIn(page), form.username);
      assert.match(page, /<form class="inline-form" method="post" action="\/logout">\s*<input type="hidden" name="_csrf" value="[^"]+">/);
      assert.equal(await whoIs(t.http, g.cookie), null, 'the pre-registration session is not signed in');

      const user = await t.em().findOneOrFail(User, { username: form.username }, { populate: ['passwordHash'] });
      assert.equal(user.email, 'newcomer@example.test', 'e-mail lower-cased');
      assert.equal(user.role, 'subscriber');
      assert.equal(user.state, AccountState.Active);
      assert.match(user.passwordHash, /^\$argon2id\$/);
      assert.ok(!user.passwordHash.includes(form.password));
      assert.equal((await t.em().findOneOrFail(Session, { sid: sidOf(cookie) })).userId, user.id);
    });

    it('accepts Japanese usernames and signs in with them', async () => {
      const res = await register({ username: '田中太郎', email: 'tanaka@example.test', password: 'twelve chars and more' }, 303);
      assert.equal(res.headers.location, `/users/${encodeURIComponent('田中太郎')}`);
      assert.equal(await whoIs(t.http, sessionCookie(res)), '田中太郎');
      const user = await t.em().findOneOrFail(User, { email: 'tanaka@example.test' });
      assert.equal(user.username, '田中太郎');
      const again = await login(t.http, '田中太郎', 'twelve chars and more');
      assert.equal(await whoIs(t.http, again.cookie), '田中太郎');
    });

    it('refuses a password of 11 characters', async () => {
      await assertRefused({ ...fresh(), password: 'elevenchars' }, { password: 'password.length' });
    });

    it('refuses a password of 129 characters', async () => {
      await assertRefused({ ...fresh(), password: 'p'.repeat(129) }, { password: 'password.length' });
    });

    it('accepts passwords of exactly 12 and 128 characters', async () => {
      for (const password of ['twelve-chars', 'q'.repeat(128)]) {
        await register({ ...fresh(), password }, 303);
      }
    });

    it('refuses a malformed e-mail address', async () => {
      for (const email of ['not-an-address', 'two@@example.test', 'spaces in@example.test']) {
        await assertRefused({ ...fresh(), email }, { email: 'email.invalid' });
      }
    });

    it('gives one reason per bad field at once', async () => {
      await assertRefused(
        { ...fresh(), username: 'x', email: 'not-an-address', password: 'short' },
        { username: 'username.length', email: 'email.invalid', password: 'password.length' },
      );
    });

    it('refuses usernames shorter than 3 or longer than 32 characters', async () => {
      await assertRefused({ ...fresh(), username: 'ab' }, { username: 'username.length' });
      await assertRefused({ ...fresh(), username: 'a'.repeat(33) }, { username: 'username.length' });
      // Code points, not UTF-16 units: three 𠮷 are three characters.
      await register({ ...fresh(), username: '𠮷𠮷𠮷' }, 303);
    });

    it('refuses usernames hiding a zero-width space or a right-to-left override', async () => {
      await assertRefused({ ...fresh(), username: 'tanaka\u200Bjiro' }, { username: 'username.invisible' });
      await assertRefused({ ...fresh(), username: 'invoice\u202Efdp.exe' }, { username: 'username.invisible' });
      // "ab" plus an invisible character is refused for the character, not waved through on length.
      await assertRefused({ ...fresh(), username: 'ab\u200B' }, { username: 'username.invisible' });
    });

    it('refuses reserved names, in any case, script or language', async () => {
      for (const username of ['Admin', '\u0430dmin', '管理者', 'ＡＤＭＩＮ', 'ad-min']) {
        await assertRefused({ ...fresh(), username }, { username: 'username.reserved' });
      }
    });

    it('refuses a username that only differs from a taken one by case, width or look-alike letters', async () => {
      const taken = await createUser(t.app);
      const cyrillic = taken.username.replace('e', '\u0435');
      assert.notEqual(cyrillic, taken.username);
      for (const username of [taken.username, taken.username.toUpperCase(), fullWidthUpper(taken.username), cyrillic]) {
        await assertRefused({ ...fresh(), username }, { username: 'username.taken' });
      }
    });

    it('refuses an e-mail address already registered, whatever its case', async () => {
      const taken = await createUser(t.app);
      await assertRefused({ ...fresh(), email: taken.email.toUpperCase() }, { email: 'email.taken' });
    });

    it('escapes what it puts back into the form', async () => {
      const res = await assertRefused({ ...fresh(), username: '"><script>alert(1)</script>' }, { username: 'username.characters' });
      assert.ok(!res.text.includes('<script>alert(1)</script>'));
    });

    it('refuses forms that also try to set role or state, and creates no one', async () => {
      const before = await userCount(t);
      for (const extra of [{ role: 'admin' }, { state: 'active' }, { 'role[x]': '1' }, { postCount: '999' }] as Record<string, string>[]) {
        const form = fresh();
        const res = await register({ ...form, ...extra }, 422);
        assert.match(res.text, new RegExp(htmlMsg('form.hasErrors')));
        assert.match(res.text, new RegExp(htmlMsg('form.unknownField')), 'the page says why');
        assert.equal(await t.em().count(User, { username: form.username }), 0, JSON.stringify(extra));
      }
      // The same as JSON, with the token in the header.
      const g = await guest(t.http);
      const form = fresh();
      await request(t.http)
        .post('/register')
        .set('Cookie', g.cookie)
        .set('X-CSRF-Token', g.csrf)
        .send({ ...form, role: 'admin' })
        .expect(422);
      assert.equal(await userCount(t), before, 'no user was created');
      assert.equal(await t.em().count(User, { role: Role.Admin }), 0);
    });
  });

  describe('login', () => {
    it('shows a valid login form', async () => {
      const res = await request(t.http).get('/login').expect(200);
      assert.deepEqual(formFields(res.text, '/login').sort(), ['_csrf', 'password', 'username']);
      await assertValidHtml(res.text, 'login');
    });

    it('answers a wrong password and an unknown user identically', async () => {
      const g = await guest(t.http);
      const username = 'doppel.ganger';
      const unknown = await submit(t.http, g, '/login', { username, password: 'not the password' });
      await createUser(t.app, { username, email: 'doppel@example.test' });
      const wrong = await submit(t.http, g, '/login', { username, password: 'not the password' });
      assert.equal(unknown.status, 422);
      assert.equal(wrong.status, unknown.status);
      assert.equal(wrong.text, unknown.text);
      assert.match(wrong.text, new RegExp(htmlMsg('auth.login.failed')));
      assert.ok(!wrong.text.includes('not the password'), 'the password is not echoed');
      assert.equal(inputValue(wrong.text, 'username'), username, 'the username is kept');
      assertSameSession(unknown, g.cookie);
      assertSameSession(wrong, g.cookie);
      assert.equal(await whoIs(t.http, g.cookie), null);
    });

    it('signs in on a new session id and leaves the old one signed out (no session fixation)', async () => {
      const user = await createUser(t.app);
      const g = await guest(t.http);
      const oldSid = sidOf(g.cookie);
      assert.equal(await t.em().count(Session, { sid: oldSid }), 1, 'the login page stored a guest session');

      const res = await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD }).expect(303);
      assert.equal(res.headers.location, '/');
      const cookie = sessionCookie(res);
      assert.notEqual(sidOf(cookie), oldSid);
      assert.equal(await whoIs(t.http, cookie), user.username);
      assert.equal(await whoIs(t.http, g.cookie), null, 'the cookie from before login is not signed in');
      assert.equal(await t.em().count(Session, { sid: oldSid }), 0, 'the old session row is gone');
      assert.equal((await t.em().findOneOrFail(Session, { sid: sidOf(cookie) })).userId, user.id);
    });

    it('accepts the username in another case or in full width', async () => {
      const user = await createUser(t.app);
      for (const variant of [user.username.toUpperCase(), fullWidthUpper(user.username)]) {
        const b = await login(t.http, variant);
        assert.equal(await whoIs(t.http, b.cookie), user.username, variant);
      }
    });

    it('refuses an empty username or password with a reason', async () => {
      const g = await guest(t.http);
      const res = await submit(t.http, g, '/login', { username: '', password: '' }).expect(422);
      assert.match(res.text, new RegExp(htmlMsg('form.required')));
    });

    it('goes to a local ?next= path after signing in', async () => {
      const user = await createUser(t.app);
      const page = await request(t.http).get('/login?next=%2Fadvisories%2FMS04-044%2Fthread%3Fpage%3D2').expect(200);
      assert.equal(inputValue(page.text, 'next'), '/advisories/MS04-044/thread?page=2');
      const g = { cookie: sessionCookie(page), csrf: csrfFrom(page.text) };
      const res = await submit(t.http, g, '/login', {
        username: user.username,
        password: TEST_PASSWORD,
        next: '/advisories/MS04-044/thread?page=2',
      }).expect(303);
      assert.equal(res.headers.location, '/advisories/MS04-044/thread?page=2');
    });

    it('ignores a ?next= that leaves the site and goes to /', async () => {
      const user = await createUser(t.app);
      for (const next of ['//evil.example', '/\\evil.example', 'https:evil.example', '%2F%2Fevil.example', 'https://evil.example/']) {
        const page = await request(t.http)
          .get(`/login?next=${encodeURIComponent(next)}`)
          .expect(200);
        assert.equal(inputValue(page.text, 'next'), undefined, `the form does not carry ${next}`);
        const g = { cookie: sessionCookie(page), csrf: csrfFrom(page.text) };
        const res = await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD, next }).expect(303);
        assert.equal(res.headers.location, '/', next);
      }
    });
  });

  describe('logout', () => {
    it('POST /logout signs out: 303 to /, the old cookie is a guest and the session row is gone', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      assert.equal(await t.em().count(Session, { userId: user.id }), 1);
      await submit(t.http, b, '/logout', {}).expect(303).expect('Location', '/');
      assert.equal(await whoIs(t.http, b.cookie), null, 'replaying the cookie shows a guest');
      assert.equal(await t.em().count(Session, { sid: sidOf(b.cookie) }), 0);
      assert.equal(await t.em().count(Session, { userId: user.id }), 0);
    });

    it('ends only this session: another browser of the same member stays signed in', async () => {
      const user = await createUser(t.app);
      const here = await login(t.http, user.username);
      const there = await login(t.http, user.username);
      await submit(t.http, here, '/logout', {}).expect(303);
      assert.equal(await whoIs(t.http, here.cookie), null);
      assert.equal(await whoIs(t.http, there.cookie), user.username);
    });

    it('GET /logout does not sign out', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      const res = await request(t.http).get('/logout').set('Cookie', b.cookie);
      assert.ok(res.status === 404 || res.status === 405, `GET /logout → ${res.status}`);
      assert.equal(await whoIs(t.http, b.cookie), user.username);
    });
  });

  describe('session cookie', () => {
    it('is HttpOnly, SameSite=Lax, Path=/, not Secure over plain http in development, and expires after the idle time', async () => {
      const res = await request(t.http).get('/login').expect(200);
      const line = sessionSetCookie(res)!;
      assert.match(line, /^hfr_session=s%3A[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
      assert.doesNotMatch(line, /Secure|Domain/i);
      const expires = Date.parse(/Expires=([^;]+)/.exec(line)![1]);
      const idle = t.config.sessions.idleSeconds * 1000;
      assert.ok(Math.abs(expires - (Date.now() + idle)) < 5000, 'Expires is now + the idle time');

      const user = await createUser(t.app);
      const g = { cookie: sessionCookie(res), csrf: csrfFrom(res.text) };
      const signed = await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD }).expect(303);
      assert.match(sessionSetCookie(signed)!, /; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    });

    it('gives a guest no session until a form needs one', async () => {
      const res = await request(t.http).get('/').expect(200);
      assert.equal(sessionSetCookie(res), undefined);
    });

    describe('in production behind an HTTPS proxy', () => {
      let p: TestApp;
      const https = { 'X-Forwarded-Proto': 'https' };
      before(async () => {
        p = await appWith({ env: 'production', trustProxy: true });
      });
      after(() => p.close());

      it('is named __Host-hfr_session and is Secure, HttpOnly, SameSite=Lax, Path=/ with no Domain', async () => {
        const res = await request(p.http).get('/login').set(https).expect(200);
        assert.equal(sessionSetCookie(res, 'hfr_session'), undefined);
        const line = sessionSetCookie(res, '__Host-hfr_session');
        assert.ok(line, JSON.stringify(setCookies(res)));
        assert.match(line, /^__Host-hfr_session=s%3A[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
        assert.doesNotMatch(line, /Domain/i);
      });

      it('keeps the flags on the signed-in session', async () => {
        const user = await createUser(p.app);
        const g = await guest(p.http, https);
        const res = await submit(p.http, g, '/login', { username: user.username, password: TEST_PASSWORD }, https).expect(303);
        assert.match(sessionSetCookie(res, '__Host-hfr_session')!, /; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
        const cookie = sessionCookie(res, '__Host-hfr_session');
        assert.equal(await whoIs(p.http, cookie, https), user.username);
      });

      it('never sends the cookie over plain http', async () => {
        const res = await request(p.http).get('/login').expect(200);
        assert.deepEqual(
          setCookies(res).filter((c) => /hfr_session/.test(c)),
          [],
        );
      });
    });
  });

  describe('time-outs', () => {
    describe('idle', () => {
      let s: TestApp;
      before(async () => {
        s = await appWith({ sessions: { idleSeconds: 2, absoluteSeconds: 3600 } });
      });
      after(() => s.close());

      it('makes the viewer a guest after the idle time without requests', async () => {
        const user = await createUser(s.app);
        const b = await login(s.http, user.username);
        assert.equal(await whoIs(s.http, b.cookie), user.username);
        await sleep(2500);
        assert.equal(await whoIs(s.http, b.cookie), null);
        assert.equal(await s.em().count(Session, { sid: sidOf(b.cookie), expiresAt: { $gt: new Date() } }), 0);
      });

      it('keeps an active session alive past the idle time (each request restarts it)', async () => {
        const user = await createUser(s.app);
        const b = await login(s.http, user.username);
        const first = (await s.em().findOneOrFail(Session, { sid: sidOf(b.cookie) })).expiresAt.getTime();
        for (let i = 0; i < 3; i++) {
          await sleep(1000);
          assert.equal(await whoIs(s.http, b.cookie), user.username, `after ${i + 1} s`);
        }
        const later = (await s.em().findOneOrFail(Session, { sid: sidOf(b.cookie) })).expiresAt.getTime();
        assert.ok(later > first + 2000, 'the row expiry moved forward');
      });
    });

    describe('absolute', () => {
      let s: TestApp;
      before(async () => {
        s = await appWith({ sessions: { idleSeconds: 3600, absoluteSeconds: 2 } });
      });
      after(() => s.close());

      it('makes the viewer a guest after the absolute time, however active, and drops the session', async () => {
        const user = await createUser(s.app);
        const b = await login(s.http, user.username);
        await sleep(1100);
        assert.equal(await whoIs(s.http, b.cookie), user.username, 'still signed in within the limit');
        await sleep(1100);
        assert.equal(await whoIs(s.http, b.cookie), null, 'a guest past the limit despite activity');
        assert.equal(await s.em().count(Session, { userId: user.id }), 0);
        // Signing in again starts a new period.
        const again = await login(s.http, user.username);
        assert.equal(await whoIs(s.http, again.cookie), user.username);
      });
    });
  });

  describe('CSRF', () => {
    const foreign = { Origin: EVIL };

    /** The three forgeries: no token, another session's token, and the right token from a foreign page. */
    async function forgeries(b: Browser, path: string, fields: Record<string, string>) {
      const other = await guest(t.http);
      const attempts = [
        postForm(t.http, path, b.cookie, fields),
        postForm(t.http, path, b.cookie, { _csrf: other.csrf, ...fields }),
        postForm(t.http, path, b.cookie, { _csrf: b.csrf, ...fields }, foreign),
        postForm(t.http, path, b.cookie, { _csrf: b.csrf, ...fields }, { Referer: `${EVIL}/page` }),
      ];
      for (const [i, attempt] of attempts.entries()) {
        const res = await attempt;
        assert.equal(res.status, 403, `forgery ${i} on ${path}`);
        assert.match(res.text, new RegExp(htmlMsg('error.403.title')));
        assertSameSession(res, b.cookie, `forgery ${i} on ${path} kept the session`);
      }
    }

    it('POST /login: refused, and the browser stays a guest', async () => {
      const user = await createUser(t.app);
      const g = await guest(t.http);
      await forgeries(g, '/login', { username: user.username, password: TEST_PASSWORD });
      assert.equal(await whoIs(t.http, g.cookie), null);
      assert.equal(await t.em().count(Session, { userId: user.id }), 0);
    });

    it('POST /register: refused, and no one is created', async () => {
      const before = await userCount(t);
      const g = await guest(t.http);
      await forgeries(g, '/register', { username: 'forged_member', email: 'forged@example.test', password: 'twelve chars and more' });
      assert.equal(await userCount(t), before);
      assert.equal(await whoIs(t.http, g.cookie), null);
    });

    it('POST /logout: refused, and the member stays signed in', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      await forgeries(b, '/logout', {});
      assert.equal(await whoIs(t.http, b.cookie), user.username);
      assert.equal(await t.em().count(Session, { sid: sidOf(b.cookie) }), 1);
    });

    it('POST /account/password: refused, and the password is unchanged', async () => {
      const user = await createUser(t.app);
      const hash = await passwordHashOf(t, user.id);
      const b = await login(t.http, user.username);
      await forgeries(b, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: 'on' });
      assert.equal(await passwordHashOf(t, user.id), hash);
      assert.equal(await whoIs(t.http, b.cookie), user.username);
      await login(t.http, user.username, TEST_PASSWORD);
    });

    it('accepts the right token from the site itself (own origin or the configured public address)', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      await submit(t.http, b, '/logout', {}, { Origin: t.config.publicBaseUrl }).expect(303);
      const g = await guest(t.http);
      await submit(
        t.http,
        g,
        '/login',
        { username: user.username, password: TEST_PASSWORD },
        { Referer: `${t.config.publicBaseUrl}/login` },
      ).expect(303);
    });

    it('the guest token stops working once signed in (a new token comes with the new session)', async () => {
      const user = await createUser(t.app);
      const g = await guest(t.http);
      const res = await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD }).expect(303);
      const cookie = sessionCookie(res);
      const page = await request(t.http).get('/').set('Cookie', cookie).expect(200);
      assert.notEqual(csrfFrom(page.text), g.csrf);
      await postForm(t.http, '/logout', cookie, { _csrf: g.csrf }).expect(403);
      assert.equal(await whoIs(t.http, cookie), user.username);
    });
  });

  describe('password change', () => {
    it('is for members only: a guest gets 401', async () => {
      const res = await request(t.http).get('/account/password').expect(401);
      assert.match(res.text, new RegExp(htmlMsg('error.401.title')));
      // The page offers sign-in, and back to where the reader was (query included).
      assert.match(res.text, /<a class="button" href="\/login\?next(?:=|&#x3D;)%2Faccount%2Fpassword">ログインして続ける<\/a>/);
      const withQuery = await request(t.http).get('/notifications?before=5').expect(401);
      assert.match(withQuery.text, /href="\/login\?next(?:=|&#x3D;)%2Fnotifications%3Fbefore%3D5"/);
      const g = await guest(t.http);
      const refused = await submit(t.http, g, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(
        401,
      );
      assert.match(refused.text, /<a class="button" href="\/login">/);
    });

    it('shows a valid form to a member', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      const res = await request(t.http).get('/account/password').set('Cookie', b.cookie).expect(200);
      assert.deepEqual(formFields(res.text, '/account/password').sort(), ['_csrf', 'currentPassword', 'endOtherSessions', 'newPassword']);
      await assertValidHtml(res.text, 'password');
    });

    it('refuses a wrong current password with a reason and changes nothing', async () => {
      const user = await createUser(t.app);
      const hash = await passwordHashOf(t, user.id);
      const b = await login(t.http, user.username);
      const res = await submit(t.http, b, '/account/password', { currentPassword: 'not my password', newPassword: NEW_PASSWORD }).expect(
        422,
      );
      assert.match(res.text, new RegExp(`<p class="field-error" id="pw-current-error">${htmlMsg('password.wrong')}</p>`));
      assert.ok(!res.text.includes('not my password') && !res.text.includes(NEW_PASSWORD), 'no password echoed');
      assert.equal(await passwordHashOf(t, user.id), hash);
    });

    it('refuses a new password that is too short and changes nothing', async () => {
      const user = await createUser(t.app);
      const hash = await passwordHashOf(t, user.id);
      const b = await login(t.http, user.username);
      const res = await submit(t.http, b, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'elevenchars' }).expect(422);
      assert.match(res.text, new RegExp(`<p class="field-error" id="pw-new-error">${htmlMsg('password.length')}</p>`));
      assert.equal(await passwordHashOf(t, user.id), hash);
    });

    it('changes the password: the old one no longer logs in, the new one does', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      const res = await submit(t.http, b, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
      assert.match(res.text, new RegExp(htmlMsg('auth.password.changed')));
      assert.equal(await whoIs(t.http, b.cookie), user.username, 'this browser stays signed in');
      const g = await guest(t.http);
      await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD }).expect(422);
      await login(t.http, user.username, NEW_PASSWORD);
    });

    it('with endOtherSessions=on, signs out the member’s other browsers but not this one', async () => {
      const user = await createUser(t.app);
      const here = await login(t.http, user.username);
      const there = await login(t.http, user.username);
      const bystander = await signedInOther();
      const res = await submit(t.http, here, '/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        endOtherSessions: 'on',
      }).expect(200);
      assert.match(res.text, new RegExp(htmlMsg('auth.password.changed')));
      assert.match(res.text, new RegExp(htmlMsg('auth.password.ended', { count: 1 })));
      assert.equal(await whoIs(t.http, there.cookie), null);
      assert.equal(await whoIs(t.http, here.cookie), user.username);
      assert.equal(await t.em().count(Session, { userId: user.id }), 1);
      assert.equal(await whoIs(t.http, bystander.cookie), bystander.username, 'other members are not touched');
    });

    it('without endOtherSessions, the other browsers stay signed in', async () => {
      const user = await createUser(t.app);
      const here = await login(t.http, user.username);
      const there = await login(t.http, user.username);
      await submit(t.http, here, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
      assert.equal(await whoIs(t.http, there.cookie), user.username);
      assert.equal(await whoIs(t.http, here.cookie), user.username);
    });

    async function signedInOther(): Promise<Browser & { username: string }> {
      const other = await createUser(t.app);
      return { ...(await login(t.http, other.username)), username: other.username };
    }
  });

  describe('suspended accounts', () => {
    const future = () => new Date(Date.UTC(2099, 0, 2, 3, 0, 0));

    it('refuses the right password with 403 and shows until when and why', async () => {
      const user = await createUser(t.app);
      await t
        .em()
        .nativeUpdate(User, { id: user.id }, { state: AccountState.Suspended, stateUntil: future(), stateReason: '宣伝目的の連続投稿' });
      const g = await guest(t.http);
      const res = await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD }).expect(403);
      assert.match(res.text, new RegExp(htmlMsg('auth.suspendedUntil')));
      assert.match(res.text, /2099年1月2日/);
      assert.match(res.text, new RegExp(`${htmlMsg('auth.reason')}: 宣伝目的の連続投稿`));
      assertSameSession(res, g.cookie);
      assert.equal(await whoIs(t.http, g.cookie), null);
      assert.equal(await t.em().count(Session, { userId: user.id }), 0);
    });

    it('says the suspension has no end when stateUntil is empty', async () => {
      const user = await createUser(t.app);
      await t.em().nativeUpdate(User, { id: user.id }, { state: AccountState.Suspended, stateUntil: null, stateReason: null });
      const g = await guest(t.http);
      const res = await submit(t.http, g, '/login', { username: user.username, password: TEST_PASSWORD }).expect(403);
      assert.match(res.text, new RegExp(htmlMsg('auth.suspended')));
      assert.doesNotMatch(res.text, new RegExp(htmlMsg('auth.reason')));
    });

    it('does not reveal the suspension to a wrong password', async () => {
      const user = await createUser(t.app);
      await t
        .em()
        .nativeUpdate(User, { id: user.id }, { state: AccountState.Suspended, stateUntil: future(), stateReason: 'secret reason' });
      const g = await guest(t.http);
      const res = await submit(t.http, g, '/login', { username: user.username, password: 'not the password' }).expect(422);
      assert.match(res.text, new RegExp(htmlMsg('auth.login.failed')));
      assert.doesNotMatch(res.text, /secret reason/);
    });

    it('signs out an existing session on its next request', async () => {
      const user = await createUser(t.app);
      const b = await login(t.http, user.username);
      await t.em().nativeUpdate(User, { id: user.id }, { state: AccountState.Suspended, stateUntil: future(), stateReason: 'spam' });
      assert.equal(await whoIs(t.http, b.cookie), null);
      await request(t.http).get('/account/password').set('Cookie', b.cookie).expect(401);
      await submit(t.http, b, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect((res) => {
        assert.ok(res.status === 401 || res.status === 403, `→ ${res.status}`);
      });
    });

    it('no longer blocks login once stateUntil has passed', async () => {
      const user = await createUser(t.app);
      await t
        .em()
        .nativeUpdate(
          User,
          { id: user.id },
          { state: AccountState.Suspended, stateUntil: new Date(Date.now() - 60_000), stateReason: 'over' },
        );
      const b = await login(t.http, user.username);
      assert.equal(await whoIs(t.http, b.cookie), user.username);
    });
  });

  describe('rate limits', () => {
    describe('failed logins per IP', () => {
      let r: TestApp;
      before(async () => {
        r = await appWith({ trustProxy: true, rateLimits: generousLimits({ loginPerIp: rule(3) }) });
      });
      after(() => r.close());

      const from = (ip: string) => ({ 'X-Forwarded-For': ip });

      it('answers 429 with a readable page and Retry-After after the limit, even to the right password', async () => {
        const user = await createUser(r.app);
        const ip = from('198.51.100.1');
        const g = await guest(r.http);
        for (let i = 0; i < 3; i++) await submit(r.http, g, '/login', { username: user.username, password: `wrong ${i}` }, ip).expect(422);
        const limited = await submit(r.http, g, '/login', { username: user.username, password: 'wrong again' }, ip).expect(429);
        assert.match(limited.headers['content-type'], /text\/html/);
        assert.match(limited.text, new RegExp(htmlMsg('error.429.title')));
        assert.match(limited.text, new RegExp(htmlMsg('error.429.message')));
        const retry = Number(limited.headers['retry-after']);
        assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After: ${limited.headers['retry-after']}`);

        const right = await submit(r.http, g, '/login', { username: user.username, password: TEST_PASSWORD }, ip).expect(429);
        assertSameSession(right, g.cookie);
        assert.equal(await whoIs(r.http, g.cookie), null);
        // Another address is not affected.
        await submit(r.http, g, '/login', { username: user.username, password: TEST_PASSWORD }, from('198.51.100.2')).expect(303);
      });

      it('counts failures, not attempts: successful logins do not use up the allowance', async () => {
        const user = await createUser(r.app);
        const ip = from('198.51.100.3');
        for (let i = 0; i < 5; i++) await login(r.http, user.username, TEST_PASSWORD, ip);
      });

      it('cannot be outrun by sending many wrong passwords at once', async () => {
        const user = await createUser(r.app);
        const ip = from('198.51.100.4');
        const browsers = await Promise.all(Array.from({ length: 8 }, () => guest(r.http)));
        const answers = await Promise.all(
          browsers.map((b, i) => submit(r.http, b, '/login', { username: user.username, password: `burst ${i}` }, ip)),
        );
        const statuses = answers.map((a) => a.status).sort();
        assert.ok(
          statuses.every((s) => s === 422 || s === 429),
          statuses.join(),
        );
        assert.ok(statuses.filter((s) => s === 422).length <= 3, `at most 3 passwords checked, got ${statuses.join()}`);
        const g = await guest(r.http);
        await submit(r.http, g, '/login', { username: user.username, password: TEST_PASSWORD }, ip).expect(429);
      });
    });

    describe('failed logins per username', () => {
      let r: TestApp;
      before(async () => {
        r = await appWith({ trustProxy: true, rateLimits: generousLimits({ loginPerUser: rule(3) }) });
      });
      after(() => r.close());

      const from = (i: number) => ({ 'X-Forwarded-For': `203.0.113.${i}` });

      it('trips across different IPs and then refuses even the right password', async () => {
        const user = await createUser(r.app);
        const g = await guest(r.http);
        for (let i = 1; i <= 3; i++)
          await submit(r.http, g, '/login', { username: user.username, password: `wrong ${i}` }, from(i)).expect(422);
        const limited = await submit(r.http, g, '/login', { username: user.username, password: 'wrong 4' }, from(4)).expect(429);
        assert.ok(Number(limited.headers['retry-after']) > 0);
        await submit(r.http, g, '/login', { username: user.username, password: TEST_PASSWORD }, from(5)).expect(429);
        assert.equal(await whoIs(r.http, g.cookie), null);
        // Other members behind the same addresses are not affected.
        const other = await createUser(r.app);
        await login(r.http, other.username, TEST_PASSWORD, from(4));
      });

      it('counts the name as folded: case and width variants share one allowance', async () => {
        const user = await createUser(r.app);
        const g = await guest(r.http);
        const variants = [user.username, user.username.toUpperCase(), fullWidthUpper(user.username)];
        for (const [i, variant] of variants.entries()) {
          await submit(r.http, g, '/login', { username: variant, password: 'wrong' }, from(10 + i)).expect(422);
        }
        await submit(r.http, g, '/login', { username: user.username, password: TEST_PASSWORD }, from(20)).expect(429);
      });

      it('starts the count again after a successful login', async () => {
        const user = await createUser(r.app);
        const g = await guest(r.http);
        for (let round = 0; round < 2; round++) {
          for (let i = 0; i < 2; i++)
            await submit(r.http, g, '/login', { username: user.username, password: 'wrong' }, from(30 + i)).expect(422);
          await login(r.http, user.username, TEST_PASSWORD, from(40));
        }
      });
    });

    describe('wrong current passwords on the password page', () => {
      let r: TestApp;
      before(async () => {
        r = await appWith({ rateLimits: generousLimits({ loginPerUser: rule(2) }) });
      });
      after(() => r.close());

      it('limits guesses from a signed-in session as the login form does', async () => {
        const user = await createUser(r.app);
        const hash = await passwordHashOf(r, user.id);
        const b = await login(r.http, user.username);
        for (let i = 0; i < 2; i++)
          await submit(r.http, b, '/account/password', { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD }).expect(422);
        const res = await submit(r.http, b, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(429);
        assert.ok(Number(res.headers['retry-after']) > 0);
        assert.equal(await passwordHashOf(r, user.id), hash);
      });
    });

    describe('registrations per IP', () => {
      let r: TestApp;
      before(async () => {
        r = await appWith({ trustProxy: true, rateLimits: generousLimits({ registerPerIp: rule(2, 3600) }) });
      });
      after(() => r.close());

      it('answers 429 past the limit and creates no one beyond it', async () => {
        const ip = { 'X-Forwarded-For': '192.0.2.10' };
        for (let i = 1; i <= 2; i++) {
          const g = await guest(r.http);
          await submit(
            r.http,
            g,
            '/register',
            { username: `burst${i}`, email: `burst${i}@example.test`, password: 'twelve chars and more' },
            ip,
          ).expect(303);
        }
        const before = await userCount(r);
        const g = await guest(r.http);
        const res = await submit(
          r.http,
          g,
          '/register',
          { username: 'burst3', email: 'burst3@example.test', password: 'twelve chars and more' },
          ip,
        ).expect(429);
        assert.match(res.text, new RegExp(htmlMsg('error.429.title')));
        assert.ok(Number(res.headers['retry-after']) > 0);
        assert.equal(await userCount(r), before);
        assert.equal(await r.em().count(User, { email: 'burst3@example.test' }), 0);
        assert.equal(await whoIs(r.http, g.cookie), null);
        // Someone else is not held up.
        await submit(
          r.http,
          g,
          '/register',
          { username: 'burst3', email: 'burst3@example.test', password: 'twelve chars and more' },
          { 'X-Forwarded-For': '192.0.2.11' },
        ).expect(303);
      });
    });
  });
});
