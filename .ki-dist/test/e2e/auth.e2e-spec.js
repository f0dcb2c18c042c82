"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const promises_1 = require("node:timers/promises");
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const session_entity_1 = require("../../src/auth/session.entity");
const viewer_1 = require("../../src/policy/viewer");
const i18n_1 = require("../../src/common/i18n/i18n");
const config_1 = require("../../src/config/config");
const user_entity_1 = require("../../src/users/user.entity");
const user_factory_1 = require("../factories/user.factory");
const html_1 = require("../support/html");
const test_app_1 = require("../support/test-app");
const DEFAULTS = (0, config_1.loadConfig)({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false' }, (0, config_1.findRootDir)(__dirname));
const rule = (limit, windowSeconds = 900) => ({ limit, windowSeconds });
function limits(over = {}) {
    return { ...DEFAULTS.rateLimits, loginPerIp: rule(10_000), loginPerUser: rule(10_000), registerPerIp: rule(10_000, 3600), ...over };
}
function appWith(over = {}) {
    return (0, test_app_1.createTestApp)({ rateLimits: limits(), ...over });
}
const EVIL = 'https://evil.example';
const NEW_PASSWORD = 'a brand new passphrase';
function msg(key, params = {}) {
    const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
    return (0, i18n_1.translate)('ja', key, params).replace(/[&<>"'`=]/g, (ch) => escapes[ch]);
}
function setCookies(res) {
    return res.headers['set-cookie'] ?? [];
}
function sessionSetCookie(res, name = 'hfr_session') {
    return setCookies(res).find((c) => c.startsWith(`${name}=`));
}
function sessionCookie(res, name = 'hfr_session') {
    const line = sessionSetCookie(res, name);
    strict_1.default.ok(line, `expected a ${name} cookie, got ${JSON.stringify(setCookies(res))}`);
    return line.split(';')[0];
}
function sidOf(cookie) {
    const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
    strict_1.default.ok(value.startsWith('s:'), `not a signed session cookie: ${cookie}`);
    return value.slice(2, value.lastIndexOf('.'));
}
function assertSameSession(res, before, label = 'no new session') {
    const line = setCookies(res).find((c) => c.startsWith(before.slice(0, before.indexOf('=') + 1)));
    if (line)
        strict_1.default.equal(sidOf(line.split(';')[0]), sidOf(before), label);
}
async function guest(http, headers = {}) {
    const res = await (0, supertest_1.default)(http).get('/login').set(headers).expect(200);
    return { cookie: sessionCookie(res, cookieNameIn(res)), csrf: (0, user_factory_1.csrfFrom)(res.text) };
}
function cookieNameIn(res) {
    return sessionSetCookie(res, '__Host-hfr_session') ? '__Host-hfr_session' : 'hfr_session';
}
function postForm(http, path, cookie, fields, headers = {}) {
    const req = (0, supertest_1.default)(http).post(path).type('form').set(headers);
    if (cookie)
        req.set('Cookie', cookie);
    return req.send(new URLSearchParams(fields).toString());
}
function submit(http, browser, path, fields, headers = {}) {
    return postForm(http, path, browser.cookie, { _csrf: browser.csrf, ...fields }, headers);
}
async function login(http, username, password = user_factory_1.TEST_PASSWORD, headers = {}) {
    const g = await guest(http, headers);
    const res = await submit(http, g, '/login', { username, password }, headers).expect(303);
    const cookie = sessionCookie(res, cookieNameIn(res));
    const page = await (0, supertest_1.default)(http).get('/').set(headers).set('Cookie', cookie).expect(200);
    return { cookie, csrf: (0, user_factory_1.csrfFrom)(page.text) };
}
function viewerIn(html) {
    const header = /<header class="site-header">[\s\S]*?<\/header>/.exec(html)?.[0];
    strict_1.default.ok(header, 'page has no site header');
    const name = /<a href="\/users\/[^"]*">([^<]*)<\/a>/.exec(header)?.[1] ?? null;
    const logout = /<form[^>]*method="post" action="\/logout"/.test(header);
    strict_1.default.equal(logout, name !== null, 'a signed-in header has both the name and the logout form; a guest header has neither');
    if (name === null)
        strict_1.default.match(header, /href="\/login/);
    return name;
}
async function whoIs(http, cookie, headers = {}) {
    const req = (0, supertest_1.default)(http).get('/').set(headers);
    if (cookie)
        req.set('Cookie', cookie);
    return viewerIn((await req.expect(200)).text);
}
function formFields(html, action) {
    const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
    strict_1.default.ok(form, `no form posting to ${action}`);
    return [...form.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]);
}
function inputValue(html, name) {
    const tag = new RegExp(`<input[^>]*\\sname="${name}"[^>]*>`).exec(html)?.[0];
    const raw = tag && /\svalue="([^"]*)"/.exec(tag)?.[1];
    return raw?.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
async function passwordHashOf(t, id) {
    return (await t.em().findOneOrFail(user_entity_1.User, { id }, { populate: ['passwordHash'] })).passwordHash;
}
const userCount = (t) => t.em().count(user_entity_1.User, {});
function fullWidthUpper(name) {
    return [...name.toUpperCase()].map((ch) => (ch >= '!' && ch <= '~' ? String.fromCodePoint(ch.codePointAt(0) + 0xfee0) : ch)).join('');
}
(0, node_test_1.describe)('accounts', () => {
    let t;
    (0, node_test_1.before)(async () => {
        t = await appWith();
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.describe)('registration', () => {
        let n = 0;
        const fresh = () => {
            n++;
            return { username: `newcomer${n}`, email: `newcomer${n}@example.test`, password: 'twelve chars and more' };
        };
        async function register(fields, status) {
            const g = await guest(t.http);
            return submit(t.http, g, '/register', fields).expect(status);
        }
        async function assertRefused(fields, reasons) {
            const before = await userCount(t);
            const sameEmail = await t.em().count(user_entity_1.User, { email: fields.email.trim().toLowerCase() });
            const res = await register(fields, 422);
            strict_1.default.match(res.text, new RegExp(msg('form.hasErrors')));
            for (const [field, key] of Object.entries(reasons)) {
                const id = `register-${field}-error`;
                const shown = new RegExp(`<p class="field-error" id="${id}">([^<]*)</p>`).exec(res.text)?.[1];
                strict_1.default.equal(shown, msg(key), `${field}: expected ${key}`);
                strict_1.default.match(res.text, new RegExp(`aria-describedby="[^"]*${id}`), `${field} points at its error`);
            }
            strict_1.default.equal(inputValue(res.text, 'username'), fields.username);
            strict_1.default.equal(inputValue(res.text, 'email'), fields.email);
            strict_1.default.equal(inputValue(res.text, 'password'), undefined, 'the password field is empty');
            if (fields.password)
                strict_1.default.ok(!res.text.includes(fields.password), 'the password is not echoed anywhere');
            strict_1.default.equal(await userCount(t), before, 'no user was created');
            strict_1.default.equal(await t.em().count(user_entity_1.User, { email: fields.email.trim().toLowerCase() }), sameEmail);
            return res;
        }
        (0, node_test_1.it)('shows a form with exactly username, email, password and _csrf', async () => {
            const res = await (0, supertest_1.default)(t.http).get('/register').expect(200);
            strict_1.default.deepEqual(formFields(res.text, '/register').sort(), ['_csrf', 'email', 'password', 'username']);
            await (0, html_1.assertValidHtml)(res.text, 'register');
        });
        (0, node_test_1.it)('creates a member, signs them in on a new session and sends them to their page', async () => {
            const g = await guest(t.http);
            const form = fresh();
            const res = await submit(t.http, g, '/register', { ...form, email: 'NewComer@Example.TEST' }).expect(303);
            strict_1.default.equal(res.headers.location, `/users/${form.username}`);
            const cookie = sessionCookie(res);
            strict_1.default.notEqual(sidOf(cookie), sidOf(g.cookie), 'signing up starts a new session id');
            const page = (await (0, supertest_1.default)(t.http).get('/').set('Cookie', cookie).expect(200)).text;
            strict_1.default.equal(viewerIn(page), form.username);
            strict_1.default.match(page, /<form class="inline-form" method="post" action="\/logout">\s*<input type="hidden" name="_csrf" value="[^"]+">/);
            strict_1.default.equal(await whoIs(t.http, g.cookie), null, 'the pre-registration session is not signed in');
            const user = await t.em().findOneOrFail(user_entity_1.User, { username: form.username }, { populate: ['passwordHash'] });
            strict_1.default.equal(user.email, 'newcomer@example.test', 'e-mail lower-cased');
            strict_1.default.equal(user.role, 'subscriber');
            strict_1.default.equal(user.state, user_entity_1.AccountState.Active);
            strict_1.default.match(user.passwordHash, /^\$argon2id\$/);
            strict_1.default.ok(!user.passwordHash.includes(form.password));
            strict_1.default.equal((await t.em().findOneOrFail(session_entity_1.Session, { sid: sidOf(cookie) })).userId, user.id);
        });
        (0, node_test_1.it)('accepts Japanese usernames and signs in with them', async () => {
            const res = await register({ username: '田中太郎', email: 'tanaka@example.test', password: 'twelve chars and more' }, 303);
            strict_1.default.equal(res.headers.location, `/users/${encodeURIComponent('田中太郎')}`);
            strict_1.default.equal(await whoIs(t.http, sessionCookie(res)), '田中太郎');
            const user = await t.em().findOneOrFail(user_entity_1.User, { email: 'tanaka@example.test' });
            strict_1.default.equal(user.username, '田中太郎');
            const again = await login(t.http, '田中太郎', 'twelve chars and more');
            strict_1.default.equal(await whoIs(t.http, again.cookie), '田中太郎');
        });
        (0, node_test_1.it)('refuses a password of 11 characters', async () => {
            await assertRefused({ ...fresh(), password: 'elevenchars' }, { password: 'password.length' });
        });
        (0, node_test_1.it)('refuses a password of 129 characters', async () => {
            await assertRefused({ ...fresh(), password: 'p'.repeat(129) }, { password: 'password.length' });
        });
        (0, node_test_1.it)('accepts passwords of exactly 12 and 128 characters', async () => {
            for (const password of ['twelve-chars', 'q'.repeat(128)]) {
                await register({ ...fresh(), password }, 303);
            }
        });
        (0, node_test_1.it)('refuses a malformed e-mail address', async () => {
            for (const email of ['not-an-address', 'two@@example.test', 'spaces in@example.test']) {
                await assertRefused({ ...fresh(), email }, { email: 'email.invalid' });
            }
        });
        (0, node_test_1.it)('gives one reason per bad field at once', async () => {
            await assertRefused({ ...fresh(), username: 'x', email: 'not-an-address', password: 'short' }, { username: 'username.length', email: 'email.invalid', password: 'password.length' });
        });
        (0, node_test_1.it)('refuses usernames shorter than 3 or longer than 32 characters', async () => {
            await assertRefused({ ...fresh(), username: 'ab' }, { username: 'username.length' });
            await assertRefused({ ...fresh(), username: 'a'.repeat(33) }, { username: 'username.length' });
            await register({ ...fresh(), username: '𠮷𠮷𠮷' }, 303);
        });
        (0, node_test_1.it)('refuses usernames hiding a zero-width space or a right-to-left override', async () => {
            await assertRefused({ ...fresh(), username: 'tanaka\u200Bjiro' }, { username: 'username.invisible' });
            await assertRefused({ ...fresh(), username: 'invoice\u202Efdp.exe' }, { username: 'username.invisible' });
            await assertRefused({ ...fresh(), username: 'ab\u200B' }, { username: 'username.invisible' });
        });
        (0, node_test_1.it)('refuses reserved names, in any case, script or language', async () => {
            for (const username of ['Admin', '\u0430dmin', '管理者', 'ＡＤＭＩＮ', 'ad-min']) {
                await assertRefused({ ...fresh(), username }, { username: 'username.reserved' });
            }
        });
        (0, node_test_1.it)('refuses a username that only differs from a taken one by case, width or look-alike letters', async () => {
            const taken = await (0, user_factory_1.createUser)(t.app);
            const cyrillic = taken.username.replace('e', '\u0435');
            strict_1.default.notEqual(cyrillic, taken.username);
            for (const username of [taken.username, taken.username.toUpperCase(), fullWidthUpper(taken.username), cyrillic]) {
                await assertRefused({ ...fresh(), username }, { username: 'username.taken' });
            }
        });
        (0, node_test_1.it)('refuses an e-mail address already registered, whatever its case', async () => {
            const taken = await (0, user_factory_1.createUser)(t.app);
            await assertRefused({ ...fresh(), email: taken.email.toUpperCase() }, { email: 'email.taken' });
        });
        (0, node_test_1.it)('escapes what it puts back into the form', async () => {
            const res = await assertRefused({ ...fresh(), username: '"><script>alert(1)</script>' }, { username: 'username.characters' });
            strict_1.default.ok(!res.text.includes('<script>alert(1)</script>'));
        });
        (0, node_test_1.it)('refuses forms that also try to set role or state, and creates no one', async () => {
            const before = await userCount(t);
            for (const extra of [{ role: 'admin' }, { state: 'active' }, { 'role[x]': '1' }, { postCount: '999' }]) {
                const form = fresh();
                const res = await register({ ...form, ...extra }, 422);
                strict_1.default.match(res.text, new RegExp(msg('form.hasErrors')));
                strict_1.default.match(res.text, new RegExp(msg('form.unknownField')), 'the page says why');
                strict_1.default.equal(await t.em().count(user_entity_1.User, { username: form.username }), 0, JSON.stringify(extra));
            }
            const g = await guest(t.http);
            const form = fresh();
            await (0, supertest_1.default)(t.http)
                .post('/register')
                .set('Cookie', g.cookie)
                .set('X-CSRF-Token', g.csrf)
                .send({ ...form, role: 'admin' })
                .expect(422);
            strict_1.default.equal(await userCount(t), before, 'no user was created');
            strict_1.default.equal(await t.em().count(user_entity_1.User, { role: viewer_1.Role.Admin }), 0);
        });
    });
    (0, node_test_1.describe)('login', () => {
        (0, node_test_1.it)('shows a valid login form', async () => {
            const res = await (0, supertest_1.default)(t.http).get('/login').expect(200);
            strict_1.default.deepEqual(formFields(res.text, '/login').sort(), ['_csrf', 'password', 'username']);
            await (0, html_1.assertValidHtml)(res.text, 'login');
        });
        (0, node_test_1.it)('answers a wrong password and an unknown user identically', async () => {
            const g = await guest(t.http);
            const username = 'doppel.ganger';
            const unknown = await submit(t.http, g, '/login', { username, password: 'not the password' });
            await (0, user_factory_1.createUser)(t.app, { username, email: 'doppel@example.test' });
            const wrong = await submit(t.http, g, '/login', { username, password: 'not the password' });
            strict_1.default.equal(unknown.status, 422);
            strict_1.default.equal(wrong.status, unknown.status);
            strict_1.default.equal(wrong.text, unknown.text);
            strict_1.default.match(wrong.text, new RegExp(msg('auth.login.failed')));
            strict_1.default.ok(!wrong.text.includes('not the password'), 'the password is not echoed');
            strict_1.default.equal(inputValue(wrong.text, 'username'), username, 'the username is kept');
            assertSameSession(unknown, g.cookie);
            assertSameSession(wrong, g.cookie);
            strict_1.default.equal(await whoIs(t.http, g.cookie), null);
        });
        (0, node_test_1.it)('signs in on a new session id and leaves the old one signed out (no session fixation)', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const g = await guest(t.http);
            const oldSid = sidOf(g.cookie);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { sid: oldSid }), 1, 'the login page stored a guest session');
            const res = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }).expect(303);
            strict_1.default.equal(res.headers.location, '/');
            const cookie = sessionCookie(res);
            strict_1.default.notEqual(sidOf(cookie), oldSid);
            strict_1.default.equal(await whoIs(t.http, cookie), user.username);
            strict_1.default.equal(await whoIs(t.http, g.cookie), null, 'the cookie from before login is not signed in');
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { sid: oldSid }), 0, 'the old session row is gone');
            strict_1.default.equal((await t.em().findOneOrFail(session_entity_1.Session, { sid: sidOf(cookie) })).userId, user.id);
        });
        (0, node_test_1.it)('accepts the username in another case or in full width', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            for (const variant of [user.username.toUpperCase(), fullWidthUpper(user.username)]) {
                const b = await login(t.http, variant);
                strict_1.default.equal(await whoIs(t.http, b.cookie), user.username, variant);
            }
        });
        (0, node_test_1.it)('refuses an empty username or password with a reason', async () => {
            const g = await guest(t.http);
            const res = await submit(t.http, g, '/login', { username: '', password: '' }).expect(422);
            strict_1.default.match(res.text, new RegExp(msg('form.required')));
        });
        (0, node_test_1.it)('goes to a local ?next= path after signing in', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const page = await (0, supertest_1.default)(t.http).get('/login?next=%2Fadvisories%2FMS04-044%2Fthread%3Fpage%3D2').expect(200);
            strict_1.default.equal(inputValue(page.text, 'next'), '/advisories/MS04-044/thread?page=2');
            const g = { cookie: sessionCookie(page), csrf: (0, user_factory_1.csrfFrom)(page.text) };
            const res = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD, next: '/advisories/MS04-044/thread?page=2' }).expect(303);
            strict_1.default.equal(res.headers.location, '/advisories/MS04-044/thread?page=2');
        });
        (0, node_test_1.it)('ignores a ?next= that leaves the site and goes to /', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            for (const next of ['//evil.example', '/\\evil.example', 'https:evil.example', '%2F%2Fevil.example', 'https://evil.example/']) {
                const page = await (0, supertest_1.default)(t.http).get(`/login?next=${encodeURIComponent(next)}`).expect(200);
                strict_1.default.equal(inputValue(page.text, 'next'), undefined, `the form does not carry ${next}`);
                const g = { cookie: sessionCookie(page), csrf: (0, user_factory_1.csrfFrom)(page.text) };
                const res = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD, next }).expect(303);
                strict_1.default.equal(res.headers.location, '/', next);
            }
        });
    });
    (0, node_test_1.describe)('logout', () => {
        (0, node_test_1.it)('POST /logout signs out: 303 to /, the old cookie is a guest and the session row is gone', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { userId: user.id }), 1);
            await submit(t.http, b, '/logout', {}).expect(303).expect('Location', '/');
            strict_1.default.equal(await whoIs(t.http, b.cookie), null, 'replaying the cookie shows a guest');
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { sid: sidOf(b.cookie) }), 0);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { userId: user.id }), 0);
        });
        (0, node_test_1.it)('ends only this session: another browser of the same member stays signed in', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const here = await login(t.http, user.username);
            const there = await login(t.http, user.username);
            await submit(t.http, here, '/logout', {}).expect(303);
            strict_1.default.equal(await whoIs(t.http, here.cookie), null);
            strict_1.default.equal(await whoIs(t.http, there.cookie), user.username);
        });
        (0, node_test_1.it)('GET /logout does not sign out', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            const res = await (0, supertest_1.default)(t.http).get('/logout').set('Cookie', b.cookie);
            strict_1.default.ok(res.status === 404 || res.status === 405, `GET /logout → ${res.status}`);
            strict_1.default.equal(await whoIs(t.http, b.cookie), user.username);
        });
    });
    (0, node_test_1.describe)('session cookie', () => {
        (0, node_test_1.it)('is HttpOnly, SameSite=Lax, Path=/, not Secure over plain http in development, and expires after the idle time', async () => {
            const res = await (0, supertest_1.default)(t.http).get('/login').expect(200);
            const line = sessionSetCookie(res);
            strict_1.default.match(line, /^hfr_session=s%3A[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
            strict_1.default.doesNotMatch(line, /Secure|Domain/i);
            const expires = Date.parse(/Expires=([^;]+)/.exec(line)[1]);
            const idle = t.config.sessions.idleSeconds * 1000;
            strict_1.default.ok(Math.abs(expires - (Date.now() + idle)) < 5000, 'Expires is now + the idle time');
            const user = await (0, user_factory_1.createUser)(t.app);
            const g = { cookie: sessionCookie(res), csrf: (0, user_factory_1.csrfFrom)(res.text) };
            const signed = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }).expect(303);
            strict_1.default.match(sessionSetCookie(signed), /; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
        });
        (0, node_test_1.it)('gives a guest no session until a form needs one', async () => {
            const res = await (0, supertest_1.default)(t.http).get('/').expect(200);
            strict_1.default.equal(sessionSetCookie(res), undefined);
        });
        (0, node_test_1.describe)('in production behind an HTTPS proxy', () => {
            let p;
            const https = { 'X-Forwarded-Proto': 'https' };
            (0, node_test_1.before)(async () => {
                p = await appWith({ env: 'production', trustProxy: true });
            });
            (0, node_test_1.after)(() => p.close());
            (0, node_test_1.it)('is named __Host-hfr_session and is Secure, HttpOnly, SameSite=Lax, Path=/ with no Domain', async () => {
                const res = await (0, supertest_1.default)(p.http).get('/login').set(https).expect(200);
                strict_1.default.equal(sessionSetCookie(res, 'hfr_session'), undefined);
                const line = sessionSetCookie(res, '__Host-hfr_session');
                strict_1.default.ok(line, JSON.stringify(setCookies(res)));
                strict_1.default.match(line, /^__Host-hfr_session=s%3A[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
                strict_1.default.doesNotMatch(line, /Domain/i);
            });
            (0, node_test_1.it)('keeps the flags on the signed-in session', async () => {
                const user = await (0, user_factory_1.createUser)(p.app);
                const g = await guest(p.http, https);
                const res = await submit(p.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, https).expect(303);
                strict_1.default.match(sessionSetCookie(res, '__Host-hfr_session'), /; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
                const cookie = sessionCookie(res, '__Host-hfr_session');
                strict_1.default.equal(await whoIs(p.http, cookie, https), user.username);
            });
            (0, node_test_1.it)('never sends the cookie over plain http', async () => {
                const res = await (0, supertest_1.default)(p.http).get('/login').expect(200);
                strict_1.default.deepEqual(setCookies(res).filter((c) => /hfr_session/.test(c)), []);
            });
        });
    });
    (0, node_test_1.describe)('time-outs', () => {
        (0, node_test_1.describe)('idle', () => {
            let s;
            (0, node_test_1.before)(async () => {
                s = await appWith({ sessions: { idleSeconds: 2, absoluteSeconds: 3600 } });
            });
            (0, node_test_1.after)(() => s.close());
            (0, node_test_1.it)('makes the viewer a guest after the idle time without requests', async () => {
                const user = await (0, user_factory_1.createUser)(s.app);
                const b = await login(s.http, user.username);
                strict_1.default.equal(await whoIs(s.http, b.cookie), user.username);
                await (0, promises_1.setTimeout)(2500);
                strict_1.default.equal(await whoIs(s.http, b.cookie), null);
                strict_1.default.equal(await s.em().count(session_entity_1.Session, { sid: sidOf(b.cookie), expiresAt: { $gt: new Date() } }), 0);
            });
            (0, node_test_1.it)('keeps an active session alive past the idle time (each request restarts it)', async () => {
                const user = await (0, user_factory_1.createUser)(s.app);
                const b = await login(s.http, user.username);
                const first = (await s.em().findOneOrFail(session_entity_1.Session, { sid: sidOf(b.cookie) })).expiresAt.getTime();
                for (let i = 0; i < 3; i++) {
                    await (0, promises_1.setTimeout)(1000);
                    strict_1.default.equal(await whoIs(s.http, b.cookie), user.username, `after ${i + 1} s`);
                }
                const later = (await s.em().findOneOrFail(session_entity_1.Session, { sid: sidOf(b.cookie) })).expiresAt.getTime();
                strict_1.default.ok(later > first + 2000, 'the row expiry moved forward');
            });
        });
        (0, node_test_1.describe)('absolute', () => {
            let s;
            (0, node_test_1.before)(async () => {
                s = await appWith({ sessions: { idleSeconds: 3600, absoluteSeconds: 2 } });
            });
            (0, node_test_1.after)(() => s.close());
            (0, node_test_1.it)('makes the viewer a guest after the absolute time, however active, and drops the session', async () => {
                const user = await (0, user_factory_1.createUser)(s.app);
                const b = await login(s.http, user.username);
                await (0, promises_1.setTimeout)(1100);
                strict_1.default.equal(await whoIs(s.http, b.cookie), user.username, 'still signed in within the limit');
                await (0, promises_1.setTimeout)(1100);
                strict_1.default.equal(await whoIs(s.http, b.cookie), null, 'a guest past the limit despite activity');
                strict_1.default.equal(await s.em().count(session_entity_1.Session, { userId: user.id }), 0);
                const again = await login(s.http, user.username);
                strict_1.default.equal(await whoIs(s.http, again.cookie), user.username);
            });
        });
    });
    (0, node_test_1.describe)('CSRF', () => {
        const foreign = { Origin: EVIL };
        async function forgeries(b, path, fields) {
            const other = await guest(t.http);
            const attempts = [
                postForm(t.http, path, b.cookie, fields),
                postForm(t.http, path, b.cookie, { _csrf: other.csrf, ...fields }),
                postForm(t.http, path, b.cookie, { _csrf: b.csrf, ...fields }, foreign),
                postForm(t.http, path, b.cookie, { _csrf: b.csrf, ...fields }, { Referer: `${EVIL}/page` }),
            ];
            for (const [i, attempt] of attempts.entries()) {
                const res = await attempt;
                strict_1.default.equal(res.status, 403, `forgery ${i} on ${path}`);
                strict_1.default.match(res.text, new RegExp(msg('error.403.title')));
                assertSameSession(res, b.cookie, `forgery ${i} on ${path} kept the session`);
            }
        }
        (0, node_test_1.it)('POST /login: refused, and the browser stays a guest', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const g = await guest(t.http);
            await forgeries(g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD });
            strict_1.default.equal(await whoIs(t.http, g.cookie), null);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { userId: user.id }), 0);
        });
        (0, node_test_1.it)('POST /register: refused, and no one is created', async () => {
            const before = await userCount(t);
            const g = await guest(t.http);
            await forgeries(g, '/register', { username: 'forged_member', email: 'forged@example.test', password: 'twelve chars and more' });
            strict_1.default.equal(await userCount(t), before);
            strict_1.default.equal(await whoIs(t.http, g.cookie), null);
        });
        (0, node_test_1.it)('POST /logout: refused, and the member stays signed in', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            await forgeries(b, '/logout', {});
            strict_1.default.equal(await whoIs(t.http, b.cookie), user.username);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { sid: sidOf(b.cookie) }), 1);
        });
        (0, node_test_1.it)('POST /account/password: refused, and the password is unchanged', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const hash = await passwordHashOf(t, user.id);
            const b = await login(t.http, user.username);
            await forgeries(b, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: 'on' });
            strict_1.default.equal(await passwordHashOf(t, user.id), hash);
            strict_1.default.equal(await whoIs(t.http, b.cookie), user.username);
            await login(t.http, user.username, user_factory_1.TEST_PASSWORD);
        });
        (0, node_test_1.it)('accepts the right token from the site itself (own origin or the configured public address)', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            await submit(t.http, b, '/logout', {}, { Origin: t.config.publicBaseUrl }).expect(303);
            const g = await guest(t.http);
            await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, { Referer: `${t.config.publicBaseUrl}/login` }).expect(303);
        });
        (0, node_test_1.it)('the guest token stops working once signed in (a new token comes with the new session)', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const g = await guest(t.http);
            const res = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }).expect(303);
            const cookie = sessionCookie(res);
            const page = await (0, supertest_1.default)(t.http).get('/').set('Cookie', cookie).expect(200);
            strict_1.default.notEqual((0, user_factory_1.csrfFrom)(page.text), g.csrf);
            await postForm(t.http, '/logout', cookie, { _csrf: g.csrf }).expect(403);
            strict_1.default.equal(await whoIs(t.http, cookie), user.username);
        });
    });
    (0, node_test_1.describe)('password change', () => {
        (0, node_test_1.it)('is for members only: a guest gets 401', async () => {
            const res = await (0, supertest_1.default)(t.http).get('/account/password').expect(401);
            strict_1.default.match(res.text, new RegExp(msg('error.401.title')));
            const g = await guest(t.http);
            await submit(t.http, g, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(401);
        });
        (0, node_test_1.it)('shows a valid form to a member', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            const res = await (0, supertest_1.default)(t.http).get('/account/password').set('Cookie', b.cookie).expect(200);
            strict_1.default.deepEqual(formFields(res.text, '/account/password').sort(), ['_csrf', 'currentPassword', 'endOtherSessions', 'newPassword']);
            await (0, html_1.assertValidHtml)(res.text, 'password');
        });
        (0, node_test_1.it)('refuses a wrong current password with a reason and changes nothing', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const hash = await passwordHashOf(t, user.id);
            const b = await login(t.http, user.username);
            const res = await submit(t.http, b, '/account/password', { currentPassword: 'not my password', newPassword: NEW_PASSWORD }).expect(422);
            strict_1.default.match(res.text, new RegExp(`<p class="field-error" id="pw-current-error">${msg('password.wrong')}</p>`));
            strict_1.default.ok(!res.text.includes('not my password') && !res.text.includes(NEW_PASSWORD), 'no password echoed');
            strict_1.default.equal(await passwordHashOf(t, user.id), hash);
        });
        (0, node_test_1.it)('refuses a new password that is too short and changes nothing', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const hash = await passwordHashOf(t, user.id);
            const b = await login(t.http, user.username);
            const res = await submit(t.http, b, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: 'elevenchars' }).expect(422);
            strict_1.default.match(res.text, new RegExp(`<p class="field-error" id="pw-new-error">${msg('password.length')}</p>`));
            strict_1.default.equal(await passwordHashOf(t, user.id), hash);
        });
        (0, node_test_1.it)('changes the password: the old one no longer logs in, the new one does', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            const res = await submit(t.http, b, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
            strict_1.default.match(res.text, new RegExp(msg('auth.password.changed')));
            strict_1.default.equal(await whoIs(t.http, b.cookie), user.username, 'this browser stays signed in');
            const g = await guest(t.http);
            await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }).expect(422);
            await login(t.http, user.username, NEW_PASSWORD);
        });
        (0, node_test_1.it)('with endOtherSessions=on, signs out the member’s other browsers but not this one', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const here = await login(t.http, user.username);
            const there = await login(t.http, user.username);
            const bystander = await signedInOther();
            const res = await submit(t.http, here, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: 'on' }).expect(200);
            strict_1.default.match(res.text, new RegExp(msg('auth.password.changed')));
            strict_1.default.match(res.text, new RegExp(msg('auth.password.ended', { count: 1 })));
            strict_1.default.equal(await whoIs(t.http, there.cookie), null);
            strict_1.default.equal(await whoIs(t.http, here.cookie), user.username);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { userId: user.id }), 1);
            strict_1.default.equal(await whoIs(t.http, bystander.cookie), bystander.username, 'other members are not touched');
        });
        (0, node_test_1.it)('without endOtherSessions, the other browsers stay signed in', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const here = await login(t.http, user.username);
            const there = await login(t.http, user.username);
            await submit(t.http, here, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
            strict_1.default.equal(await whoIs(t.http, there.cookie), user.username);
            strict_1.default.equal(await whoIs(t.http, here.cookie), user.username);
        });
        async function signedInOther() {
            const other = await (0, user_factory_1.createUser)(t.app);
            return { ...(await login(t.http, other.username)), username: other.username };
        }
    });
    (0, node_test_1.describe)('suspended accounts', () => {
        const future = () => new Date(Date.UTC(2099, 0, 2, 3, 0, 0));
        (0, node_test_1.it)('refuses the right password with 403 and shows until when and why', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { state: user_entity_1.AccountState.Suspended, stateUntil: future(), stateReason: '宣伝目的の連続投稿' });
            const g = await guest(t.http);
            const res = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }).expect(403);
            strict_1.default.match(res.text, new RegExp(msg('auth.suspendedUntil')));
            strict_1.default.match(res.text, /2099年1月2日/);
            strict_1.default.match(res.text, new RegExp(`${msg('auth.reason')}: 宣伝目的の連続投稿`));
            assertSameSession(res, g.cookie);
            strict_1.default.equal(await whoIs(t.http, g.cookie), null);
            strict_1.default.equal(await t.em().count(session_entity_1.Session, { userId: user.id }), 0);
        });
        (0, node_test_1.it)('says the suspension has no end when stateUntil is empty', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { state: user_entity_1.AccountState.Suspended, stateUntil: null, stateReason: null });
            const g = await guest(t.http);
            const res = await submit(t.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }).expect(403);
            strict_1.default.match(res.text, new RegExp(msg('auth.suspended')));
            strict_1.default.doesNotMatch(res.text, new RegExp(msg('auth.reason')));
        });
        (0, node_test_1.it)('does not reveal the suspension to a wrong password', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { state: user_entity_1.AccountState.Suspended, stateUntil: future(), stateReason: 'secret reason' });
            const g = await guest(t.http);
            const res = await submit(t.http, g, '/login', { username: user.username, password: 'not the password' }).expect(422);
            strict_1.default.match(res.text, new RegExp(msg('auth.login.failed')));
            strict_1.default.doesNotMatch(res.text, /secret reason/);
        });
        (0, node_test_1.it)('signs out an existing session on its next request', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            const b = await login(t.http, user.username);
            await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { state: user_entity_1.AccountState.Suspended, stateUntil: future(), stateReason: 'spam' });
            strict_1.default.equal(await whoIs(t.http, b.cookie), null);
            await (0, supertest_1.default)(t.http).get('/account/password').set('Cookie', b.cookie).expect(401);
            await submit(t.http, b, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect((res) => {
                strict_1.default.ok(res.status === 401 || res.status === 403, `→ ${res.status}`);
            });
        });
        (0, node_test_1.it)('no longer blocks login once stateUntil has passed', async () => {
            const user = await (0, user_factory_1.createUser)(t.app);
            await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { state: user_entity_1.AccountState.Suspended, stateUntil: new Date(Date.now() - 60_000), stateReason: 'over' });
            const b = await login(t.http, user.username);
            strict_1.default.equal(await whoIs(t.http, b.cookie), user.username);
        });
    });
    (0, node_test_1.describe)('rate limits', () => {
        (0, node_test_1.describe)('failed logins per IP', () => {
            let r;
            (0, node_test_1.before)(async () => {
                r = await appWith({ trustProxy: true, rateLimits: limits({ loginPerIp: rule(3) }) });
            });
            (0, node_test_1.after)(() => r.close());
            const from = (ip) => ({ 'X-Forwarded-For': ip });
            (0, node_test_1.it)('answers 429 with a readable page and Retry-After after the limit, even to the right password', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const ip = from('198.51.100.1');
                const g = await guest(r.http);
                for (let i = 0; i < 3; i++)
                    await submit(r.http, g, '/login', { username: user.username, password: `wrong ${i}` }, ip).expect(422);
                const limited = await submit(r.http, g, '/login', { username: user.username, password: 'wrong again' }, ip).expect(429);
                strict_1.default.match(limited.headers['content-type'], /text\/html/);
                strict_1.default.match(limited.text, new RegExp(msg('error.429.title')));
                strict_1.default.match(limited.text, new RegExp(msg('error.429.message')));
                const retry = Number(limited.headers['retry-after']);
                strict_1.default.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After: ${limited.headers['retry-after']}`);
                const right = await submit(r.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, ip).expect(429);
                assertSameSession(right, g.cookie);
                strict_1.default.equal(await whoIs(r.http, g.cookie), null);
                await submit(r.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, from('198.51.100.2')).expect(303);
            });
            (0, node_test_1.it)('counts failures, not attempts: successful logins do not use up the allowance', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const ip = from('198.51.100.3');
                for (let i = 0; i < 5; i++)
                    await login(r.http, user.username, user_factory_1.TEST_PASSWORD, ip);
            });
            (0, node_test_1.it)('cannot be outrun by sending many wrong passwords at once', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const ip = from('198.51.100.4');
                const browsers = await Promise.all(Array.from({ length: 8 }, () => guest(r.http)));
                const answers = await Promise.all(browsers.map((b, i) => submit(r.http, b, '/login', { username: user.username, password: `burst ${i}` }, ip)));
                const statuses = answers.map((a) => a.status).sort();
                strict_1.default.ok(statuses.every((s) => s === 422 || s === 429), statuses.join());
                strict_1.default.ok(statuses.filter((s) => s === 422).length <= 3, `at most 3 passwords checked, got ${statuses.join()}`);
                const g = await guest(r.http);
                await submit(r.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, ip).expect(429);
            });
        });
        (0, node_test_1.describe)('failed logins per username', () => {
            let r;
            (0, node_test_1.before)(async () => {
                r = await appWith({ trustProxy: true, rateLimits: limits({ loginPerUser: rule(3) }) });
            });
            (0, node_test_1.after)(() => r.close());
            const from = (i) => ({ 'X-Forwarded-For': `203.0.113.${i}` });
            (0, node_test_1.it)('trips across different IPs and then refuses even the right password', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const g = await guest(r.http);
                for (let i = 1; i <= 3; i++)
                    await submit(r.http, g, '/login', { username: user.username, password: `wrong ${i}` }, from(i)).expect(422);
                const limited = await submit(r.http, g, '/login', { username: user.username, password: 'wrong 4' }, from(4)).expect(429);
                strict_1.default.ok(Number(limited.headers['retry-after']) > 0);
                await submit(r.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, from(5)).expect(429);
                strict_1.default.equal(await whoIs(r.http, g.cookie), null);
                const other = await (0, user_factory_1.createUser)(r.app);
                await login(r.http, other.username, user_factory_1.TEST_PASSWORD, from(4));
            });
            (0, node_test_1.it)('counts the name as folded: case and width variants share one allowance', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const g = await guest(r.http);
                const variants = [user.username, user.username.toUpperCase(), fullWidthUpper(user.username)];
                for (const [i, variant] of variants.entries()) {
                    await submit(r.http, g, '/login', { username: variant, password: 'wrong' }, from(10 + i)).expect(422);
                }
                await submit(r.http, g, '/login', { username: user.username, password: user_factory_1.TEST_PASSWORD }, from(20)).expect(429);
            });
            (0, node_test_1.it)('starts the count again after a successful login', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const g = await guest(r.http);
                for (let round = 0; round < 2; round++) {
                    for (let i = 0; i < 2; i++)
                        await submit(r.http, g, '/login', { username: user.username, password: 'wrong' }, from(30 + i)).expect(422);
                    await login(r.http, user.username, user_factory_1.TEST_PASSWORD, from(40));
                }
            });
        });
        (0, node_test_1.describe)('wrong current passwords on the password page', () => {
            let r;
            (0, node_test_1.before)(async () => {
                r = await appWith({ rateLimits: limits({ loginPerUser: rule(2) }) });
            });
            (0, node_test_1.after)(() => r.close());
            (0, node_test_1.it)('limits guesses from a signed-in session as the login form does', async () => {
                const user = await (0, user_factory_1.createUser)(r.app);
                const hash = await passwordHashOf(r, user.id);
                const b = await login(r.http, user.username);
                for (let i = 0; i < 2; i++)
                    await submit(r.http, b, '/account/password', { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD }).expect(422);
                const res = await submit(r.http, b, '/account/password', { currentPassword: user_factory_1.TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(429);
                strict_1.default.ok(Number(res.headers['retry-after']) > 0);
                strict_1.default.equal(await passwordHashOf(r, user.id), hash);
            });
        });
        (0, node_test_1.describe)('registrations per IP', () => {
            let r;
            (0, node_test_1.before)(async () => {
                r = await appWith({ trustProxy: true, rateLimits: limits({ registerPerIp: rule(2, 3600) }) });
            });
            (0, node_test_1.after)(() => r.close());
            (0, node_test_1.it)('answers 429 past the limit and creates no one beyond it', async () => {
                const ip = { 'X-Forwarded-For': '192.0.2.10' };
                for (let i = 1; i <= 2; i++) {
                    const g = await guest(r.http);
                    await submit(r.http, g, '/register', { username: `burst${i}`, email: `burst${i}@example.test`, password: 'twelve chars and more' }, ip).expect(303);
                }
                const before = await userCount(r);
                const g = await guest(r.http);
                const res = await submit(r.http, g, '/register', { username: 'burst3', email: 'burst3@example.test', password: 'twelve chars and more' }, ip).expect(429);
                strict_1.default.match(res.text, new RegExp(msg('error.429.title')));
                strict_1.default.ok(Number(res.headers['retry-after']) > 0);
                strict_1.default.equal(await userCount(r), before);
                strict_1.default.equal(await r.em().count(user_entity_1.User, { email: 'burst3@example.test' }), 0);
                strict_1.default.equal(await whoIs(r.http, g.cookie), null);
                await submit(r.http, g, '/register', { username: 'burst3', email: 'burst3@example.test', password: 'twelve chars and more' }, { 'X-Forwarded-For': '192.0.2.11' }).expect(303);
            });
        });
    });
});
//# sourceMappingURL=auth.e2e-spec.js.map