import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import request from 'supertest';
import { LIMITS } from '../../src/common/limits';
import { EmergingGroup } from '../../src/known-issues/emerging-group.entity';
import { EmergingGrouping } from '../../src/known-issues/emerging-grouping';
import { EmergingReport } from '../../src/known-issues/emerging-report.entity';
import { KnownIssueEvidence } from '../../src/known-issues/known-issue-evidence.entity';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { createFieldReport } from '../factories/field-report.factory';
import { createUser } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { all, byClass, El, hasClass, pageProblem, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { member, Member, submit } from '../support/members';
import { issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { TestApp } from '../support/test-app';

// Emerging issues: problem reports grouped as they are written, shown to moderators at /mod/emerging from
// 3 reports by 2 members, promoted to a known issue or dismissed. Every report is made over HTTP (or, for the
// concurrency test, through the real service), every decision is read back from the page and the tables.

const PAGE = '/mod/emerging';

/** Symptoms from MS04-044's known problems, worded as different members would. */
const BACKUP = [
  '適用後、VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗するようになった。イベントログに ID 57480 が記録される。',
  'KB885835 を入れてから Backup Exec 8.6 のスケジュールバックアップが毎晩失敗します。アプリケーションログにイベント ID 57480。',
  'Windows 2000 SP4 に適用したところ、Backup Exec のスケジュール・バックアップが失敗。イベントID 57480 が出ている。',
  'スケジュール・バックアップ(Backup Exec 8.6)が失敗し、イベント ID 57480 が記録される。手動なら成功する。',
];
const BOOT = 'NT 4.0 サーバに適用して再起動したら OS が起動しなくなった。システム・パーティションが 7.8GB を超えている。';

/** The group cards on the page: id, the report numbers linked, and the facts as shown. */
function groupsOn(html: string) {
  return all(parseDocument(html), (e) => e.name === 'li' && hasClass(e, 'emerging__group')).map((g: El) => ({
    id: Number(g.attribs.id.replace(/^eg/, '')),
    title: textOf(byClass(g, 'emerging__title')),
    facts: textOf(byClass(g, 'emerging__facts')),
    numbers: all(g, (e) => e.name === 'a' && /#p\d+$/.test(e.attribs.href ?? '')).map((a) => Number(/#p(\d+)$/.exec(a.attribs.href)![1])),
    hrefs: all(g, (e) => e.name === 'a' && /#p\d+$/.test(e.attribs.href ?? '')).map((a) => a.attribs.href),
  }));
}

async function shownGroups(mod: Member) {
  const page = await mod.agent.get(PAGE).expect(200);
  return groupsOn(page.text);
}

/** The group a post is in (its membership row), or null. */
async function groupOf(t: TestApp, post: Post): Promise<number | null> {
  const row = await t.em().findOne(EmergingReport, { post: post.id });
  return row ? row.group.id : null;
}

/** Every group's counters against a recount of its membership rows. */
async function assertCountersExact(t: TestApp) {
  const em = t.em();
  const groups = await em.find(EmergingGroup, {}, { orderBy: { id: 'asc' } });
  const rows = await em.find(EmergingReport, {});
  for (const g of groups) {
    const mine = rows.filter((r) => r.group.id === g.id);
    const recount = {
      reports: mine.length,
      members: new Set(mine.map((r) => r.author.id)).size,
      hosts: mine.reduce((n, r) => n + r.hosts, 0),
    };
    assert.deepEqual({ reports: g.reports, members: g.members, hosts: g.hosts }, recount, `group ${g.id}`);
    if (mine.length) {
      assert.equal(g.firstSeen.getTime(), Math.min(...mine.map((r) => r.reportedAt.getTime())), `group ${g.id} first seen`);
      assert.equal(g.lastSeen.getTime(), Math.max(...mine.map((r) => r.reportedAt.getTime())), `group ${g.id} last seen`);
    } else assert.equal(g.state, 'promoted', `only a promoted group stays empty (group ${g.id})`);
  }
}

describe('emerging issues', () => {
  let t: TestApp;
  let mod: Member;
  let alice: Member;
  let bob: Member;
  let carol: Member;

  // Each test on a fresh board: reports of an earlier test would be candidates of the next one's.
  beforeEach(async () => {
    t = await boardApp();
    mod = await member(t, Role.Moderator);
    alice = await member(t);
    bob = await member(t);
    carol = await member(t);
  });
  afterEach(() => t.close());

  /** A report through the thread's form: problem on Windows 2000 SP4 with Backup Exec unless told otherwise. */
  const report = (m: Member, body: string, over: Record<string, string> = {}) => postThroughForm(t, m, reportForm({ body, ...over }));

  /** The shown group holding this post, or undefined. */
  const shownWith = async (post: Post) => (await shownGroups(mod)).find((g) => g.numbers.includes(post.number));

  it('shows three alike reports from two members as one group, with its reports, members, hosts, platforms and software', async () => {
    const a1 = await report(alice, BACKUP[0], { hosts: '40' });
    const a2 = await report(alice, BACKUP[1], { hosts: '10' });
    assert.equal(await shownWith(a1), undefined, 'two reports are no group yet');
    const b1 = await report(bob, BACKUP[2], { hosts: '5', platform: 'win2000-sp3' });

    const group = await shownWith(a1);
    assert.ok(group, 'three alike reports by two members are shown');
    assert.deepEqual(group.numbers.sort(), [a1.number, a2.number, b1.number].sort());
    assert.ok(
      group.hrefs.every((h) => h.startsWith(`${THREAD}`)),
      'each report links to its post',
    );
    assert.match(group.title, new RegExp(ID));
    assert.match(group.title, new RegExp(msg('emerging.counts', { reports: 3, members: 2, hosts: 55 })));
    assert.match(group.facts, /Windows 2000 SP4/);
    assert.match(group.facts, /Windows 2000 SP3/);
    assert.match(group.facts, /VERITAS Backup Exec 8\.6/);
    assert.match(group.facts, new RegExp(alice.user.username));
    assert.match(group.facts, new RegExp(bob.user.username));
    const page = await mod.agent.get(PAGE).expect(200);
    await assertValidHtml(page.text, 'emerging issues');
    await assertCountersExact(t);
  });

  it('keeps unlike reports, successes and reports sharing neither platform nor software out of the group', async () => {
    const a1 = await report(alice, BACKUP[0]);
    const b1 = await report(bob, BACKUP[1]);
    await report(carol, BACKUP[2]);
    const boot = await report(carol, BOOT);
    const success = await report(carol, BACKUP[3], { outcome: 'success' });
    // Alike words, but another platform and another product: not compared at all.
    const elsewhere = await report(carol, BACKUP[3], { platform: 'ws2003', software: 'ARCserve' });

    const group = await shownWith(a1);
    assert.ok(group);
    assert.equal(await groupOf(t, b1), group.id);
    assert.equal(group.numbers.includes(boot.number), false);
    assert.notEqual(await groupOf(t, boot), group.id, 'an unlike symptom starts a group of its own');
    assert.equal(await groupOf(t, success), null, 'a success is in no group');
    assert.notEqual(await groupOf(t, elsewhere), group.id);
    await assertCountersExact(t);
  });

  it('does not show reports of one member alone, however many', async () => {
    const reports = [await report(alice, BACKUP[0], { platform: 'winxp-sp1' }), await report(alice, BACKUP[1], { platform: 'winxp-sp1' })];
    reports.push(await report(alice, BACKUP[2], { platform: 'winxp-sp1' }));
    const id = await groupOf(t, reports[0]);
    assert.ok(id !== null);
    for (const r of reports) assert.equal(await groupOf(t, r), id);
    assert.equal(await shownWith(reports[0]), undefined, 'one voice is no emerging issue');
    const group = await t.em().findOneOrFail(EmergingGroup, id);
    assert.deepEqual([group.reports, group.members], [3, 1]);
    await report(bob, BACKUP[3], { platform: 'winxp-sp1' });
    assert.ok(await shownWith(reports[0]), 'a second member brings it up');
  });

  it('takes a report out when it becomes evidence of a known issue, and back when it is unlinked', async () => {
    const a1 = await report(alice, BACKUP[0], { platform: 'winxp-sp2' });
    const b1 = await report(bob, BACKUP[1], { platform: 'winxp-sp2' });
    const c1 = await report(carol, BACKUP[2], { platform: 'winxp-sp2' });
    assert.ok(await shownWith(a1));
    const issue = await issueThroughForm(t, mod);
    await submit(mod, `/known-issues/${issue.id}/evidence`, { post: String(c1.id) }).expect(303);
    assert.equal(await groupOf(t, c1), null, 'evidence of a known issue is in no group');
    assert.equal(await shownWith(a1), undefined, 'two reports left');
    await assertCountersExact(t);

    await submit(mod, `/known-issues/${issue.id}/evidence/${c1.id}/remove`, { reason: '別の問題だった' }).expect(303);
    assert.equal(await groupOf(t, c1), await groupOf(t, b1), 'unlinked, it joins its alike reports again');
    assert.ok(await shownWith(a1));
    await assertCountersExact(t);
  });

  it('takes a report out when it is hidden, deleted or corrected to a success, and back when restored', async () => {
    const a1 = await report(alice, BACKUP[0], { platform: 'ws2003' });
    const b1 = await report(bob, BACKUP[1], { platform: 'ws2003' });
    const c1 = await report(carol, BACKUP[2], { platform: 'ws2003' });
    assert.ok(await shownWith(a1));

    await submit(mod, `/posts/${b1.id}/hide`, { reason: 'スパム' }).expect(303);
    assert.equal(await groupOf(t, b1), null);
    assert.equal(await shownWith(a1), undefined, 'hidden, it counts nowhere');
    await assertCountersExact(t);
    await submit(mod, `/posts/${b1.id}/restore`, { reason: '誤り' }).expect(303);
    assert.ok(await shownWith(a1), 'restored, it joins again');

    await submit(carol, `/posts/${c1.id}/edit`, {
      body: BACKUP[2],
      outcome: 'success',
      platform: 'ws2003',
      hosts: '40',
      software: 'VERITAS Backup Exec 8.6',
    }).expect(303);
    assert.equal(await groupOf(t, c1), null, 'corrected to a success, it leaves');
    assert.equal(await shownWith(a1), undefined);

    await submit(carol, `/posts/${c1.id}/edit`, {
      body: BACKUP[3],
      outcome: 'rolled-back',
      platform: 'ws2003',
      hosts: '7',
      software: 'VERITAS Backup Exec 8.6',
    }).expect(303);
    assert.equal(await groupOf(t, c1), await groupOf(t, a1), 'corrected to a rollback with the same symptom, it joins');
    const group = await shownWith(a1);
    assert.ok(group);
    assert.match(group.title, new RegExp(msg('emerging.counts', { reports: 3, members: 3, hosts: 87 })));

    await submit(carol, `/posts/${c1.id}/delete`).expect(303);
    assert.equal(await groupOf(t, c1), null, 'deleted by its author, it leaves');
    await assertCountersExact(t);
  });

  it('dismisses a group with a reason (422 keeps the text without one) until a new report joins it', async () => {
    const a1 = await report(alice, BACKUP[0], { platform: 'win2000-sp3' });
    await report(bob, BACKUP[1], { platform: 'win2000-sp3' });
    await report(carol, BACKUP[2], { platform: 'win2000-sp3' });
    const group = await shownWith(a1);
    assert.ok(group);
    const dismiss = `${PAGE}/${group.id}/dismiss`;

    const missing = await submit(mod, dismiss, { reason: '   ' });
    assert.equal(missing.status, 422, pageProblem(missing.text));
    assert.match(missing.text, new RegExp(msg('form.reasonRequired')));
    const long = 'あ'.repeat(LIMITS.reason + 1);
    const tooLong = await submit(mod, dismiss, { reason: long });
    assert.equal(tooLong.status, 422);
    assert.ok(tooLong.text.includes(`value="${long}"`), 'the text typed is kept');
    await assertValidHtml(tooLong.text, 'refused dismiss');
    assert.equal((await t.em().findOneOrFail(EmergingGroup, group.id)).state, 'open');

    const res = await submit(mod, dismiss, { reason: 'ベリタス側の既知の問題' });
    assert.equal(res.status, 303, pageProblem(res.text));
    assert.equal(res.headers.location, PAGE);
    assert.equal(await shownWith(a1), undefined, 'a dismissed group is hidden');
    const audit = await t.em().find(AuditEntry, { action: 'emerging.dismiss', targetId: String(group.id) });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].reason, 'ベリタス側の既知の問題');
    assert.equal(audit[0].targetType, 'emerging-group');
    const log = await mod.agent.get('/mod/log').expect(200);
    assert.match(log.text, new RegExp(msg('audit.action.emerging.dismiss')));

    const again = await submit(mod, dismiss, { reason: 'もう一度' });
    assert.equal(again.status, 422, 'a dismissed group is not dismissed twice');
    assert.match(again.text, new RegExp(msg('emerging.notOpen')));

    await report(alice, BACKUP[3], { platform: 'win2000-sp3' });
    const back = await shownWith(a1);
    assert.ok(back, 'a new report brings it back');
    assert.equal(back.id, group.id);
    assert.equal(back.numbers.length, 4);
  });

  it('promotes a group to a known issue with every report as evidence, in one audited step', async () => {
    const posts = [
      await report(alice, BACKUP[0], { platform: 'winxp-sp1a' }),
      await report(bob, BACKUP[1], { platform: 'winxp-sp1a' }),
      await report(carol, BACKUP[2], { platform: 'winxp-sp1a', software: 'Backup Exec 8.6' }),
    ];
    const group = await shownWith(posts[0]);
    assert.ok(group);
    const missing = await submit(mod, `${PAGE}/${group.id}/promote`, { reason: '' });
    assert.equal(missing.status, 422);
    assert.equal(await t.em().count(KnownIssue, { advisory: ID, title: { $like: '%(Windows XP SP1a)%' } }), 0);

    const res = await submit(mod, `${PAGE}/${group.id}/promote`, { reason: '3人から同じ症状' });
    assert.equal(res.status, 303, pageProblem(res.text));
    const m = new RegExp(`^/advisories/${ID}/known-issues#ki(\\d+)$`).exec(res.headers.location);
    assert.ok(m, res.headers.location);
    const issue = await t.em().findOneOrFail(KnownIssue, Number(m[1]));
    assert.equal(issue.status, 'investigating');
    assert.deepEqual(issue.platforms, ['winxp-sp1a']);
    assert.equal(issue.software, 'VERITAS Backup Exec 8.6', 'the software most reports name');
    assert.match(issue.title, /^VERITAS Backup Exec 8\.6: .+\(Windows XP SP1a\)$/);
    assert.equal(issue.symptom, BACKUP[0], 'the first report says it');
    assert.equal(issue.evidenceCount, 3);
    const evidence = await t.em().find(KnownIssueEvidence, { knownIssue: issue.id });
    assert.deepEqual(evidence.map((e) => e.post.id).sort(), posts.map((p) => p.id).sort());
    for (const p of posts) assert.equal(await groupOf(t, p), null, 'evidence now, in no group');

    const stored = await t.em().findOneOrFail(EmergingGroup, group.id);
    assert.equal(stored.state, 'promoted');
    assert.equal(stored.knownIssue?.id, issue.id);
    assert.equal(await shownWith(posts[0]), undefined);
    const promoted = await t.em().find(AuditEntry, { action: 'emerging.promote', targetId: String(group.id) });
    assert.equal(promoted.length, 1);
    assert.equal(promoted[0].reason, '3人から同じ症状');
    assert.deepEqual(promoted[0].detail, { advisory: ID, knownIssue: issue.id, posts: posts.map((p) => p.id).sort((a, b) => a - b) });
    const created = await t.em().find(AuditEntry, { action: 'known-issue.create', targetId: String(issue.id) });
    assert.equal(created.length, 1);
    assert.equal(created[0].reason, '3人から同じ症状');

    // A second click lands on the same issue.
    const twice = await submit(mod, `${PAGE}/${group.id}/promote`, { reason: '3人から同じ症状' });
    assert.equal(twice.status, 303);
    assert.equal(twice.headers.location, res.headers.location);
    assert.equal(await t.em().count(KnownIssue, { title: issue.title }), 1);
    await assertCountersExact(t);
  });

  it('is for moderators only: 401 for guests, 403 for members and editors, 404 for an unknown group, CSRF checked', async () => {
    const a1 = await report(alice, BACKUP[0], { platform: 'nt4-server-sp6a' });
    await report(bob, BACKUP[1], { platform: 'nt4-server-sp6a' });
    await report(carol, BACKUP[2], { platform: 'nt4-server-sp6a' });
    const group = await shownWith(a1);
    assert.ok(group);
    await request(t.http).get(PAGE).expect(401);
    const editor = await member(t, Role.Editor);
    for (const who of [alice, editor]) {
      await who.agent.get(PAGE).expect(403);
      await submit(who, `${PAGE}/${group.id}/promote`, { reason: '理由' }).expect(403);
      await submit(who, `${PAGE}/${group.id}/dismiss`, { reason: '理由' }).expect(403);
      await submit(who, `${PAGE}/${group.id}/dismiss`, { reason: '' }).expect(403);
    }
    await submit(mod, `${PAGE}/999999/promote`, { reason: '理由' }).expect(404);
    await submit(mod, `${PAGE}/999999/dismiss`, { reason: '' }).expect(404);
    await submit(mod, `${PAGE}/${group.id}/dismiss`, { reason: '理由', _csrf: 'forged' }).expect(403);
    assert.equal((await t.em().findOneOrFail(EmergingGroup, group.id)).state, 'open', 'nothing refused changed it');
    const admin = await member(t, Role.Admin);
    await admin.agent.get(PAGE).expect(200);

    const queue = await mod.agent.get('/mod').expect(200);
    assert.ok(queue.text.includes(`href="${PAGE}"`), 'the queue links to it');
    assert.ok(queue.text.includes(`>${msg('nav.emerging')}<`), 'so does the navigation');
    assert.equal((await alice.agent.get('/').expect(200)).text.includes(`href="${PAGE}"`), false);
  });
});

describe('emerging issues across languages', () => {
  let t: TestApp;
  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 0 } });
  });
  after(() => t.close());

  it('groups a Japanese and an English report of one problem on one platform, and not a different problem of the same product', async () => {
    const doc = buildAdvisoryDoc();
    await createAdvisories(t.app, [doc]);
    const [ja, en, other] = [await member(t), await member(t), await member(t)];
    const report = (m: Member, body: string) =>
      postThroughForm(t, m, reportForm({ body, platform: 'win2000-sp4', software: 'Backup Exec 8.6', outcome: 'problem' }), doc.id);
    const inJapanese = await report(ja, 'Backup Exec 8.6 のスケジュールが失敗');
    const inEnglish = await report(en, 'Backup Exec 8.6 scheduled jobs fail');
    const crash = await report(other, 'Backup Exec 8.6 console crashes on startup');
    const [g1, g2, g3] = [await groupOf(t, inJapanese), await groupOf(t, inEnglish), await groupOf(t, crash)];
    assert.ok(g1 !== null && g1 === g2, `one group for the pair: ${g1} / ${g2}`);
    assert.ok(g3 !== null && g3 !== g1, 'the crash on the same product and platform starts its own');
    await assertCountersExact(t);
  });
});

describe('emerging issues under concurrency', () => {
  let t: TestApp;
  before(async () => {
    t = await boardApp();
  });
  after(() => t.close());

  it('keeps every group’s counters equal to a recount when reports arrive and leave at once', async () => {
    const authors = await Promise.all(Array.from({ length: 6 }, () => createUser(t.app)));
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        createFieldReport(t.app, authors[i % authors.length], {
          body: i % 3 === 2 ? BOOT : BACKUP[i % BACKUP.length],
          platform: i % 2 ? 'win2000-sp4' : 'win2000-sp3',
          hosts: String(i + 1),
        }),
      ),
    );
    await assertCountersExact(t);
    const mod = await member(t, Role.Moderator);
    // Half of them hidden at once, some by the same moderator twice over.
    await Promise.all(made.filter((_, i) => i % 2 === 0).map((p) => submit(mod, `/posts/${p.id}/hide`, { reason: '整理' })));
    await assertCountersExact(t);
    await Promise.all(
      made
        .filter((_, i) => i % 4 === 0)
        .flatMap((p) => [
          createFieldReport(t.app, authors[0], { body: BACKUP[0] }),
          submit(mod, `/posts/${p.id}/restore`, { reason: '戻す' }),
        ]),
    );
    await assertCountersExact(t);
    const rows = await t.em().count(EmergingReport, {});
    assert.equal(rows, 24 / 2 + 24 / 4 + 24 / 4, 'every visible problem report is in one group');
  });

  it('starts one group, not two, when alike reports are posted at the same instant on a bulletin with none yet', async () => {
    const docs = Array.from({ length: 4 }, () => buildAdvisoryDoc());
    await createAdvisories(t.app, docs);
    const authors = await Promise.all(Array.from({ length: 3 }, () => createUser(t.app)));
    for (const doc of docs) {
      // Each round a fresh bulletin: three members post alike problems at once, none of them grouped before.
      await Promise.all(authors.map((a, i) => createFieldReport(t.app, a, { body: BACKUP[i] }, doc.id)));
      const groups = await t.em().find(EmergingGroup, { advisory: doc.id });
      assert.equal(groups.length, 1, `${doc.id}: ${groups.map((g) => `${g.id}:${g.reports}`).join(', ')}`);
      assert.equal(groups[0].reports, 3);
    }
    await assertCountersExact(t);
  });

  it('groups reports regrouped at once in transactions of their own into one group (the grouping’s own lock, whatever else the writers hold)', async () => {
    const doc = buildAdvisoryDoc();
    await createAdvisories(t.app, [doc]);
    const authors = await Promise.all(Array.from({ length: 3 }, () => createUser(t.app)));
    const posts = await Promise.all(authors.map((a, i) => createFieldReport(t.app, a, { body: BACKUP[i] }, doc.id)));
    // Forgotten, then placed again at the same instant: no write of a post or issue orders them here.
    await t.em().nativeDelete(EmergingReport, { advisory: doc.id });
    await t.em().nativeDelete(EmergingGroup, { advisory: doc.id });
    const grouping = t.app.get(EmergingGrouping);
    await Promise.all(
      posts.map((p) =>
        t
          .em()
          .fork()
          .transactional((em) => grouping.regroup(em, p.id)),
      ),
    );
    const groups = await t.em().find(EmergingGroup, { advisory: doc.id });
    assert.deepEqual(
      groups.map((g) => g.reports),
      [3],
    );
    await assertCountersExact(t);
  });
});
