import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { runCli } from '../../src/cli';
import { formatDate } from '../../src/common/i18n/i18n';
import { findRootDir, loadConfig, MailConfig } from '../../src/config/config';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { DigestItem } from '../../src/mail/digest-item.entity';
import { MailSender } from '../../src/mail/mail.sender';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { Watch } from '../../src/notifications/watch.entity';
import { Role } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { csrfFrom } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { freePort, ReceivedMail, startSmtp, TestSmtp } from '../support/smtp';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Email notifications end to end: the real app, a real database, and a real SMTP server on
// 127.0.0.1 whose received messages are decoded with mailparser.
// ---------------------------------------------------------------------------------------------

const BASE = 'https://bbs.example.jp';
// MAIL_FROM's default comes from PUBLIC_BASE_URL's host.
const DEFAULTS = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false', PUBLIC_BASE_URL: BASE }, findRootDir(__dirname));
const REF = referenceDocument();
const LABEL = REF.platforms.find((p) => p.key === 'win2000-sp4')!.label;

/** Delivery is driven by the test (no timer, no digest hour) unless a test asks for the background sender. */
function mailConfig(over: Partial<MailConfig>): MailConfig {
  return { ...DEFAULTS.mail, sendIntervalSeconds: 0, digestHour: null, retrySeconds: 0, maxAttempts: 3, ...over };
}

/** The board with the reference bulletin, mail going where `mail` says; a new member's first `holdFirstPosts` posts wait. */
function mailBoard(mail: Partial<MailConfig>, holdFirstPosts = 0): Promise<TestApp> {
  return boardApp({ publicBaseUrl: BASE, mail: mailConfig(mail), moderation: { flagHideThreshold: 3, holdFirstPosts } });
}

async function emailOn(m: Member, advisoryId = ID) {
  const res = await submit(m, `/advisories/${advisoryId}/watch/email`, { email: 'on' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/advisories/${advisoryId}/thread`);
}

/** The edit form sent whole, as the page would send it, with a new status and note. */
async function changeStatus(mod: Member, issue: KnownIssue, status: string, note: string) {
  const res = await submit(mod, `/known-issues/${issue.id}/edit`, issueForm({ title: issue.title, status, note }));
  assert.equal(res.status, 303, res.text.slice(0, 500));
}

const report = (body: string, over: Record<string, string> = {}) => reportForm({ body, ...over });

const deliver = (t: TestApp) => t.app.get(MailSender).deliverDue();
const mailsTo = (smtp: TestSmtp, user: User) => smtp.received.filter((m) => m.envelope.to.includes(user.email));
const watchOf = (t: TestApp, user: User, advisoryId = ID) => t.em().findOne(Watch, { user: user.id, advisory: advisoryId });
const unsubscribePath = (mail: ReceivedMail) => {
  const header = mail.header('list-unsubscribe');
  assert.ok(header, 'List-Unsubscribe header');
  const url = new URL(/^<(.+)>$/.exec(header)![1]);
  assert.equal(url.origin, BASE);
  return url.pathname + url.search;
};

/** Runs `npm run cli -- mail:digest` in-process on the test app's database and configuration. */
async function digestCli(t: TestApp): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCli(['mail:digest'], { log: (s) => lines.push(s), error: (s) => lines.push(`ERR ${s}`) }, t.config);
  return { code, lines };
}

describe('email notifications through a real SMTP server', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let mod: Member;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let issue: KnownIssue;

  before(async () => {
    smtp = await startSmtp();
    // New subscribers' first post is held: the digest must leave it out until it is approved.
    t = await mailBoard({ smtpUrl: smtp.url }, 1);
    mod = await member(t, Role.Moderator);
    alice = await member(t);
    bob = await member(t);
    carol = await member(t);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('offers email on the thread page; choosing it watches the advisory with email on', async () => {
    const page = await alice.agent.get(THREAD).expect(200);
    assert.match(page.text, new RegExp(msg('mail.watch.emailOn')));
    await assertValidHtml(page.text, 'thread with the email form');
    await emailOn(alice);
    const watch = await watchOf(t, alice.user);
    assert.equal(watch?.emailEnabled, true);
    const after = await alice.agent.get(THREAD).expect(200);
    assert.match(after.text, new RegExp(msg('mail.watch.emailActive')));
    assert.match(after.text, new RegExp(msg('mail.watch.emailOff')));
    // Bob watches on the site only; the moderator chooses email but never hears of his own changes.
    assert.equal((await submit(bob, `/advisories/${ID}/watch`)).status, 303);
    await emailOn(mod);
    // A guest sees no email form, and the route needs a signed-in member.
    assert.doesNotMatch((await request(t.http).get(THREAD).expect(200)).text, new RegExp(msg('mail.watch.emailOn')));
  });

  it('writes the known-issue mail with the issue, sends it later, in Japanese, with the links and unsubscribe headers', async () => {
    // A refused form writes no mail: the mail exists only with its event.
    const refused = await submit(mod, `/advisories/${ID}/known-issues`, issueForm({ title: '' }));
    assert.equal(refused.status, 422);
    assert.equal(await t.em().count(OutboxMail), 0);

    issue = await issueThroughForm(t, mod);
    const rows = await t.em().find(OutboxMail, {});
    assert.deepEqual(
      rows.map((r) => [r.toAddress, r.status, r.kind]),
      [[alice.user.email, 'pending', 'known-issue']],
      'one mail, to alice only, not sent inside the request',
    );
    assert.equal(smtp.received.length, 0);

    assert.deepEqual(await deliver(t), { sent: 1, retrying: 0, failed: 0 });
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0];
    assert.deepEqual(mail.envelope.to, [alice.user.email]);
    assert.equal(mail.parsed.subject, `[HFR BBS] ${ID} 既知の問題: ${issue.title}（${msg('knownIssue.status.investigating')}）`);
    assert.deepEqual(
      mail.parsed.from?.value.map((a) => [a.name, a.address]),
      [['HFR BBS会議室', 'no-reply@bbs.example.jp']],
    );
    assert.match(mail.raw, /^Content-Type: text\/plain; charset=utf-8/im);
    const text = mail.parsed.text ?? '';
    assert.ok(text.startsWith(`${alice.user.username} さん\n`), text);
    // The notification's line, in the same words.
    assert.ok(
      text.includes(
        `\n${ID} (KB885835) に既知の問題: ${issue.title}(調査中、${mod.user.username} さん、メモ: 複数の購読者から同じ症状の報告。)\n`,
      ),
      text,
    );
    assert.ok(text.includes(REF.title));
    assert.ok(text.includes(`■ ${issue.title}`));
    assert.ok(text.includes(`${msg('knownIssue.platforms')}: ${LABEL}`));
    assert.ok(text.includes('イベント ID 57480'));
    assert.ok(text.includes(`${msg('knownIssue.workaround')}:\n  ベリタスのサポート窓口に問い合わせる。`));
    assert.ok(text.includes(`${BASE}/advisories/${ID}/known-issues#ki${issue.id}`));
    assert.ok(text.includes(`${BASE}${THREAD}`));
    assert.ok(text.includes(`${BASE}/notifications/watches`));
    assert.match(mail.header('list-unsubscribe')!, new RegExp(`^<${BASE}/mail/unsubscribe\\?token=[^>]+>$`));
    assert.equal(mail.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.equal(mail.header('auto-submitted'), 'auto-generated');
    assert.ok(text.includes(mail.header('list-unsubscribe')!.slice(1, -1)), 'the same link in the text');

    const row = await t.em().findOneOrFail(OutboxMail, rows[0].id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.ok(row.sentAt);
    assert.equal(mail.parsed.messageId, row.messageId);
    // Nothing more is due: a second pass sends nothing.
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 0, failed: 0 });
    assert.equal(mailsTo(smtp, bob.user).length + mailsTo(smtp, mod.user).length, 0);
  });

  it('mails a status change (with the moderator’s note) and nothing for an edit that keeps the status', async () => {
    await changeStatus(mod, issue, 'confirmed', '同じ症状を3社で確認。');
    assert.deepEqual(await deliver(t), { sent: 1, retrying: 0, failed: 0 });
    const mail = smtp.received.at(-1)!;
    assert.deepEqual(mail.envelope.to, [alice.user.email]);
    assert.equal(mail.parsed.subject, `[HFR BBS] ${ID} 既知の問題: ${issue.title}（確認済み）`);
    assert.ok(
      mail.parsed.text!.includes(
        `\n${ID} (KB885835) ${issue.title}: 調査中 → 確認済み(${mod.user.username} さん、メモ: 同じ症状を3社で確認。)\n`,
      ),
      mail.parsed.text,
    );
    assert.ok(mail.parsed.text!.includes('同じ症状を3社で確認。'));
    assert.equal((await t.em().findOneOrFail(OutboxMail, { subject: mail.parsed.subject })).kind, 'status');

    const before = await t.em().count(OutboxMail);
    const res = await submit(
      mod,
      `/known-issues/${issue.id}/edit`,
      issueForm({ title: issue.title, status: 'confirmed', workaround: '更新された回避策', note: '回避策を追記。' }),
    );
    assert.equal(res.status, 303);
    assert.equal(await t.em().count(OutboxMail), before);
  });

  it('sends a daily digest of visible field reports only, once (the CLI twice sends nothing new)', async () => {
    const reporter = await member(t, Role.Moderator);
    const newbie = await member(t);
    const r1 = await postThroughForm(t, reporter, report('一つ目の報告:スケジュール・バックアップが失敗する。'));
    // Carol chooses email after the first report: her digest starts from now.
    await emailOn(carol);
    const held = await postThroughForm(
      t,
      newbie,
      report('二つ目の報告(承認待ち)。', { platform: 'ws2003', outcome: 'success', hosts: '5', software: '' }),
    );
    assert.equal(held.state, 'held');
    const hidden = await postThroughForm(t, reporter, report('三つ目の報告(あとで非表示)。'));
    assert.equal((await submit(mod, `/posts/${hidden.id}/hide`, { reason: '重複' })).status, 303);
    await postThroughForm(t, reporter, { body: 'ただの返信(報告ではない)。' });

    const sentBefore = smtp.received.length;
    const first = await digestCli(t);
    assert.equal(first.code, 0, first.lines.join('\n'));
    // Alice and the moderator (email on since the first test); Carol chose email after the one visible report.
    assert.deepEqual(first.lines, ['Digest: 2 mails written (2 reports).', 'Outbox: 2 sent, 0 to retry, 0 failed.']);
    assert.deepEqual(
      smtp.received
        .slice(sentBefore)
        .map((m) => m.envelope.to[0])
        .sort(),
      [alice.user.email, mod.user.email].sort(),
    );
    const digest = mailsTo(smtp, alice.user).at(-1)!;
    assert.equal(digest.parsed.subject, `[HFR BBS] ${ID} 新しい適用報告 1件（${formatDate('ja', new Date())}）`);
    const text = digest.parsed.text!;
    assert.ok(text.startsWith(`${alice.user.username} さん\n`), text);
    // The notification's line, in the same words, with the hosts.
    assert.ok(
      text.includes(
        `\n#${r1.number} ${reporter.user.username} さんが ${ID} に ${LABEL} で「問題あり」と報告しました: VERITAS Backup Exec 8.6（40台）\n`,
      ),
      text,
    );
    assert.ok(text.includes('一つ目の報告:スケジュール・バックアップが失敗する。'));
    assert.ok(text.includes(`${BASE}/posts/${r1.id}`));
    for (const absent of ['二つ目の報告', '三つ目の報告', 'ただの返信'])
      assert.ok(!text.includes(absent), `${absent} must not be in the digest`);
    assert.equal(digest.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

    const again = await digestCli(t);
    assert.deepEqual(again.lines, ['Digest: 0 mails written (0 reports).', 'Outbox: 0 sent, 0 to retry, 0 failed.']);
    assert.equal(smtp.received.length, sentBefore + 2);

    // Approved, the held report is published now and goes into the next digest, Carol's too.
    const modPage = await mod.agent.get('/mod').expect(200);
    assert.equal(
      (
        await mod.agent
          .post(`/mod/posts/${held.id}/review`)
          .type('form')
          .send({ _csrf: csrfFrom(modPage.text), decision: 'approve' })
      ).status,
      303,
    );
    const third = await digestCli(t);
    assert.deepEqual(third.lines[0], 'Digest: 3 mails written (3 reports).');
    const latest = smtp.received.slice(sentBefore + 2);
    assert.deepEqual(latest.map((m) => m.envelope.to[0]).sort(), [alice.user.email, carol.user.email, mod.user.email].sort());
    for (const m of latest) {
      assert.ok(m.parsed.text!.includes('二つ目の報告(承認待ち)。'));
      assert.ok(
        m.parsed.text!.includes(
          `#${held.number} ${newbie.user.username} さんが ${ID} に ${REF.platforms.find((p) => p.key === 'ws2003')!.label} で「問題なし」と報告しました（5台）\n`,
        ),
        m.parsed.text,
      );
      assert.ok(!m.parsed.text!.includes('一つ目の報告'));
    }
    assert.equal(mailsTo(smtp, bob.user).length, 0, 'bob watches without email');
    assert.equal(await t.em().count(DigestItem), 0);
  });

  it('unsubscribes with the mail’s signed link: GET only asks, a tampered token is refused, POST needs no session', async () => {
    const path = unsubscribePath(mailsTo(smtp, alice.user)[0]);
    const token = new URL(path, BASE).searchParams.get('token')!;

    const confirm = await request(t.http).get(path).expect(200);
    await assertValidHtml(confirm.text, 'unsubscribe confirmation');
    assert.match(confirm.text, new RegExp(msg('mail.unsubscribe.confirm', { advisory: ID })));
    assert.ok(confirm.text.includes(`<form method="post" action="/mail/unsubscribe?token&#x3D;${encodeURIComponent(token)}"`));
    assert.equal((await watchOf(t, alice.user))?.emailEnabled, true, 'a GET (a mail scanner) changes nothing');

    // The same signature on Bob's id, or on another advisory: refused with a page that says why.
    const forged = token.replace(/^\d+\./, `${bob.user.id}.`);
    for (const bad of [forged, token.replace(ID, 'MS04-045'), `${token.slice(0, -2)}xx`, 'garbage']) {
      const res = await request(t.http)
        .post(`/mail/unsubscribe?token=${encodeURIComponent(bad)}`)
        .type('form')
        .send('List-Unsubscribe=One-Click');
      assert.equal(res.status, 400);
      assert.match(res.text, new RegExp(msg('mail.unsubscribe.invalid').slice(0, 20)));
      await assertValidHtml(res.text, 'invalid unsubscribe link');
    }
    assert.equal((await request(t.http).get(`/mail/unsubscribe?token=${encodeURIComponent(forged)}`)).status, 400);
    assert.equal((await watchOf(t, alice.user))?.emailEnabled, true);

    // Alice also has email on for a second advisory: her MS04-044 token must not touch it.
    const other = buildAdvisoryDoc();
    await createAdvisories(t.app, [other]);
    await emailOn(alice, other.id);

    // RFC 8058 one-click: a mail client POSTs with no cookie and no CSRF token.
    const res = await request(t.http).post(path).type('form').send('List-Unsubscribe=One-Click');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/mail/unsubscribed?advisory=${ID}`);
    const watch = await watchOf(t, alice.user);
    assert.equal(watch?.emailEnabled, false, 'email off');
    assert.ok(watch, 'still watching on the site');
    assert.equal((await watchOf(t, alice.user, other.id))?.emailEnabled, true, 'the other watch keeps its email');
    const done = await request(t.http).get(res.headers.location).expect(200);
    assert.match(done.text, new RegExp(msg('mail.unsubscribed.message', { advisory: ID }).slice(0, 20)));
    await assertValidHtml(done.text, 'unsubscribed');
    // Again is harmless.
    assert.equal((await request(t.http).post(path).type('form').send('List-Unsubscribe=One-Click')).status, 303);

    // The exemption is this route only: other POSTs still need the session's token.
    assert.equal((await alice.agent.post(`/advisories/${ID}/watch/email`).type('form').send({ email: 'on' })).status, 403);

    const aliceBefore = mailsTo(smtp, alice.user).length;
    await issueThroughForm(t, mod, issueForm({ title: 'NT 4.0 で 7.8 GB を超えるパーティションから起動できない' }));
    await deliver(t);
    assert.equal(mailsTo(smtp, alice.user).length, aliceBefore, 'no more mail for alice');
    assert.equal(mailsTo(smtp, carol.user).at(-1)?.parsed.subject?.includes('7.8 GB'), true, 'carol still gets hers');
  });

  it('retries a refused mail without touching the request, delivers it when the server takes it, and gives up at the limit', async () => {
    const carolMails = () => mailsTo(smtp, carol.user).length;
    const start = carolMails();
    smtp.refuse = { code: 451, message: 'Try again later' };
    await changeStatus(mod, issue, 'mitigated', '回避策を確認。');
    const row = await t.em().findOneOrFail(OutboxMail, { toAddress: carol.user.email, kind: 'status' }, { orderBy: { id: 'desc' } });
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 1, failed: 0 });
    let now = await t.em().findOneOrFail(OutboxMail, row.id);
    assert.equal(now.status, 'pending');
    assert.equal(now.attempts, 1);
    assert.match(now.lastError ?? '', /451/);
    assert.equal(carolMails(), start);

    smtp.refuse = null;
    assert.deepEqual(await deliver(t), { sent: 1, retrying: 0, failed: 0 });
    now = await t.em().findOneOrFail(OutboxMail, row.id);
    assert.deepEqual([now.status, now.attempts, now.lastError], ['sent', 2, null]);
    assert.equal(carolMails(), start + 1);
    assert.ok(mailsTo(smtp, carol.user).at(-1)!.parsed.subject!.endsWith('（回避策あり）'));

    // Refused every time: three attempts (MAIL_MAX_ATTEMPTS here), then failed for good.
    smtp.refuse = { code: 421, message: 'Service not available' };
    await changeStatus(mod, issue, 'resolved', '修正版で解決。');
    const stubborn = await t.em().findOneOrFail(OutboxMail, { toAddress: carol.user.email }, { orderBy: { id: 'desc' } });
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 1, failed: 0 });
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 1, failed: 0 });
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 0, failed: 1 });
    smtp.refuse = null;
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 0, failed: 0 });
    now = await t.em().findOneOrFail(OutboxMail, stubborn.id);
    assert.deepEqual([now.status, now.attempts], ['failed', 3]);
    assert.match(now.lastError ?? '', /421/);

    // A permanent refusal of the message (5xx) is not retried.
    smtp.refuse = { code: 550, message: 'Mailbox unavailable' };
    await changeStatus(mod, issue, 'reopen', '再発の報告。');
    assert.deepEqual(await deliver(t), { sent: 0, retrying: 0, failed: 1 });
    smtp.refuse = null;
    assert.equal(carolMails(), start + 1);
  });
});

describe('email while the SMTP server is down', () => {
  let t: TestApp;
  let smtp: TestSmtp | null = null;
  let port: number;

  before(async () => {
    port = await freePort();
    // The background sender runs every second here, as it does in production every MAIL_SEND_INTERVAL_SECONDS.
    t = await mailBoard({ smtpUrl: `smtp://127.0.0.1:${port}`, sendIntervalSeconds: 1, retrySeconds: 1, maxAttempts: 8 });
  });
  after(async () => {
    await t.close();
    await smtp?.close();
  });

  it('answers the request at once; the background sender retries and delivers once the server is up', async () => {
    const mod = await member(t, Role.Moderator);
    const reader = await member(t);
    await emailOn(reader);
    const started = Date.now();
    await issueThroughForm(t, mod);
    assert.ok(Date.now() - started < 5000, 'the request does not wait for SMTP');

    const row = await t.em().findOneOrFail(OutboxMail, { toAddress: reader.user.email });
    const until = Date.now() + 15_000;
    let seen = row;
    while (!(seen.attempts >= 1 && seen.lastError)) {
      assert.ok(Date.now() < until, 'the sender tried and recorded the error');
      await new Promise((r) => setTimeout(r, 100));
      seen = await t.em().findOneOrFail(OutboxMail, row.id);
    }
    assert.equal(seen.status, 'pending');
    assert.match(seen.lastError, /ECONNREFUSED|connect/i);

    smtp = await startSmtp(port);
    await smtp.waitFor(1, 20_000);
    assert.deepEqual(smtp.received[0].envelope.to, [reader.user.email]);
    let sent = await t.em().findOneOrFail(OutboxMail, row.id);
    for (let i = 0; sent.status !== 'sent' && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sent = await t.em().findOneOrFail(OutboxMail, row.id);
    }
    assert.equal(sent.status, 'sent');
    assert.ok(sent.attempts >= 2);
    assert.equal(smtp.received.length, 1, 'delivered once');
  });
});

describe('email without SMTP_URL: the outbox', () => {
  let t: TestApp;
  let admin: Member;
  let mod: Member;
  let reader: Member;

  before(async () => {
    t = await mailBoard({ smtpUrl: null });
    admin = await member(t, Role.Admin);
    mod = await member(t, Role.Moderator);
    reader = await member(t);
  });
  after(() => t.close());

  it('lists the watched advisories with their email choice and changes it from there', async () => {
    const empty = await reader.agent.get('/notifications/watches').expect(200);
    assert.match(empty.text, new RegExp(msg('mail.watches.empty').slice(0, 12)));
    assert.equal((await submit(reader, `/advisories/${ID}/watch`)).status, 303);
    const page = await reader.agent.get('/notifications/watches').expect(200);
    await assertValidHtml(page.text, 'watches');
    assert.match(page.text, /id="watch-MS04-044"/);
    assert.match(page.text, new RegExp(`<strong>${msg('mail.watches.off')}</strong>`));
    const res = await submit(reader, `/advisories/${ID}/watch/email`, { email: 'on', next: '/notifications/watches' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/notifications/watches');
    assert.match(
      (await reader.agent.get('/notifications/watches').expect(200)).text,
      new RegExp(`<strong>${msg('mail.watches.on')}</strong>`),
    );
    assert.match((await reader.agent.get('/notifications/watches?lang=en').expect(200)).text, /Watches and email/);
    // An outside "next" is ignored.
    assert.equal(
      (await submit(reader, `/advisories/${ID}/watch/email`, { email: 'on', next: '//evil.example/' })).headers.location,
      THREAD,
    );
    assert.equal((await request(t.http).get('/notifications/watches')).status, 401);
    assert.equal((await submit(reader, '/advisories/MS99-999/watch/email', { email: 'on' })).status, 404);
  });

  it('turning email off or unwatching drops what waited for the digest', async () => {
    const reporter = await member(t, Role.Moderator);
    await postThroughForm(t, reporter, report('ダイジェスト待ちの報告。'));
    assert.equal(await t.em().count(DigestItem), 1);
    assert.equal((await submit(reader, `/advisories/${ID}/watch/email`, { email: 'off', next: '/notifications/watches' })).status, 303);
    assert.equal(await t.em().count(DigestItem), 0);
    await emailOn(reader);
    await postThroughForm(t, reporter, report('もう一つの報告。'));
    assert.equal(await t.em().count(DigestItem), 1);
    const res = await submit(reader, `/advisories/${ID}/watch`, { watch: 'off', next: '/notifications/watches' });
    assert.equal(res.headers.location, '/notifications/watches');
    assert.equal(await watchOf(t, reader.user), null);
    assert.equal(await t.em().count(DigestItem), 0, 'gone with the watch');
    await emailOn(reader);
  });

  it('keeps mails in the outbox for admins to read; nobody else may', async () => {
    const issue = await issueThroughForm(t, mod);
    assert.deepEqual(await t.app.get(MailSender).deliverDue(), { sent: 0, retrying: 0, failed: 0 });
    const row = await t.em().findOneOrFail(OutboxMail, { toAddress: reader.user.email });
    assert.deepEqual([row.status, row.attempts], ['pending', 0]);

    const list = await admin.agent.get('/admin/outbox').expect(200);
    await assertValidHtml(list.text, 'outbox');
    assert.match(list.text, new RegExp(msg('mail.outbox.smtpOff').slice(0, 10)));
    assert.match(list.text, new RegExp(`<a href="/admin/outbox/${row.id}">\\[HFR BBS\\] ${ID} 既知の問題: ${issue.title}`));
    assert.match(list.text, new RegExp(reader.user.email.replace('.', '\\.')));
    assert.match(list.text, new RegExp(msg('mail.outbox.status.pending')));
    const one = await admin.agent.get(`/admin/outbox/${row.id}`).expect(200);
    await assertValidHtml(one.text, 'outbox mail');
    assert.match(one.text, new RegExp(`${reader.user.username} さん`));
    assert.match(one.text, new RegExp(`${BASE}/advisories/${ID}/known-issues#ki${issue.id}`));
    assert.match((await admin.agent.get('/admin/outbox?status=sent').expect(200)).text, new RegExp(msg('mail.outbox.empty')));
    assert.match((await admin.agent.get('/admin/outbox?lang=en').expect(200)).text, /Outgoing mail/);
    assert.equal((await admin.agent.get('/admin/outbox/999999')).status, 404);

    for (const who of [mod, reader]) {
      assert.equal((await who.agent.get('/admin/outbox')).status, 403);
      assert.equal((await who.agent.get(`/admin/outbox/${row.id}`)).status, 403);
    }
    assert.equal((await request(t.http).get('/admin/outbox')).status, 401);
  });

  it('pages the outbox newest first by keyset', async () => {
    const em = t.em();
    for (let i = 0; i < 55; i++)
      em.persist(new OutboxMail(null, 'digest', `bulk${i}@example.test`, `bulk ${i}`, 'text', `<bulk${i}@test>`));
    await em.flush();
    const total = await t.em().count(OutboxMail);
    const first = await admin.agent.get('/admin/outbox').expect(200);
    const ids = (html: string) => [...html.matchAll(/<tr id="mail-(\d+)">/g)].map((m) => Number(m[1]));
    const page1 = ids(first.text);
    assert.equal(page1.length, 50);
    assert.deepEqual(
      page1,
      [...page1].sort((a, b) => b - a),
    );
    const next = /<a rel="next" href="([^"]+)">/.exec(first.text)![1].replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    assert.equal(next, `/admin/outbox?before=${page1[49]}`);
    const page2 = ids((await admin.agent.get(next).expect(200)).text);
    assert.equal(page1.length + page2.length, total);
    assert.ok(Math.max(...page2) < Math.min(...page1));
  });
});
