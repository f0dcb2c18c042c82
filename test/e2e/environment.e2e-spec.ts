import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import { Advisory } from '../../src/advisories/advisory.entity';
import { STATUS_DAYS } from '../../src/guidance/status-page.service';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { MailService } from '../../src/mail/mail.service';
import { MatchDigestItem } from '../../src/mail/match-digest-item.entity';
import { OutboxMail, OutboxMailKind } from '../../src/mail/outbox-mail.entity';
import { EnvironmentEntry } from '../../src/notifications/environment.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Role } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { boardApp } from '../support/board';
import { all, hasClass, one, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { FormFields, guest, member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm } from '../support/posting';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// My environment (issue 20, item 5): a member's platforms and software at /account/environment,
// /known-issues?mine=1, and the known-issue-match notifications (in-app, mail, digest) for
// advisories they do not watch, never twice for one change.
// ---------------------------------------------------------------------------------------------

const PATH = '/account/environment';
const OTHER = buildAdvisoryDoc({
  registeredOn: '2009-02-10',
  platforms: [
    { key: 'win2000-sp4', label: 'Windows 2000 Service Pack 4', product: 'Windows 2000' },
    { key: 'vista', label: 'Windows Vista', product: 'Windows Vista' },
  ],
});

const saveEnvironment = async (m: Member, fields: FormFields) => {
  const res = await submit(m, PATH, fields);
  assert.equal(res.status, 303, res.text.slice(0, 400));
  assert.equal(res.headers.location, `${PATH}?saved=1`);
};

/** The titles of the known issues a page lists. */
function listed(html: string): string[] {
  return all(parseDocument(html), (e) => e.name === 'a' && hasClass(e, 'ki__title')).map(textOf);
}

describe('my environment', () => {
  let t: TestApp;
  let mod: Member;
  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 0 } });
    await createAdvisories(t.app, [OTHER]);
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  const matchesOf = (m: Member) =>
    t.em().find(Notification, { user: m.user.id, kind: 'known-issue-match' }, { orderBy: { id: 'asc' }, populate: ['knownIssue'] });
  const watchNotesOf = (m: Member) => t.em().find(Notification, { user: m.user.id, kind: 'known-issue' });
  const unread = async (m: Member) => (await t.em().findOneOrFail(User, m.user.id)).unreadNotifications;

  describe('the form', () => {
    it('is for members: a guest is asked to sign in, and cannot post it', async () => {
      const page = await guest(t).then((g) => g.agent.get(PATH));
      assert.equal(page.status, 401);
      assert.match(page.text, /href="\/login\?next(=|&#x3D;)%2Faccount%2Fenvironment"/);
      const g = await guest(t);
      assert.equal((await submit(g, PATH, { platforms: 'win2000-sp4' })).status, 401);
    });

    it('offers each platform of the bulletins once, with its newest bulletin’s label first, and is linked from the member’s menu', async () => {
      const m = await member(t);
      const page = await m.agent.get(PATH).expect(200);
      await assertValidHtml(page.text, 'environment form');
      assert.match(page.text, /<a href="\/account\/environment" aria-current="page">/);
      const labels = all(parseDocument(page.text), (e) => e.name === 'input' && e.attribs.name === 'platforms').map((e) => e.attribs.value);
      assert.equal(labels.length, new Set(labels).size, 'each key once');
      assert.deepEqual(labels.slice(0, 2), ['win2000-sp4', 'vista'], 'the newest bulletin’s platforms first');
      assert.match(page.text, /Windows 2000 Service Pack 4/);
      assert.ok(labels.includes('ws2003'));
      assert.match((await m.agent.get('/notifications').expect(200)).text, /href="\/account\/environment"/);
    });

    it('saves platforms, software (one a line, repeated ones once) and the mail choice, and shows them again', async () => {
      const m = await member(t);
      await saveEnvironment(m, {
        platforms: ['ws2003', 'vista'],
        software: ' Backup Exec \r\n\r\nｂａｃｋｕｐ　ｅｘｅｃ\nウイルスバスター',
        email: 'digest',
      });
      const page = await m.agent.get(`${PATH}?saved=1`).expect(200);
      assert.match(page.text, new RegExp(msg('environment.saved')));
      assert.match(page.text, /value="ws2003" checked/);
      assert.match(page.text, /value="vista" checked/);
      assert.doesNotMatch(page.text, /value="win2000-sp4" checked/);
      assert.match(page.text, />Backup Exec\nウイルスバスター<\/textarea>/);
      assert.match(page.text, /value="digest" checked/);
      const rows = await t.em().find(EnvironmentEntry, { user: m.user.id }, { orderBy: { id: 'asc' } });
      assert.deepEqual(
        rows.map((r) => [r.kind, r.value, r.term, r.matchKey]),
        [
          ['platform', 'ws2003', 'p:ws2003', null],
          ['platform', 'vista', 'p:vista', null],
          ['software', 'Backup Exec', 'w:backup', ' backup exec '],
          ['software', 'ウイルスバスター', 'w:ウイルスバスター', ' ウイルスバスター '],
        ],
      );
      // Saving again replaces it all.
      await saveEnvironment(m, { software: 'Exchange' });
      assert.deepEqual(
        (await t.em().find(EnvironmentEntry, { user: m.user.id })).map((r) => r.value),
        ['Exchange'],
      );
    });

    it('shows a refused form again with what was typed and why (422), changing nothing', async () => {
      const m = await member(t);
      await saveEnvironment(m, { platforms: 'ws2003', software: 'Exchange' });
      const long = 'x'.repeat(201);
      const cases: [FormFields, string, string][] = [
        [{ platforms: ['ws2003', 'no-such-platform'], software: 'Backup Exec' }, 'platforms', msg('environment.platforms.invalid')],
        [{ software: `Backup Exec\n${long}` }, 'software', msg('environment.software.tooLong')],
        [{ software: Array.from({ length: 51 }, (_, i) => `product ${i}`).join('\n') }, 'software', msg('environment.software.tooMany')],
        [{ software: 'Backup Exec\n---' }, 'software', msg('environment.software.noWords')],
        [{ software: 'Backup Exec', email: 'sometimes' }, 'email', msg('environment.email.invalid')],
        [{ software: ['a', 'b'] }, 'software', msg('environment.software.invalid')],
      ];
      for (const [fields, field, reason] of cases) {
        const res = await submit(m, PATH, fields);
        assert.equal(res.status, 422, `${JSON.stringify(fields).slice(0, 80)}: ${res.status}`);
        await assertValidHtml(res.text, `refused ${field}`);
        assert.ok(res.text.includes(reason), `${field}: ${reason}`);
        assert.match(res.text, new RegExp(`id="env-${field}-error"`));
        if (typeof fields === 'object' && !Array.isArray(fields) && typeof fields.software === 'string')
          assert.ok(res.text.includes(fields.software.split('\n')[0]), 'the text kept');
      }
      const kept = await t.em().find(EnvironmentEntry, { user: m.user.id }, { orderBy: { id: 'asc' } });
      assert.deepEqual(
        kept.map((r) => r.value),
        ['ws2003', 'Exchange'],
      );
    });

    it('refuses a post without the session’s form token', async () => {
      const m = await member(t);
      const res = await m.agent.post(PATH).type('form').send({ _csrf: 'forged', software: 'Backup Exec' });
      assert.equal(res.status, 403);
      assert.equal(await t.em().count(EnvironmentEntry, { user: m.user.id }), 0);
    });
  });

  describe('/known-issues?mine=1', () => {
    it('asks a guest to sign in and a member without an environment to set one up; keeps the board-wide list as it was', async () => {
      const res = await guest(t).then((g) => g.agent.get('/known-issues?mine=1'));
      assert.equal(res.status, 401);
      assert.match(res.text, /href="\/login\?next(=|&#x3D;)%2Fknown-issues%3Fmine%3D1"/);
      const m = await member(t);
      const page = await m.agent.get('/known-issues?mine=1').expect(200);
      await assertValidHtml(page.text, 'mine without environment');
      assert.ok(page.text.includes(msg('knownIssues.mine.missing')));
      assert.match(page.text, /href="\/account\/environment"/);
      const plain = await guest(t).then((g) => g.agent.get('/known-issues').expect(200));
      assert.doesNotMatch(plain.text, /name="mine"/, 'no environment filter for guests');
    });

    it('lists the open issues across bulletins whose platforms or software match, with the other filters', async () => {
      const byPlatform = await issueThroughForm(
        t,
        mod,
        issueForm({ title: 'Vista で起動しない', platforms: ['vista'], software: '' }),
        OTHER.id,
      );
      const bySoftware = await issueThroughForm(
        t,
        mod,
        issueForm({ title: 'Backup Exec が失敗する', platforms: ['win2000-sp4'], software: 'VERITAS Backup Exec 8.6' }),
      );
      const neither = await issueThroughForm(
        t,
        mod,
        issueForm({ title: '無関係の問題', platforms: ['win2000-sp4'], software: 'Office 2003' }),
      );
      const closed = await issueThroughForm(t, mod, issueForm({ title: '解決済みの問題', platforms: ['ws2003'], software: '' }));
      const edit = await mod.agent.get(`/known-issues/${closed.id}/edit`).expect(200);
      assert.ok(edit.ok);
      assert.equal(
        (
          await submit(
            mod,
            `/known-issues/${closed.id}/edit`,
            issueForm({ title: closed.title, platforms: ['ws2003'], software: '', status: 'dismissed', note: '重複' }),
          )
        ).status,
        303,
      );
      const m = await member(t);
      await saveEnvironment(m, { platforms: 'vista', software: 'ｂａｃｋｕｐ－ｅｘｅｃ\nWindows Server' });
      const page = await m.agent.get('/known-issues?mine=1').expect(200);
      await assertValidHtml(page.text, 'mine');
      assert.ok(page.text.includes(msg('knownIssues.mine.title')));
      const titles = listed(page.text);
      assert.deepEqual(titles.sort(), [byPlatform.title, bySoftware.title].sort());
      assert.ok(!titles.includes(neither.title) && !titles.includes(closed.title));
      // The other filters narrow the member's list further, and the board-wide list still shows every open issue.
      assert.deepEqual(listed((await m.agent.get('/known-issues?mine=1&platform=vista').expect(200)).text), [byPlatform.title]);
      assert.deepEqual(listed((await m.agent.get('/known-issues?mine=1&software=veritas').expect(200)).text), [bySoftware.title]);
      const everyone = listed((await m.agent.get('/known-issues').expect(200)).text);
      assert.ok([byPlatform, bySoftware, neither].every((i) => everyone.includes(i.title)));
    });
  });

  describe('the board index for a member', () => {
    it('lists the bulletins on hold for a platform the member runs; other members and guests see no such notice', async () => {
      const held = buildAdvisoryDoc({
        registeredOn: '2009-03-10',
        platforms: [{ key: 'nt4-sp6a', label: 'Windows NT 4.0 SP6a', product: 'Windows NT 4.0' }],
      });
      await createAdvisories(t.app, [held]);
      const runsIt = await member(t);
      const other = await member(t);
      await saveEnvironment(runsIt, { platforms: ['nt4-sp6a', 'vista'] });
      await saveEnvironment(other, { platforms: 'vista' });
      const before = await runsIt.agent.get('/').expect(200);
      assert.doesNotMatch(before.text, /env-holds/, 'nothing on hold yet');
      // An open known issue without a workaround puts the platform on hold.
      await issueThroughForm(
        t,
        mod,
        issueForm({ title: 'NT4 で起動しない', platforms: ['nt4-sp6a'], software: '', workaround: '' }),
        held.id,
      );
      const page = await runsIt.agent.get('/').expect(200);
      await assertValidHtml(page.text, 'index with holds');
      const notice = one(parseDocument(page.text), (e) => e.name === 'section' && hasClass(e, 'env-holds'));
      assert.ok(textOf(notice).includes(held.id) && textOf(notice).includes('Windows NT 4.0 SP6a'), textOf(notice));
      assert.match(page.text, new RegExp(`href="/advisories/${held.id}"`));
      assert.doesNotMatch((await other.agent.get('/').expect(200)).text, /env-holds/);
      const g = await guest(t);
      assert.doesNotMatch((await g.agent.get('/').expect(200)).text, /env-holds/);
    });

    it('covers every bulletin of the status window, not only the page shown, and lists the platforms as the reader’s language does', async () => {
      const platforms = [
        { key: 'xp-sp1', label: 'Windows XP SP1', product: 'Windows XP' },
        { key: 'xp-sp2', label: 'Windows XP SP2', product: 'Windows XP' },
        { key: 'ws2003-x64', label: 'Windows Server 2003 x64', product: 'Windows Server 2003' },
      ];
      // Old bulletin dates: the index lists them on a later page, the status window holds them by publication.
      const [window, stale] = [
        buildAdvisoryDoc({ registeredOn: '2001-05-01', platforms }),
        buildAdvisoryDoc({ registeredOn: '2001-05-02', platforms }),
      ];
      await createAdvisories(t.app, [window, stale]);
      await t.em().nativeUpdate(Advisory, { id: stale.id }, { publishedAt: new Date(Date.now() - (STATUS_DAYS + 1) * 86_400_000) });
      const m = await member(t);
      await saveEnvironment(m, { platforms: ['xp-sp1', 'xp-sp2', 'ws2003-x64'] });
      for (const id of [window.id, stale.id])
        await issueThroughForm(
          t,
          mod,
          issueForm({ title: 'XP で止まる', platforms: ['xp-sp1', 'xp-sp2'], software: '', workaround: '' }),
          id,
        );
      const noticeOn = async (path: string) => {
        const page = await m.agent.get(path).expect(200);
        const notice = one(parseDocument(page.text), (e) => e.name === 'section' && hasClass(e, 'env-holds'));
        assert.ok(notice, `a hold notice on ${path}`);
        return all(notice, (e) => e.name === 'li').map(textOf);
      };
      // A page listing nothing (past the oldest bulletin) still names the held bulletin of the window; the one published before it is left out.
      const past = await noticeOn('/?after=1990-01-01~ZZ');
      const line = past.find((l) => l.includes(window.id));
      assert.ok(line, past.join(' | '));
      assert.ok(!past.some((l) => l.includes(stale.id)), 'published before the window');
      assert.ok(line.includes('(Windows XP SP1、Windows XP SP2)'), line);
      const english = (await noticeOn('/?lang=en')).find((l) => l.includes(window.id));
      assert.ok(english?.includes('(Windows XP SP1 and Windows XP SP2)'), english);
    });
  });

  describe('known-issue-match notifications', () => {
    it('tells matching members of a new issue and of a status change on bulletins they do not watch: in-app, by mail or in the digest', async () => {
      const [byPlatform, bySoftware, digest, nobody, watcher] = [
        await member(t),
        await member(t),
        await member(t),
        await member(t),
        await member(t),
      ];
      await saveEnvironment(byPlatform, { platforms: 'vista' });
      await saveEnvironment(bySoftware, { software: 'backup exec', email: 'now' });
      await saveEnvironment(digest, { platforms: ['vista', 'win2000-sp4'], email: 'digest' });
      await saveEnvironment(nobody, { platforms: 'ws2003', software: 'Exchange\nExec Backup', email: 'now' });
      await saveEnvironment(watcher, { platforms: 'vista', email: 'now' });
      assert.equal((await submit(watcher, `/advisories/${OTHER.id}/watch/email`, { email: 'on' })).status, 303);

      const issue = await issueThroughForm(
        t,
        mod,
        issueForm({ title: 'Vista で Backup Exec が止まる', platforms: ['vista'], software: 'VERITAS Backup Exec 8.6', note: '報告多数' }),
        OTHER.id,
      );
      for (const m of [byPlatform, bySoftware, digest]) {
        const found = await matchesOf(m);
        assert.equal(found.length, 1, m.user.username);
        assert.equal(found[0].knownIssue!.id, issue.id);
        assert.equal(await unread(m), 1);
      }
      assert.equal((await matchesOf(nobody)).length, 0, 'no match, no notification');
      assert.equal((await matchesOf(mod)).length, 0, 'never of one’s own doing');
      // The watcher hears once: as a watcher.
      assert.equal((await matchesOf(watcher)).length, 0);
      assert.equal((await watchNotesOf(watcher)).length, 1);
      assert.equal(await unread(watcher), 1);

      // The line, in the reader's language.
      const page = await byPlatform.agent.get('/notifications').expect(200);
      await assertValidHtml(page.text, 'notifications with a match');
      const line = textOf(one(parseDocument(page.text), (e) => e.name === 'li' && hasClass(e, 'notification')));
      assert.ok(line.includes('使用環境に該当(Windows Vista、VERITAS Backup Exec 8.6)'), line);
      assert.ok(line.includes(issue.title), line);
      assert.match(page.text, new RegExp(`href="/advisories/${OTHER.id}/known-issues#ki${issue.id}"`));

      // Mail now for who chose it, a digest item for who chose the digest, nothing for the others.
      const mails = (m: Member, kind: OutboxMailKind) => t.em().find(OutboxMail, { user: m.user.id, kind });
      const [mail] = await mails(bySoftware, 'match');
      assert.ok(mail, 'a mail for the member who chose one');
      assert.ok(mail.subject.includes(issue.title));
      assert.ok(mail.body.includes('VERITAS Backup Exec 8.6'));
      assert.ok(mail.body.includes(`/advisories/${OTHER.id}/known-issues#ki${issue.id}`));
      assert.ok(mail.body.includes('/account/environment'));
      assert.equal((await mails(byPlatform, 'match')).length, 0);
      assert.equal((await mails(nobody, 'match')).length, 0);
      assert.equal((await mails(watcher, 'match')).length, 0, 'the watcher’s mail is the watch’s');
      assert.equal((await mails(watcher, 'known-issue')).length, 1);
      assert.equal((await mails(digest, 'match')).length, 0);
      assert.equal(await t.em().count(MatchDigestItem, { user: digest.user.id }), 1);

      // A status change: everyone matching hears again, the watcher still once.
      const res = await submit(
        mod,
        `/known-issues/${issue.id}/edit`,
        issueForm({ ...issueFormOf(issue), status: 'confirmed', note: '再現を確認' }),
      );
      assert.equal(res.status, 303);
      for (const m of [byPlatform, bySoftware, digest]) assert.equal((await matchesOf(m)).length, 2, m.user.username);
      assert.equal((await matchesOf(watcher)).length, 0);
      assert.equal((await watchNotesOf(watcher)).length, 2);
      assert.equal((await mails(bySoftware, 'match')).length, 2);
      assert.equal((await mails(watcher, 'status')).length, 1);
      assert.equal((await mails(watcher, 'match')).length, 0);
      const status = textOf(
        one(
          parseDocument((await byPlatform.agent.get('/notifications').expect(200)).text),
          (e) => e.name === 'li' && hasClass(e, 'notification'),
        ),
      );
      assert.ok(status.includes(`${msg('knownIssue.status.investigating')} → ${msg('knownIssue.status.confirmed')}`), status);

      // The daily digest gathers the member's matches across bulletins, once.
      const run = await t.app.get(MailService).runDigest(new Date('2026-12-05T00:00:00Z'));
      assert.ok(run.mails >= 1);
      const [sent] = await mails(digest, 'match-digest');
      assert.ok(sent, 'the digest mail');
      assert.ok(sent.body.includes(issue.title));
      assert.ok(sent.body.includes(msg('knownIssue.status.confirmed')));
      assert.equal(await t.em().count(MatchDigestItem, { user: digest.user.id }), 0);
      await t.app.get(MailService).runDigest();
      assert.equal((await mails(digest, 'match-digest')).length, 1, 'a second run sends nothing new');
    });

    it('tells the members an edit of platforms or software newly matches, and nobody twice', async () => {
      const [before, newly, bySoftware] = [await member(t), await member(t), await member(t)];
      await saveEnvironment(before, { platforms: 'win2000-sp4' });
      await saveEnvironment(newly, { platforms: 'ws2003' });
      await saveEnvironment(bySoftware, { software: 'ウイルスバスター' });
      const issue = await issueThroughForm(t, mod, issueForm({ title: '編集で該当する問題', platforms: ['win2000-sp4'], software: '' }));
      assert.equal((await matchesOf(before)).length, 1);
      assert.equal((await matchesOf(newly)).length, 0);

      const edited = await submit(
        mod,
        `/known-issues/${issue.id}/edit`,
        issueForm({ ...issueFormOf(issue), platforms: ['win2000-sp4', 'ws2003'], software: 'ウイルスバスター2004', note: '対象を追加' }),
      );
      assert.equal(edited.status, 303);
      assert.equal((await matchesOf(before)).length, 1, 'matched before: no news');
      assert.equal((await matchesOf(newly)).length, 1);
      assert.equal((await matchesOf(bySoftware)).length, 1);
      const line = textOf(
        one(
          parseDocument((await newly.agent.get('/notifications').expect(200)).text),
          (e) => e.name === 'li' && hasClass(e, 'notification'),
        ),
      );
      assert.ok(line.includes('使用環境に該当するようになりました'), line);
      // A text edit that changes no platform or software tells nobody.
      const again = await submit(
        mod,
        `/known-issues/${issue.id}/edit`,
        issueForm({
          ...issueFormOf(issue),
          platforms: ['win2000-sp4', 'ws2003'],
          software: 'ウイルスバスター2004',
          symptom: '症状を追記。',
          note: '追記',
        }),
      );
      assert.equal(again.status, 303);
      for (const m of [before, newly, bySoftware]) assert.equal((await matchesOf(m)).length, 1);
    });
  });
});

/** The edit form's fields as they stand for an issue (statuses kept). */
function issueFormOf(issue: KnownIssue): Record<string, string | string[]> {
  return {
    title: issue.title,
    symptom: issue.symptom,
    platforms: issue.platforms,
    software: issue.software,
    status: issue.status,
    workaround: issue.workaround,
    references: '',
  };
}
