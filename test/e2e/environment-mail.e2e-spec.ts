import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findRootDir, loadConfig, MailConfig } from '../../src/config/config';
import { MailSender } from '../../src/mail/mail.sender';
import { MailService } from '../../src/mail/mail.service';
import { Notification } from '../../src/notifications/notification.entity';
import { Role } from '../../src/policy/viewer';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { boardApp } from '../support/board';
import { FormFields, member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm } from '../support/posting';
import { startSmtp, TestSmtp } from '../support/smtp';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Each mail setting does what its label says (issue 20, item 5): a watch's "also by email" mails the
// watcher of the advisory's known issues; the environment's "also e-mail me matching known issues" mails
// (now, or in the daily digest) a match whether or not the member watches the advisory; one change is
// never mailed twice to one member. Read back from a real SMTP server, as mail.e2e-spec does.
// ---------------------------------------------------------------------------------------------

const BASE = 'https://bbs.example.jp';
const DEFAULTS = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false', PUBLIC_BASE_URL: BASE }, findRootDir(__dirname));
const ADVISORY = buildAdvisoryDoc({
  platforms: [{ key: 'vista', label: 'Windows Vista', product: 'Windows Vista' }],
});

function mailConfig(over: Partial<MailConfig>): MailConfig {
  return { ...DEFAULTS.mail, sendIntervalSeconds: 0, digestHour: null, retrySeconds: 0, maxAttempts: 3, ...over };
}

describe('mail settings for known issues: the watch’s and the environment’s', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let mod: Member;
  before(async () => {
    smtp = await startSmtp();
    t = await boardApp({
      publicBaseUrl: BASE,
      mail: mailConfig({ smtpUrl: smtp.url }),
      moderation: { flagHideThreshold: 3, holdFirstPosts: 0 },
    });
    await createAdvisories(t.app, [ADVISORY]);
    mod = await member(t, Role.Moderator);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const deliver = () => t.app.get(MailSender).deliverDue();
  const subjectsTo = (m: Member) => smtp.received.filter((r) => r.envelope.to.includes(m.user.email)).map((r) => r.parsed.subject ?? '');
  const notesOf = (m: Member) => t.em().find(Notification, { user: m.user.id, knownIssue: { $ne: null } });
  async function runs(fields: FormFields, watch: 'no' | 'site' | 'email'): Promise<Member> {
    const m = await member(t);
    assert.equal((await submit(m, '/account/environment', { platforms: 'vista', ...fields })).status, 303);
    if (watch === 'site') assert.equal((await submit(m, `/advisories/${ADVISORY.id}/watch`)).status, 303);
    if (watch === 'email') assert.equal((await submit(m, `/advisories/${ADVISORY.id}/watch/email`, { email: 'on' })).status, 303);
    return m;
  }

  it('mails a match to a watcher whose watch sends no mail, as their environment chose; never twice for one change', async () => {
    const quietNow = await runs({ email: 'now' }, 'site');
    const quietDigest = await runs({ email: 'digest' }, 'site');
    const quietOff = await runs({ email: 'off' }, 'site');
    const watchMail = await runs({ email: 'now' }, 'email');
    const watchMailOnly = await runs({ email: 'off' }, 'email');
    const notWatching = await runs({ email: 'now' }, 'no');

    const issue = await issueThroughForm(
      t,
      mod,
      issueForm({ title: 'Vista で印刷できない', platforms: ['vista'], software: '' }),
      ADVISORY.id,
    );
    await deliver();
    const match = (m: Member) => subjectsTo(m).filter((s) => s.includes('使用環境に該当') && s.includes(issue.title));
    const watched = (m: Member) =>
      subjectsTo(m).filter((s) => s.includes(`${ADVISORY.id} 既知の問題: ${issue.title}`) && !s.includes('使用環境'));

    assert.equal(match(quietNow).length, 1, 'the environment’s mail, though the member watches without mail');
    assert.equal(watched(quietNow).length, 0);
    assert.equal(subjectsTo(quietOff).length, 0, 'no mail chosen anywhere: none');
    assert.deepEqual([watched(watchMail).length, match(watchMail).length], [1, 0], 'the watch’s mail, and only it');
    assert.deepEqual([watched(watchMailOnly).length, match(watchMailOnly).length], [1, 0]);
    assert.equal(match(notWatching).length, 1);
    assert.equal(subjectsTo(quietDigest).length, 0, 'the digest waits for its hour');
    // In-app, each hears once: watchers as watchers, the others as matched.
    for (const m of [quietNow, quietDigest, quietOff, watchMail, watchMailOnly]) {
      const notes = await notesOf(m);
      assert.deepEqual(
        notes.map((n) => n.kind),
        ['known-issue'],
        m.user.username,
      );
    }
    assert.deepEqual(
      (await notesOf(notWatching)).map((n) => n.kind),
      ['known-issue-match'],
    );

    // The daily digest carries the match to the watcher who chose it for their environment.
    await t.app.get(MailService).runDigest();
    await deliver();
    const digest = subjectsTo(quietDigest);
    assert.equal(digest.length, 1, digest.join(' | '));
    assert.match(digest[0], /使用環境に該当する既知の問題 1件/);
    assert.equal(subjectsTo(quietNow).length, 1, 'a mail now is not repeated in a digest');

    // Turning the watch's mail on makes the watch's mail the one: a status change mails each watcher once.
    assert.equal((await submit(quietNow, `/advisories/${ADVISORY.id}/watch/email`, { email: 'on' })).status, 303);
    const changed = await submit(
      mod,
      `/known-issues/${issue.id}/edit`,
      issueForm({ title: issue.title, platforms: ['vista'], software: '', status: 'confirmed', note: '再現' }),
    );
    assert.equal(changed.status, 303);
    await deliver();
    const after = subjectsTo(quietNow);
    assert.equal(after.length, 2, after.join(' | '));
    assert.ok(after[1].includes('既知の問題') && !after[1].includes('使用環境'), after[1]);
  });
});
