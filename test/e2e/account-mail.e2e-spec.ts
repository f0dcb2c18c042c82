import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { AccountToken } from '../../src/auth/account-token.entity';
import { runCli } from '../../src/cli';
import { translate } from '../../src/common/i18n/i18n';
import { findRootDir, loadConfig, MailConfig, RateLimits } from '../../src/config/config';
import { MailSender } from '../../src/mail/mail.sender';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { Role } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { createUser, csrfFrom, TEST_PASSWORD } from '../factories/user.factory';
import { boardApp, THREAD } from '../support/board';
import { formSubmission } from '../support/forms';
import { assertValidHtml } from '../support/html';
import { htmlMsg, msg } from '../support/i18n';
import { generousLimits, rule } from '../support/limits';
import { Guest, guest, Member, submit } from '../support/members';
import { postThroughForm, reportForm } from '../support/posting';
import { noRedis, testRedis, TestRedis } from '../support/redis';
import { signedInSession, whoIs } from '../support/sessions';
import { ReceivedMail, startSmtp, TestSmtp } from '../support/smtp';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Password reset by e-mail and address confirmation at registration, end to end: the real app,
// a real database, and a real SMTP server whose messages are decoded with mailparser.
// ---------------------------------------------------------------------------------------------

const BASE = 'https://bbs.example.jp';
const DEFAULTS = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false', PUBLIC_BASE_URL: BASE }, findRootDir(__dirname));
const NEW_PASSWORD = 'a brand new passphrase';

function mailConfig(smtpUrl: string): MailConfig {
  return { ...DEFAULTS.mail, smtpUrl, sendIntervalSeconds: 0, digestHour: null, retrySeconds: 0, maxAttempts: 3 };
}

/** The board mailing through `smtp`, with the limits under test. */
function accountsBoard(smtp: TestSmtp, limits: Partial<RateLimits> = {}, extra: Parameters<typeof boardApp>[0] = {}): Promise<TestApp> {
  return boardApp({ publicBaseUrl: BASE, mail: mailConfig(smtp.url), rateLimits: generousLimits(limits), ...extra });
}

const deliver = (t: TestApp) => t.app.get(MailSender).deliverDue();
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The one link to the board a mail carries (path and query), checked to be absolute on PUBLIC_BASE_URL. */
function linkIn(mail: ReceivedMail, path: string): string {
  const m = new RegExp(`${BASE.replace(/\./g, '\\.')}(${path.replace(/[?]/g, '\\?')}\\?token=[A-Za-z0-9_-]{43})\\s`).exec(
    mail.parsed.text ?? '',
  );
  assert.ok(m, `a ${path} link in:\n${mail.parsed.text}`);
  return m[1];
}

/** Delivers what is due and returns the mails `to` received since `seen`. */
async function newMailsTo(t: TestApp, smtp: TestSmtp, to: string, seen: number): Promise<ReceivedMail[]> {
  await deliver(t);
  return smtp.received.slice(seen).filter((m) => m.envelope.to.includes(to));
}

const forgot = (who: Guest, email: string) => submit(who, '/password/forgot', { email });

/** Asks for a reset of `user`'s password and returns the link of the mail that arrives. */
async function resetLinkFor(t: TestApp, smtp: TestSmtp, user: User, who?: Guest): Promise<string> {
  const seen = smtp.received.length;
  await forgot(who ?? (await guest(t, '/password/forgot')), user.email).expect(200);
  const mails = await newMailsTo(t, smtp, user.email, seen);
  assert.equal(mails.length, 1, 'one reset mail');
  return linkIn(mails[0], '/password/reset');
}

/** Whether the username and password sign in (303) or not (422). */
async function signsIn(t: TestApp, username: string, password: string): Promise<boolean> {
  const g = await guest(t);
  const res = await submit(g, '/login', { username, password });
  assert.ok([303, 422].includes(res.status), `login answered ${res.status}`);
  return res.status === 303;
}

describe('password reset by e-mail', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  before(async () => {
    smtp = await startSmtp();
    t = await accountsBoard(smtp, { resetPerAddress: rule(3, 3600) });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('is linked from the login page; the forgot page is a valid form with only email and _csrf', async () => {
    const login = await request(t.http).get('/login').expect(200);
    assert.match(login.text, /<a href="\/password\/forgot">/);
    const page = await request(t.http).get('/password/forgot').expect(200);
    await assertValidHtml(page.text, 'forgot page');
    assert.deepEqual(
      formSubmission(page.text, '/password/forgot').fields.map(([name]) => name),
      ['_csrf', 'email'],
    );
  });

  it('answers a registered and an unknown address with the same page and status; only the registered one gets mail', async () => {
    const user = await createUser(t.app);
    const g = await guest(t, '/password/forgot');
    const knownAddress = user.email.toUpperCase();
    const unknownAddress = 'nobody-here@example.test';
    const known = await forgot(g, knownAddress);
    const unknown = await forgot(g, unknownAddress);
    assert.equal(known.status, 200);
    assert.equal(unknown.status, known.status);
    assert.match(known.text, new RegExp(`value="${knownAddress}"`), 'the address stays in the field, to send again');
    assert.equal(
      unknown.text.replace(unknownAddress, 'ADDRESS'),
      known.text.replace(knownAddress, 'ADDRESS'),
      'the same page, byte for byte',
    );
    assert.match(known.text, new RegExp(htmlMsg('auth.forgot.sent')));
    const rows = await t.em().find(OutboxMail, { kind: 'password-reset' });
    assert.deepEqual(
      rows.map((r) => r.toAddress),
      [user.email],
    );
  });

  it('refuses a malformed address with the form again, the same for everyone', async () => {
    const g = await guest(t, '/password/forgot');
    const res = await forgot(g, 'not an address').expect(422);
    assert.match(res.text, new RegExp(htmlMsg('email.invalid')));
    assert.match(res.text, /value="not an address"/);
  });

  it('mails a single-use link on PUBLIC_BASE_URL in the page language; only the token hash is stored, and the sent copy keeps no link', async () => {
    const user = await createUser(t.app);
    const seen = smtp.received.length;
    const g = await guest(t, '/password/forgot?lang=en');
    await forgot(g, user.email).expect(200);
    const [mail] = await newMailsTo(t, smtp, user.email, seen);
    assert.equal(mail.parsed.subject, translate('en', 'mail.subject.passwordReset'));
    const text = mail.parsed.text ?? '';
    assert.match(text, new RegExp(`^${translate('en', 'mail.greeting', { username: user.username })}`));
    assert.match(text, new RegExp(translate('en', 'mail.account.expires', { hours: 1 }).replace(/[.()]/g, '\\$&')));
    assert.equal(mail.header('list-unsubscribe'), undefined, 'not a notification: no unsubscribe');
    const link = linkIn(mail, '/password/reset');
    const token = new URL(link, BASE).searchParams.get('token')!;
    const rows = await t.em().find(AccountToken, { user: user.id });
    assert.deepEqual(
      rows.map((r) => [r.purpose, r.tokenHash]),
      [['password-reset', sha256(token)]],
    );
    const stored = await t.em().findOneOrFail(OutboxMail, { toAddress: user.email, kind: 'password-reset' });
    assert.equal(stored.status, 'sent');
    assert.ok(!stored.body.includes(token), 'the delivered mail is kept without its token');

    // Japanese by default.
    const before = smtp.received.length;
    await forgot(await guest(t, '/password/forgot'), user.email).expect(200);
    const [ja] = await newMailsTo(t, smtp, user.email, before);
    assert.equal(ja.parsed.subject, msg('mail.subject.passwordReset'));
  });

  it('sets the new password once; every session of the member ends, and they sign in again', async () => {
    const user = await createUser(t.app);
    const phone = await signedInSession(t.http, user.username);
    const laptop = await signedInSession(t.http, user.username);
    const link = await resetLinkFor(t, smtp, user);

    const page = await request(t.http).get(link).expect(200);
    await assertValidHtml(page.text, 'reset page');
    assert.equal(page.headers['cache-control'], 'no-store');
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    const res = await request(t.http)
      .post(link)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), password: NEW_PASSWORD })
      .expect(303);
    assert.equal(res.headers.location, '/login?reset=done');
    const login = await request(t.http).get(res.headers.location).expect(200);
    assert.match(login.text, new RegExp(htmlMsg('auth.reset.done')));

    assert.equal(await whoIs(t.http, phone.cookie), null, 'the old phone session is signed out');
    assert.equal(await whoIs(t.http, laptop.cookie), null, 'the old laptop session is signed out');
    assert.equal(await signsIn(t, user.username, TEST_PASSWORD), false, 'the old password no longer works');
    assert.equal(await signsIn(t, user.username, NEW_PASSWORD), true);

    // Used once: the page says so and points to a new request, and the form is refused.
    const again = await request(t.http).get(link).expect(200);
    assert.match(again.text, new RegExp(htmlMsg('reset.invalid')));
    assert.match(again.text, /<a href="\/password\/forgot">/);
    assert.doesNotMatch(again.text, /name="password"/);
    const g = await guest(t);
    const refused = await submit(g, link, { password: 'yet another passphrase' }).expect(422);
    assert.match(refused.text, new RegExp(htmlMsg('reset.invalid')));
    assert.equal(await signsIn(t, user.username, NEW_PASSWORD), true, 'the password stayed');
  });

  it('signs out the browser that resets too, when a member resets while signed in', async () => {
    const user = await createUser(t.app);
    const here = await signedInSession(t.http, user.username);
    const link = await resetLinkFor(t, smtp, user);
    const page = await request(t.http).get(link).set('Cookie', here.cookie).expect(200);
    await request(t.http)
      .post(link)
      .set('Cookie', here.cookie)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), password: NEW_PASSWORD })
      .expect(303);
    assert.equal(await whoIs(t.http, here.cookie), null);
  });

  it('a newer request replaces the older link', async () => {
    const user = await createUser(t.app);
    const first = await resetLinkFor(t, smtp, user);
    const second = await resetLinkFor(t, smtp, user);
    assert.notEqual(first, second);
    assert.match((await request(t.http).get(first).expect(200)).text, new RegExp(htmlMsg('reset.invalid')));
    assert.match((await request(t.http).get(second).expect(200)).text, /name="password"/);
    assert.equal(await t.em().count(AccountToken, { user: user.id }), 1);
  });

  it('an expired link is refused with the reason and changes nothing', async () => {
    const user = await createUser(t.app);
    const link = await resetLinkFor(t, smtp, user);
    // An hour later: the stored expiry moved into the past.
    await t.em().nativeUpdate(AccountToken, { user: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const page = await request(t.http).get(link).expect(200);
    assert.match(page.text, new RegExp(htmlMsg('reset.invalid')));
    assert.doesNotMatch(page.text, /name="password"/);
    const g = await guest(t);
    await submit(g, link, { password: NEW_PASSWORD }).expect(422);
    assert.equal(await signsIn(t, user.username, TEST_PASSWORD), true);
  });

  it('refuses a bad or missing token without a 500', async () => {
    for (const path of ['/password/reset', '/password/reset?token=', '/password/reset?token=abc', '/password/reset?token[]=x']) {
      const res = await request(t.http).get(path).expect(200);
      assert.match(res.text, new RegExp(htmlMsg('reset.invalid')), path);
    }
  });

  it('refuses a too short password with the form again; the link keeps working', async () => {
    const user = await createUser(t.app);
    const link = await resetLinkFor(t, smtp, user);
    const g = await guest(t);
    const res = await submit(g, link, { password: 'short' }).expect(422);
    assert.match(res.text, new RegExp(htmlMsg('password.length')));
    assert.match(res.text, /name="password"/);
    await submit(g, link, { password: NEW_PASSWORD }).expect(303);
    assert.equal(await signsIn(t, user.username, NEW_PASSWORD), true);
  });

  it('limits requests per address, registered or not, with the 429 page', async () => {
    const user = await createUser(t.app);
    const g = await guest(t, '/password/forgot');
    for (const email of [user.email, 'ghost@example.test']) {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await forgot(g, email)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429], email);
    }
    const limited = await forgot(g, user.email).expect(429);
    assert.match(limited.text, new RegExp(htmlMsg('error.429.title')));
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });

  it('limits requests per client', async () => {
    const few = await accountsBoard(smtp, { resetPerIp: rule(2, 3600) });
    try {
      const g = await guest(few, '/password/forgot');
      const statuses = [];
      for (const email of ['a@example.test', 'b@example.test', 'c@example.test']) statuses.push((await forgot(g, email)).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await few.close();
    }
  });
});

describe('password reset with sessions in Redis', () => {
  let redis: TestRedis | null;

  before(async () => {
    redis = await testRedis();
  });
  after(async () => {
    await redis?.cleanup();
  });

  it('ends every session of the member in Redis', async (tc) => {
    if (noRedis(redis, tc)) return;
    const smtp = await startSmtp();
    const t = await accountsBoard(smtp, {}, { redis: redis.config });
    try {
      const user = await createUser(t.app);
      const one = await signedInSession(t.http, user.username);
      const two = await signedInSession(t.http, user.username);
      assert.equal(await whoIs(t.http, one.cookie), user.username);
      const link = await resetLinkFor(t, smtp, user);
      const g = await guest(t);
      await submit(g, link, { password: NEW_PASSWORD }).expect(303);
      assert.equal(await whoIs(t.http, one.cookie), null);
      assert.equal(await whoIs(t.http, two.cookie), null);
      assert.deepEqual(await redis.client.smembers(`${redis.config.prefix}user-sess:${user.id}`), []);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});

describe('e-mail confirmation at registration', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  before(async () => {
    smtp = await startSmtp();
    t = await accountsBoard(smtp, { confirmResendPerUser: rule(2, 3600) });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  /** Registers through the form (in `lang`) and returns the signed-in member and the confirmation link mailed. */
  async function register(username: string, lang = 'ja'): Promise<{ m: Member; link: string }> {
    const g = await guest(t, `/register?lang=${lang}`);
    const seen = smtp.received.length;
    const email = `${username}@example.test`;
    await submit(g, '/register', { username, email, password: TEST_PASSWORD }).expect(303);
    const user = await t.em().findOneOrFail(User, { email });
    assert.equal(user.emailConfirmedAt, null);
    const mails = await newMailsTo(t, smtp, email, seen);
    assert.equal(mails.length, 1, 'one confirmation mail');
    assert.equal(mails[0].parsed.subject, translate(lang === 'en' ? 'en' : 'ja', 'mail.subject.confirmEmail'));
    const csrf = csrfFrom((await g.agent.get('/').expect(200)).text);
    return { m: { ...g, csrf, user }, link: linkIn(mails[0], '/account/confirm-email') };
  }

  it('mails a confirmation link; until it is used, pages say so and posts wait like a new member’s', async () => {
    const { m, link } = await register('newcomer');
    const thread = await m.agent.get(THREAD).expect(200);
    assert.match(thread.text, new RegExp(htmlMsg('account.unconfirmed')));
    assert.match(thread.text, /<form method="post" action="\/account\/confirm-email\/resend"/);
    assert.match(thread.text, new RegExp(htmlMsg('post.heldUnconfirmed')), 'the post form says why the post will wait');
    assert.doesNotMatch(thread.text, new RegExp(htmlMsg('post.heldNotice', { count: 0 }).slice(0, 20)));
    const held = await postThroughForm(t, m, reportForm({ body: 'held until confirmed' }));
    assert.equal(held.state, 'held');

    // The link's page changes nothing (mail scanners fetch links); its button confirms.
    const page = await request(t.http).get(link).expect(200);
    await assertValidHtml(page.text, 'confirm page');
    assert.match(page.text, /newcomer@example\.test/);
    assert.equal((await t.em().findOneOrFail(User, m.user.id)).emailConfirmedAt, null);
    const res = await submit(m, link).expect(303);
    assert.equal(res.headers.location, '/account/confirm-email?confirmed=1');
    assert.match((await m.agent.get(res.headers.location).expect(200)).text, new RegExp(htmlMsg('confirmEmail.done')));
    assert.ok((await t.em().findOneOrFail(User, m.user.id)).emailConfirmedAt);

    const after = await m.agent.get(THREAD).expect(200);
    assert.doesNotMatch(after.text, new RegExp(htmlMsg('account.unconfirmed')));
    assert.doesNotMatch(after.text, new RegExp(htmlMsg('post.heldUnconfirmed')));
    const published = await postThroughForm(t, m, reportForm({ body: 'published once confirmed' }));
    assert.equal(published.state, 'visible');

    // Used once.
    assert.match((await request(t.http).get(link).expect(200)).text, new RegExp(htmlMsg('confirmEmail.invalid')));
    await submit(m, link).expect(422);
  });

  it('sends the mail again on request (the older link stops working), a few times an hour', async () => {
    const { m, link } = await register('resender');
    const seen = smtp.received.length;
    const res = await submit(m, '/account/confirm-email/resend').expect(303);
    assert.equal(res.headers.location, '/account/confirm-email');
    const pending = await m.agent.get('/account/confirm-email').expect(200);
    assert.match(pending.text, new RegExp(htmlMsg('confirmEmail.pending', { email: m.user.email })));
    const [mail] = await newMailsTo(t, smtp, m.user.email, seen);
    const fresh = linkIn(mail, '/account/confirm-email');
    assert.notEqual(fresh, link);
    assert.match((await request(t.http).get(link).expect(200)).text, new RegExp(htmlMsg('confirmEmail.invalid')));
    await submit(m, '/account/confirm-email/resend').expect(303);
    await submit(m, '/account/confirm-email/resend').expect(429);
    // Without a token the resend is refused like any form.
    await m.agent.post('/account/confirm-email/resend').type('form').send({}).expect(403);
  });

  it('an expired confirmation link is refused', async () => {
    const { m, link } = await register('latecomer', 'en');
    await t.em().nativeUpdate(AccountToken, { user: m.user.id }, { expiresAt: new Date(Date.now() - 1000) });
    assert.match((await request(t.http).get(link).expect(200)).text, new RegExp(htmlMsg('confirmEmail.invalid')));
    await submit(m, link).expect(422);
    assert.equal((await t.em().findOneOrFail(User, m.user.id)).emailConfirmedAt, null);
  });

  it('a password reset through the mailed link confirms the address too', async () => {
    const { m } = await register('forgetful');
    const link = await resetLinkFor(t, smtp, m.user);
    await submit(await guest(t), link, { password: NEW_PASSWORD }).expect(303);
    assert.ok((await t.em().findOneOrFail(User, m.user.id)).emailConfirmedAt);
  });

  it('members made by the admin CLI and by the board itself count as confirmed', async () => {
    const made = await createUser(t.app);
    assert.ok(made.emailConfirmedAt);
    const code = await runCli(
      ['users:create', '--username', 'cliadmin', '--password', TEST_PASSWORD, '--email', 'cliadmin@example.test', '--role', 'admin'],
      { log: () => undefined, error: () => undefined },
      t.config,
    );
    assert.equal(code, 0);
    assert.ok((await t.em().findOneOrFail(User, { email: 'cliadmin@example.test' })).emailConfirmedAt);
    const before = await t.em().count(OutboxMail, { kind: 'confirm-email' });
    assert.equal(await t.em().count(OutboxMail, { kind: 'confirm-email', toAddress: 'cliadmin@example.test' }), 0, `of ${before}`);
  });

  it('the admins’ outbox shows an account mail without its link', async () => {
    const { m } = await register('outboxed');
    await submit(m, '/account/confirm-email/resend').expect(303);
    const admin = await createUser(t.app, { role: Role.Admin });
    const cookie = (await signedInSession(t.http, admin.username)).cookie;
    const row = await t.em().findOneOrFail(OutboxMail, { toAddress: m.user.email, kind: 'confirm-email', status: 'pending' });
    const page = await request(t.http).get(`/admin/outbox/${row.id}`).set('Cookie', cookie).expect(200);
    assert.match(page.text, /confirm-email\?token&#x3D;…/);
    assert.doesNotMatch(page.text, /token&#x3D;[A-Za-z0-9_-]{43}/);
  });
});
