import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import request from 'supertest';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Flag, FLAG_REASONS } from '../../src/moderation/flag.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { AdvisoriesService } from '../../src/advisories/advisories.service';
import { AUDIT_ACTIONS } from '../../src/moderation/audit-actions';
import { translate } from '../../src/common/i18n/i18n';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { AccountState, User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { createConfirmation } from '../factories/field-report.factory';
import { csrfFrom } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { all, El, formTo, hasClass, one, postItem, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { FormFields, guest, member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Set-up: the reference bulletin MS04-044 on a fresh database per describe block; limits out of
// the way; auto-hide at 3 flags; no held posts (every post is public at once).
// ---------------------------------------------------------------------------------------------

const THRESHOLD = 3;

const modApp = () => boardApp({ moderation: { flagHideThreshold: THRESHOLD, holdFirstPosts: 0 } });

// ---------------------------------------------------------------------------------------------
// Requests.
// ---------------------------------------------------------------------------------------------

const flag = (m: Member, post: Post, reason: string, note?: string) =>
  submit(m, `/posts/${post.id}/flag`, note === undefined ? { reason } : { reason, note });
const resolve = (m: Member, post: Post | number, decision: string, reason?: string) =>
  submit(m, `/mod/posts/${typeof post === 'number' ? post : post.id}/resolve`, reason === undefined ? { decision } : { decision, reason });
const hide = (m: Member, post: Post | number, reason?: string) =>
  submit(m, `/posts/${typeof post === 'number' ? post : post.id}/hide`, reason === undefined ? {} : { reason });
const restore = (m: Member, post: Post | number, reason?: string) =>
  submit(m, `/posts/${typeof post === 'number' ? post : post.id}/restore`, reason === undefined ? {} : { reason });
const lock = (m: Member, fields: Record<string, string>, advisory = ID) => submit(m, `/advisories/${advisory}/lock`, fields);

/** Posts through the form and returns the new post, public at once. */
async function createPost(t: TestApp, m: Member, fields: FormFields, advisory = ID): Promise<Post> {
  const post = await postThroughForm(t, m, fields, advisory);
  assert.equal(post.state, 'visible', 'posts are not held in these tests');
  return post;
}

const plain = (t: TestApp, m: Member, body = '再起動後にログオンできない。') => createPost(t, m, { body });

/** The link to a post's flag form in its item on a thread page, or null. */
const flagLink = (html: string, post: Post) =>
  one(postItem(html, post.number)!, (e) => e.name === 'a' && e.attribs.href === `/posts/${post.id}/flag`);

// ---------------------------------------------------------------------------------------------
// Database checks.
// ---------------------------------------------------------------------------------------------

const postRow = (t: TestApp, id: number) => t.em().findOneOrFail(Post, { id });
const threadRow = (t: TestApp, advisory = ID) => t.em().findOneOrFail(Thread, { advisory });
const flagsOf = (t: TestApp, post: Post) => t.em().find(Flag, { post: post.id }, { orderBy: { id: 'asc' } });
const auditRows = (t: TestApp) => t.em().find(AuditEntry, {}, { orderBy: { id: 'asc' } });
const notificationsOf = (t: TestApp, userId: number) => t.em().find(Notification, { user: userId }, { orderBy: { id: 'asc' } });

/** platform_stats (non-zero cells) and the thread's report counters: what "the statistics" are. */
async function stats(t: TestApp) {
  const thread = await threadRow(t);
  const cells: Record<string, string> = {};
  for (const s of await t.em().find(PlatformStat, { thread }, { orderBy: { id: 'asc' } })) {
    if (s.reports || s.confirmations) cells[`${s.platformKey}/${s.outcome}`] = `${s.reports}+${s.confirmations}`;
  }
  return { cells, reportCount: thread.reportCount, problemCount: thread.problemCount };
}

/** Everything moderation can change: a refused request must leave all of it as it was. */
async function modState(t: TestApp) {
  const em = t.em();
  return {
    posts: (await em.find(Post, {}, { orderBy: { id: 'asc' } })).map((p) => `${p.id}:${p.state}:${p.stateReason ?? ''}`),
    flags: (await em.find(Flag, {}, { orderBy: { id: 'asc' } })).map(
      (f) => `${f.id}:${f.post.id}:${f.user.id}:${f.reason}:${f.note ?? ''}:${f.state}:${f.resolvedBy?.id ?? ''}`,
    ),
    audit: (await em.find(AuditEntry, {}, { orderBy: { id: 'asc' } })).map(
      (a) => `${a.id}:${a.actorName}:${a.action}:${a.targetId}:${a.reason ?? ''}`,
    ),
    stats: (await em.find(PlatformStat, {}, { orderBy: { id: 'asc' } })).map(
      (s) => `${s.thread.id}/${s.platformKey}/${s.outcome}=${s.reports}+${s.confirmations}`,
    ),
    threads: (await em.find(Thread, {}, { orderBy: { id: 'asc' } })).map(
      (th) => `${th.id}:${th.locked}:${th.postCount}:${th.reportCount}:${th.problemCount}`,
    ),
    notifications: (await em.find(Notification, {}, { orderBy: { id: 'asc' } })).map(
      (n) => `${n.id}:${n.user.id}:${n.kind}:${n.post?.id ?? ''}`,
    ),
    users: (await em.find(User, {}, { orderBy: { id: 'asc' } })).map((u) => `${u.id}:${u.role}:${u.unreadNotifications}`),
  };
}
type ModState = Awaited<ReturnType<typeof modState>>;

async function assertUnchanged(t: TestApp, before: ModState, what: string) {
  assert.deepEqual(await modState(t), before, `${what}: nothing changed`);
}

async function silence(t: TestApp, m: Member) {
  await t
    .em()
    .nativeUpdate(
      User,
      { id: m.user.id },
      { state: AccountState.Silenced, stateUntil: new Date(Date.now() + 3600_000), stateReason: '連続投稿' },
    );
}

// ---------------------------------------------------------------------------------------------
// Page parsing (htmlparser2: entities decoded).
// ---------------------------------------------------------------------------------------------

interface QueueItem {
  link: string;
  href: string;
  meta: string;
  chips: string[];
  notes: string[];
  resolveForm: boolean;
}

/** The flagged posts on /mod, in order. */
function queueItems(html: string): QueueItem[] {
  const d = parseDocument(html);
  const section = one(d, (e) => e.name === 'section' && e.attribs['aria-labelledby'] === 'flagged-title');
  assert.ok(section, 'the flagged section');
  return all(section, (e) => e.name === 'li' && hasClass(e, 'queue__item')).map((li) => {
    const meta = one(li, (e) => hasClass(e, 'queue__meta'))!;
    const link = one(meta, (e) => e.name === 'a')!;
    const notes = one(li, (e) => hasClass(e, 'queue__notes'));
    return {
      link: textOf(link),
      href: link.attribs.href,
      meta: textOf(meta),
      chips: all(li, (e) => hasClass(e, 'chip')).map(textOf),
      notes: notes ? all(notes, (e) => e.name === 'li').map(textOf) : [],
      resolveForm: !!one(li, (e) => e.name === 'form' && /^\/mod\/posts\/\d+\/resolve$/.test(e.attribs.action)),
    };
  });
}

interface LogRow {
  actor: string;
  actorHref: string | undefined;
  /** The action's name as shown, and its code (the cell's title). */
  action: string;
  code: string;
  target: string;
  targetHref: string | undefined;
  reason: string;
  /** "label: value" per detail, and each value's link. */
  details: string[];
  detailHrefs: (string | undefined)[];
}

/** The rows of the audit log table, as shown. */
function logRows(html: string): LogRow[] {
  const table = one(parseDocument(html), (e) => e.name === 'table' && hasClass(e, 'audit'));
  if (!table) return [];
  return all(table, (e) => e.name === 'tr' && !!e.parent && (e.parent as unknown as El).name === 'tbody').map((tr) => {
    const cells = all(tr, (e) => e.name === 'td');
    const link = (cell: El) => one(cell, (e) => e.name === 'a')?.attribs.href;
    const items = all(cells[5], (e) => e.name === 'div' && (e.parent as unknown as El).name === 'dl');
    return {
      actor: textOf(cells[1]),
      actorHref: link(cells[1]),
      action: textOf(cells[2]),
      code: cells[2].attribs.title,
      target: textOf(cells[3]),
      targetHref: link(cells[3]),
      reason: textOf(cells[4]),
      details: items.map((d) => `${textOf(one(d, (e) => e.name === 'dt'))}: ${textOf(one(d, (e) => e.name === 'dd'))}`),
      detailHrefs: items.map((d) => link(one(d, (e) => e.name === 'dd')!)),
    };
  });
}

/** The audit log's action filter: each option's value and label, and the chosen one. */
function actionOptions(html: string) {
  const select = one(parseDocument(html), (e) => e.name === 'select' && e.attribs.name === 'action');
  assert.ok(select, 'the action filter is a list');
  const options = all(select, (e) => e.name === 'option');
  return {
    options: options.map((o) => [o.attribs.value, textOf(o)]),
    selected: options.filter((o) => 'selected' in o.attribs).map((o) => o.attribs.value),
  };
}

/** A stored entry's target as the log names it (in Japanese). */
function targetShown(e: AuditEntry): string {
  const names: Record<string, string> = {
    post: 'audit.target.post',
    user: 'audit.target.user',
    thread: 'audit.target.thread',
    advisory: 'audit.target.advisory',
    'known-issue': 'audit.target.knownIssue',
  };
  return msg(names[e.targetType], { id: e.targetId, name: e.targetId });
}

/** A stored entry's actor as the log names it. */
const actorShown = (e: AuditEntry) =>
  e.actorName === '(automatic)' ? msg('audit.actor.system') : e.actorName === '(command line)' ? msg('audit.actor.cli') : e.actorName;

// =============================================================================================

describe('flags', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  before(async () => {
    t = await modApp();
    alice = await member(t);
    bob = await member(t);
  });
  after(() => t.close());

  it('lets a member flag another’s post with each reason; "other" with its note', async () => {
    const posts: Post[] = [];
    for (const reason of FLAG_REASONS) posts.push(await plain(t, alice, `${reason} の対象になる投稿`));

    const shown = await bob.agent.get(THREAD).expect(200);
    for (const [i, p] of posts.entries()) {
      // The thread page links to each post's flag form: fifty forms on every page weighed a third of a member's page.
      assert.ok(flagLink(shown.text, p), `a flag link on #${p.number} for another member`);
      assert.equal(formTo(postItem(shown.text, p.number)!, `/posts/${p.id}/flag`), null, 'no form on the thread page');
      const page = await bob.agent.get(`/posts/${p.id}/flag`).expect(200);
      const form = formTo(parseDocument(page.text), `/posts/${p.id}/flag`);
      assert.ok(form, `the flag page of #${p.number} has its form`);
      assert.deepEqual(
        all(form, (e) => e.name === 'input' && e.attribs.type === 'radio').map((o) => [
          o.attribs.name,
          o.attribs.value,
          'checked' in o.attribs,
        ]),
        FLAG_REASONS.map((r) => ['reason', r, false]),
        'one choice per reason, none chosen for the member',
      );
      assert.ok(
        one(form, (e) => e.name === 'textarea' && e.attribs.name === 'note'),
        'a note',
      );
      assert.ok(
        textOf(parseDocument(page.text)).includes(`${FLAG_REASONS[i]} の対象になる投稿`),
        'the post’s text is shown beside the form',
      );
      await assertValidHtml(page.text, 'flag page');
    }
    await assertValidHtml(shown.text, 'thread with flag links');

    for (const [i, reason] of FLAG_REASONS.entries()) {
      const note = reason === 'other' ? '  同じ内容が別スレッドにも投稿されている  ' : '';
      const res = await flag(bob, posts[i], reason, note);
      assert.equal(res.status, 303, `${reason}: on to the thanks page`);
      const thanks = await bob.agent.get(res.headers.location).expect(200);
      assert.match(thanks.text, new RegExp(msg('flag.thanks')));
      await assertValidHtml(thanks.text, `flag thanks (${reason})`);
      const rows = await flagsOf(t, posts[i]);
      assert.equal(rows.length, 1, `${reason}: one flag`);
      assert.equal(rows[0].user.id, bob.user.id);
      assert.equal(rows[0].reason, reason);
      assert.equal(rows[0].note, reason === 'other' ? '同じ内容が別スレッドにも投稿されている' : null, 'the note trimmed; empty → null');
      assert.equal(rows[0].state, 'open');
      assert.equal(rows[0].resolvedBy, null);
      assert.equal((await postRow(t, posts[i].id)).state, 'visible', 'one flag does not hide');
    }
    // A note with another reason is kept too.
    const extra = await plain(t, alice);
    await flag(bob, extra, 'spam', '広告リンクのみ').expect(303);
    assert.equal((await flagsOf(t, extra))[0].note, '広告リンクのみ');
    assert.deepEqual(await auditRows(t), [], 'flags are members’ acts, not audited');
    assert.deepEqual(await notificationsOf(t, alice.user.id), [], 'the author is not told of flags');
  });

  it('refuses "other" without a note, a note over 500 characters, and an unknown or missing reason (422, nothing saved)', async () => {
    const post = await plain(t, alice);
    const cases: [Record<string, string>, string][] = [
      [{ reason: 'other' }, 'flag.note.required'],
      [{ reason: 'other', note: '' }, 'flag.note.required'],
      [{ reason: 'other', note: ' \n\t ' }, 'flag.note.required'],
      [{ reason: 'spam', note: 'あ'.repeat(501) }, 'flag.note.required'],
      [{ reason: 'bogus' }, 'flag.reason.required'],
      [{ reason: '' }, 'flag.reason.required'],
      [{}, 'flag.reason.required'],
    ];
    for (const [fields, key] of cases) {
      const before = await modState(t);
      const res = await submit(bob, `/posts/${post.id}/flag`, fields).expect(422);
      assert.match(res.text, new RegExp(msg(key).replace(/[()]/g, '.')), `${JSON.stringify(fields).slice(0, 60)} → ${key}`);
      await assertValidHtml(res.text, 'flag 422');
      await assertUnchanged(t, before, `flag ${JSON.stringify(fields).slice(0, 60)}`);
      // The form again, with the reason chosen and the note as typed: nothing the member wrote is lost.
      const form = formTo(parseDocument(res.text), `/posts/${post.id}/flag`);
      assert.ok(form, 'the flag form is shown again');
      const chosen = all(form, (e) => e.name === 'input' && e.attribs.type === 'radio' && 'checked' in e.attribs).map(
        (e) => e.attribs.value,
      );
      assert.deepEqual(
        chosen,
        (FLAG_REASONS as readonly string[]).includes(fields.reason ?? '') ? [fields.reason] : [],
        'the reason as chosen',
      );
      assert.equal(
        textOf(one(form, (e) => e.name === 'textarea' && e.attribs.name === 'note')),
        (fields.note ?? '').replace(/\s+/g, ' ').trim(),
      );
      assert.ok(
        one(form, (e) => e.attribs['aria-invalid'] === 'true' || e.attribs['aria-describedby']?.endsWith('-error') === true),
        'the field is marked',
      );
    }
    // Exactly 500 characters is fine.
    await flag(bob, post, 'other', 'あ'.repeat(500)).expect(303);
    assert.equal((await flagsOf(t, post))[0].note, 'あ'.repeat(500));
  });

  it('counts a second flag by the same member as no second flag', async () => {
    const post = await plain(t, alice);
    await flag(bob, post, 'spam').expect(303);
    const before = await modState(t);
    for (const reason of ['spam', 'abusive', 'spam']) {
      const res = await flag(bob, post, reason);
      assert.ok(res.status < 400, `a repeated flag is not an error (${res.status})`);
    }
    await assertUnchanged(t, before, 'repeated flags');
    // The flag page says so rather than offering the form again.
    const page = await bob.agent.get(`/posts/${post.id}/flag`).expect(200);
    assert.match(page.text, new RegExp(msg('flag.already')));
    assert.equal(formTo(parseDocument(page.text), `/posts/${post.id}/flag`), null, 'no second form');
    const rows = await flagsOf(t, post);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].reason, 'spam', 'the first flag stands as it was');
    assert.equal((await postRow(t, post.id)).state, 'visible', 'one member flagging three times does not reach the threshold');
  });

  it('refuses flagging one’s own post (403) and offers no form for it', async () => {
    const post = await plain(t, alice);
    const page = await alice.agent.get(THREAD).expect(200);
    assert.equal(flagLink(page.text, post), null, 'no flag link on one’s own post');
    await alice.agent.get(`/posts/${post.id}/flag`).expect(403);
    const before = await modState(t);
    await flag(alice, post, 'spam').expect(403);
    await flag(alice, post, 'other', '自分の投稿').expect(403);
    await assertUnchanged(t, before, 'own post');
  });

  it('refuses flagging a hidden or deleted post (403), and a missing one (404)', async () => {
    const mod = await member(t, Role.Moderator);
    const hidden = await plain(t, alice);
    await hide(mod, hidden, '重複投稿').expect(303);
    const deleted = await plain(t, alice);
    await submit(alice, `/posts/${deleted.id}/delete`).expect(303);
    assert.equal((await postRow(t, deleted.id)).state, 'deleted');

    const before = await modState(t);
    for (const p of [hidden, deleted]) {
      const res = await bob.agent.get(`/posts/${p.id}/flag`).expect(403);
      assert.ok(!res.text.includes('再起動後にログオンできない'), 'a refused flag page shows nothing of the post');
    }
    await bob.agent.get('/posts/999999/flag').expect(404);
    await bob.agent.get('/posts/abc/flag').expect(400);
    await submit(bob, `/posts/${hidden.id}/flag`, { reason: 'other' }).expect(403);
    await submit(bob, '/posts/999999/flag', { reason: 'bogus' }).expect(404);
    await flag(bob, hidden, 'spam').expect(403);
    await flag(bob, deleted, 'spam').expect(403);
    await submit(bob, '/posts/999999/flag', { reason: 'spam' }).expect(404);
    await submit(bob, '/posts/abc/flag', { reason: 'spam' }).expect(400);
    await assertUnchanged(t, before, 'hidden, deleted, missing');
    // No thank-you for a flag that was not made: a missing post, or one this member did not flag.
    await bob.agent.get('/posts/999999/flagged').expect(404);
    await bob.agent.get(`/posts/${hidden.id}/flagged`).expect(404);
  });

  it('refuses a guest with 401, even with a valid session token', async () => {
    const post = await plain(t, alice);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.equal(flagLink(page.text, post), null, 'no flag link for a guest');
    await request(t.http).get(`/posts/${post.id}/flag`).expect(401);
    const visitor = await guest(t);
    const before = await modState(t);
    await submit(visitor, `/posts/${post.id}/flag`, { reason: 'spam' }).expect(401);
    await assertUnchanged(t, before, 'guest');
  });

  it('refuses a silenced member (403) until the silence ends', async () => {
    const quiet = await member(t);
    const post = await plain(t, alice);
    await silence(t, quiet);
    const page = await quiet.agent.get(THREAD).expect(200);
    assert.equal(flagLink(page.text, post), null, 'no flag link while silenced');
    await quiet.agent.get(`/posts/${post.id}/flag`).expect(403);
    const before = await modState(t);
    await flag(quiet, post, 'spam').expect(403);
    await flag(quiet, post, 'other', '発言停止中').expect(403);
    await assertUnchanged(t, before, 'silenced');

    // A silence whose time has passed no longer counts.
    await t.em().nativeUpdate(User, { id: quiet.user.id }, { stateUntil: new Date(Date.now() - 1000) });
    await flag(quiet, post, 'spam').expect(303);
    assert.equal((await flagsOf(t, post)).length, 1);
  });

  it('refuses a request without the CSRF token, or with a wrong one (403)', async () => {
    const post = await plain(t, alice);
    const before = await modState(t);
    await bob.agent.post(`/posts/${post.id}/flag`).type('form').send({ reason: 'spam' }).expect(403);
    await bob.agent
      .post(`/posts/${post.id}/flag`)
      .type('form')
      .send({ _csrf: 'x'.repeat(43), reason: 'spam' })
      .expect(403);
    await bob.agent.post(`/posts/${post.id}/flag`).type('form').send({ _csrf: alice.csrf, reason: 'spam' }).expect(403);
    await assertUnchanged(t, before, 'no CSRF token');
  });
});

// =============================================================================================

describe('auto-hide at the threshold', () => {
  let t: TestApp;
  let author: Member;
  let flaggers: Member[];
  before(async () => {
    t = await modApp();
    author = await member(t);
    flaggers = [await member(t), await member(t), await member(t), await member(t)];
  });
  after(() => t.close());

  it(`hides a field report at ${THRESHOLD} flags from distinct members, audited as (automatic); the report leaves the statistics`, async () => {
    const empty = await stats(t);
    const post = await createPost(t, author, reportForm());
    // A confirmation from another platform: it must leave and come back with the report.
    await createConfirmation(t.app, flaggers[3].user, post, 'ws2003');
    const counted = await stats(t);
    assert.deepEqual(counted.cells, { ...empty.cells, 'win2000-sp4/problem': '1+0', 'ws2003/problem': '0+1' });
    assert.equal(counted.reportCount, empty.reportCount + 1);
    assert.equal(counted.problemCount, empty.problemCount + 1);

    await flag(flaggers[0], post, 'dangerous', 'レジストリを全部消せという助言').expect(303);
    await flag(flaggers[1], post, 'dangerous').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'visible', `${THRESHOLD - 1} flags do not hide`);
    assert.deepEqual(await stats(t), counted, 'nor change the statistics');
    assert.deepEqual(await auditRows(t), []);

    await flag(flaggers[2], post, 'spam').expect(303);
    const hidden = await postRow(t, post.id);
    assert.equal(hidden.state, 'hidden');
    assert.equal(hidden.stateReason, `flagged by ${THRESHOLD} members`);
    assert.deepEqual(await stats(t), empty, 'the report and its confirmation left the statistics');

    const audit = await auditRows(t);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorName, '(automatic)');
    assert.equal(audit[0].actorId, null);
    assert.equal(audit[0].action, 'post.hide');
    assert.equal(audit[0].targetType, 'post');
    assert.equal(audit[0].targetId, String(post.id));
    assert.match(audit[0].reason ?? '', new RegExp(`^flagged by ${THRESHOLD} members`));
    assert.deepEqual(audit[0].detail, { advisory: ID });
    assert.deepEqual(
      (await flagsOf(t, post)).map((f) => f.state),
      ['open', 'open', 'open'],
      'the flags wait for a moderator',
    );

    // Hidden now: a fourth member cannot flag it, and a guest sees a placeholder.
    const before = await modState(t);
    await flag(flaggers[3], post, 'spam').expect(403);
    await assertUnchanged(t, before, 'flag on an auto-hidden post');
    const page = await request(t.http).get(THREAD).expect(200);
    assert.match(textOf(postItem(page.text, post.number)), new RegExp(msg('post.hiddenPlaceholder')));
    assert.doesNotMatch(page.text, /バックアップジョブが失敗する/);
  });

  it('hides a plain reply the same way, without touching the statistics', async () => {
    const before = await stats(t);
    const post = await plain(t, author, '宣伝です。');
    for (const f of flaggers.slice(0, THRESHOLD)) await flag(f, post, 'spam').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'hidden');
    assert.deepEqual(await stats(t), before);
  });

  it('does not count one member twice toward the threshold', async () => {
    const post = await plain(t, author);
    await flag(flaggers[0], post, 'spam').expect(303);
    await flag(flaggers[1], post, 'spam').expect(303);
    await flag(flaggers[1], post, 'abusive');
    await flag(flaggers[0], post, 'off-topic');
    assert.equal((await flagsOf(t, post)).length, 2);
    assert.equal((await postRow(t, post.id)).state, 'visible');
  });

  it('hides exactly once when the last flags arrive at the same moment', async () => {
    const post = await createPost(t, author, reportForm({ platform: 'ws2003', outcome: 'install-failed' }));
    const counted = await stats(t);
    await flag(flaggers[0], post, 'spam').expect(303);
    const auditBefore = (await auditRows(t)).length;
    const statuses = await Promise.all(flaggers.slice(1).map((f) => flag(f, post, 'spam').then((r) => r.status)));
    assert.ok(
      statuses.every((s) => s === 303 || s === 403),
      `each flag is taken or refused as on a hidden post: ${statuses.join()}`,
    );
    const row = await postRow(t, post.id);
    assert.equal(row.state, 'hidden', `hidden with ${(await flagsOf(t, post)).length} flags (statuses ${statuses.join()})`);
    const audit = (await auditRows(t)).slice(auditBefore);
    assert.deepEqual(
      audit.map((a) => `${a.actorName} ${a.action} ${a.targetId}`),
      [`(automatic) post.hide ${post.id}`],
      'one automatic hide',
    );
    const after = await stats(t);
    assert.equal(after.reportCount, counted.reportCount - 1, 'the report left the counts once');
    assert.equal(after.cells['ws2003/install-failed'], undefined);
  });
});

// =============================================================================================

describe('the review queue', () => {
  let t: TestApp;
  let author: Member;
  let mod: Member;
  let flaggers: Member[];
  before(async () => {
    t = await modApp();
    author = await member(t);
    mod = await member(t, Role.Moderator);
    flaggers = [await member(t), await member(t), await member(t)];
  });
  after(() => t.close());

  it('is closed to guests (401), subscribers and editors (403); open to moderators and admins', async () => {
    await request(t.http).get('/mod').expect(401);
    for (const role of [Role.Subscriber, Role.Editor]) await (await member(t, role)).agent.get('/mod').expect(403);
    for (const role of [Role.Moderator, Role.Admin]) {
      const page = await (await member(t, role)).agent.get('/mod').expect(200);
      assert.match(page.text, new RegExp(msg('mod.title')));
      assert.match(page.text, new RegExp(msg('mod.noFlags')));
      await assertValidHtml(page.text, `empty queue (${role})`);
    }
  });

  it('lists flagged posts oldest flag first, with counts by reason and the notes, escaped', async () => {
    const first = await plain(t, author, '最初の投稿');
    const second = await plain(t, author, '二番目の投稿');
    // The second post is flagged first: it leads the queue.
    await flag(flaggers[0], second, 'off-topic').expect(303);
    await flag(flaggers[0], first, 'spam').expect(303);
    await flag(flaggers[1], first, 'spam').expect(303);
    await flag(flaggers[2], second, 'other', '<script>alert(1)</script> & "quoted"').expect(303);

    const page = await mod.agent.get('/mod').expect(200);
    const items = queueItems(page.text);
    assert.deepEqual(
      items.map((i) => i.link),
      [`${ID} #${second.number}`, `${ID} #${first.number}`],
    );
    assert.equal(items[0].href, `${THREAD}#p${second.number}`);
    assert.deepEqual(items[0].chips, [`${msg('flag.reason.off-topic')} 1`, `${msg('flag.reason.other')} 1`]);
    assert.deepEqual(items[1].chips, [`${msg('flag.reason.spam')} 2`]);
    assert.deepEqual(items[0].notes, [`${flaggers[2].user.username}: <script>alert(1)</script> & "quoted"`]);
    assert.deepEqual(items[1].notes, []);
    assert.ok(
      items.every((i) => i.resolveForm),
      'each item has the decision form',
    );
    assert.match(items[0].meta, new RegExp(author.user.username));
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the note is escaped in the HTML');
    assert.equal(all(parseDocument(page.text), (e) => e.name === 'script').length, 0, 'no script element on the page');
    await assertValidHtml(page.text, 'queue with items');
    // Leave the queue empty for the next tests.
    await resolve(mod, first, 'disagree', '問題なし').expect(303);
    await resolve(mod, second, 'disagree', '問題なし').expect(303);
    assert.deepEqual(queueItems((await mod.agent.get('/mod').expect(200)).text), []);
  });

  it('agree: hides the post with the reason, tells the author, closes the flags, audits post.hide as a hide from the thread is', async () => {
    const post = await createPost(t, author, reportForm());
    const counted = await stats(t);
    await flag(flaggers[0], post, 'dangerous').expect(303);
    await flag(flaggers[1], post, 'abusive').expect(303);
    const unread = (await t.em().findOneOrFail(User, author.user.id)).unreadNotifications;

    const res = await resolve(mod, post, 'agree', '  誤った手順で危険  ').expect(303);
    assert.equal(res.headers.location, '/mod');
    const row = await postRow(t, post.id);
    assert.equal(row.state, 'hidden');
    assert.equal(row.stateReason, '誤った手順で危険');
    const flags = await flagsOf(t, post);
    assert.deepEqual(
      flags.map((f) => f.state),
      ['agreed', 'agreed'],
    );
    for (const f of flags) {
      assert.equal(f.resolvedBy?.id, mod.user.id);
      assert.ok(f.resolvedAt instanceof Date);
    }
    const notes = await notificationsOf(t, author.user.id);
    const last = notes[notes.length - 1];
    assert.equal(last.kind, 'hidden');
    assert.equal(last.post?.id, post.id);
    assert.equal(last.actor?.id, mod.user.id);
    assert.equal((await t.em().findOneOrFail(User, author.user.id)).unreadNotifications, unread + 1);
    const audit = (await auditRows(t)).at(-1)!;
    assert.equal(audit.action, 'post.hide');
    assert.equal(audit.actorId, mod.user.id);
    assert.equal(audit.actorName, mod.user.username);
    assert.equal(audit.targetId, String(post.id));
    assert.equal(audit.reason, '誤った手順で危険');
    assert.deepEqual(audit.detail, { advisory: ID, flags: 2 });
    const s = await stats(t);
    assert.equal(s.reportCount, counted.reportCount - 1, 'the hidden report left the statistics');
    assert.equal(s.cells['win2000-sp4/problem'], undefined);
    assert.deepEqual(queueItems((await mod.agent.get('/mod').expect(200)).text), [], 'the post left the queue');
  });

  it('disagree on an auto-hidden report: restores it, statistics back, flags cleared, no notification', async () => {
    const empty = await stats(t);
    const post = await createPost(t, author, reportForm({ platform: 'winxp-sp1', outcome: 'success' }));
    const counted = await stats(t);
    for (const f of flaggers) await flag(f, post, 'spam').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'hidden');
    assert.deepEqual(await stats(t), empty);
    const notesBefore = (await notificationsOf(t, author.user.id)).length;

    await resolve(mod, post, 'disagree', '正当な報告').expect(303);
    const row = await postRow(t, post.id);
    assert.equal(row.state, 'visible');
    assert.equal(row.stateReason, null);
    assert.deepEqual(await stats(t), counted, 'the report is back in the statistics');
    assert.deepEqual(
      (await flagsOf(t, post)).map((f) => f.state),
      ['disagreed', 'disagreed', 'disagreed'],
    );
    assert.equal((await notificationsOf(t, author.user.id)).length, notesBefore);
    const audit = (await auditRows(t)).at(-1)!;
    assert.equal(audit.action, 'flags.disagree');
    assert.equal(audit.reason, '正当な報告');
    assert.deepEqual(audit.detail, { advisory: ID, flags: 3 });
    assert.deepEqual(queueItems((await mod.agent.get('/mod').expect(200)).text), []);
  });

  it('disagree on a post a moderator hid keeps it hidden', async () => {
    const post = await plain(t, author);
    await flag(flaggers[0], post, 'spam').expect(303);
    await hide(mod, post, '個人情報を含む').expect(303);
    await resolve(mod, post, 'disagree', 'スパムではない').expect(303);
    const row = await postRow(t, post.id);
    assert.equal(row.state, 'hidden');
    assert.equal(row.stateReason, '個人情報を含む');
    assert.deepEqual(
      (await flagsOf(t, post)).map((f) => f.state),
      ['disagreed'],
    );
  });

  it('defer: keeps the post in the queue, marked, unchanged; a later decision closes it', async () => {
    const post = await plain(t, author);
    await flag(flaggers[0], post, 'off-topic').expect(303);
    await resolve(mod, post, 'defer', '作者の説明を待つ').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'visible');
    assert.deepEqual(
      (await flagsOf(t, post)).map((f) => f.state),
      ['deferred'],
    );
    assert.equal((await auditRows(t)).at(-1)!.action, 'flags.defer');
    const items = queueItems((await mod.agent.get('/mod').expect(200)).text);
    assert.equal(items.length, 1);
    assert.equal(items[0].link, `${ID} #${post.number}`);
    assert.match(items[0].meta, new RegExp(msg('mod.deferred')));

    // A new flag joins it; the post shows once with both.
    await flag(flaggers[1], post, 'spam').expect(303);
    const again = queueItems((await mod.agent.get('/mod').expect(200)).text);
    assert.equal(again.length, 1);
    assert.deepEqual(again[0].chips, [`${msg('flag.reason.spam')} 1`, `${msg('flag.reason.off-topic')} 1`]);
    assert.doesNotMatch(again[0].meta, new RegExp(msg('mod.deferred')), 'not all deferred any more');

    await resolve(mod, post, 'disagree', '話題に沿っている').expect(303);
    assert.deepEqual(
      (await flagsOf(t, post)).map((f) => f.state),
      ['disagreed', 'disagreed'],
    );
    assert.deepEqual(queueItems((await mod.agent.get('/mod').expect(200)).text), []);
  });

  it('refuses every decision without a reason, or with no valid decision (422), changing nothing', async () => {
    const post = await createPost(t, author, reportForm({ platform: 'ws2003' }));
    for (const f of flaggers.slice(0, 2)) await flag(f, post, 'spam').expect(303);
    const cases: [string, string | undefined][] = [];
    for (const decision of ['agree', 'disagree', 'defer'])
      for (const reason of [undefined, '', '   \n ', 'あ'.repeat(501)]) cases.push([decision, reason]);
    cases.push(['', '理由'], ['approve', '理由'], ['AGREE', '理由']);
    for (const [decision, reason] of cases) {
      const before = await modState(t);
      const res = await resolve(mod, post, decision, reason).expect(422);
      await assertValidHtml(res.text, 'resolve 422');
      await assertUnchanged(t, before, `decision "${decision}" with reason ${JSON.stringify(reason)?.slice(0, 20)}`);
    }
    const missing = await mod.agent.post(`/mod/posts/${post.id}/resolve`).type('form').send({ _csrf: mod.csrf, reason: '理由' });
    assert.equal(missing.status, 422);
    await resolve(mod, post, 'agree', '宣伝').expect(303);
  });

  it('answers 404 for a decision on a post with no open flags, or no post at all', async () => {
    const unflagged = await plain(t, author);
    const done = await plain(t, author);
    await flag(flaggers[0], done, 'spam').expect(303);
    await resolve(mod, done, 'disagree', '問題なし').expect(303);
    for (const [id, label] of [
      [unflagged.id, 'never flagged'],
      [done.id, 'already decided'],
      [999_999, 'no such post'],
    ] as const) {
      for (const decision of ['agree', 'disagree', 'defer']) {
        const before = await modState(t);
        await resolve(mod, id, decision, '理由').expect(404);
        await assertUnchanged(t, before, `${decision} on ${label}`);
      }
    }
  });

  it('refuses decisions by guests (401), subscribers and editors (403)', async () => {
    const post = await plain(t, author);
    await flag(flaggers[0], post, 'spam').expect(303);
    const visitor = await guest(t);
    const before = await modState(t);
    await submit(visitor, `/mod/posts/${post.id}/resolve`, { decision: 'agree', reason: 'x' }).expect(401);
    for (const role of [Role.Subscriber, Role.Editor]) {
      const m = await member(t, role);
      const mid = await modState(t);
      for (const decision of ['agree', 'disagree', 'defer']) await resolve(m, post, decision, '理由').expect(403);
      await resolve(m, post, 'agree').expect(403);
      await assertUnchanged(t, mid, role);
    }
    assert.deepEqual((await modState(t)).flags, before.flags);
    assert.equal((await postRow(t, post.id)).state, 'visible');
  });
});

// =============================================================================================

describe('hiding and restoring posts', () => {
  let t: TestApp;
  let author: Member;
  let mod: Member;
  before(async () => {
    t = await modApp();
    author = await member(t);
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  it('hides a report with a reason: state, notification, audit, statistics; restore brings all back', async () => {
    const empty = await stats(t);
    const post = await createPost(t, author, reportForm());
    const counted = await stats(t);
    const before = await mod.agent.get(THREAD).expect(200);
    const live = postItem(before.text, post.number)!;
    assert.ok(formTo(live, `/posts/${post.id}/hide`), 'a moderator gets a hide form on a visible post');
    assert.equal(formTo(live, `/posts/${post.id}/restore`), null);
    await assertValidHtml(before.text, 'thread with hide forms (moderator)');

    const res = await hide(mod, post, '  手順が危険  ').expect(303);
    assert.equal(res.headers.location, `${THREAD}#p${post.number}`);
    let row = await postRow(t, post.id);
    assert.equal(row.state, 'hidden');
    assert.equal(row.stateReason, '手順が危険');
    assert.deepEqual(await stats(t), empty, 'the report left the statistics');
    let notes = await notificationsOf(t, author.user.id);
    assert.deepEqual(
      notes.map((n) => `${n.kind}:${n.post?.id}:${n.actor?.id}`),
      [`hidden:${post.id}:${mod.user.id}`],
    );
    let audit = (await auditRows(t)).at(-1)!;
    assert.deepEqual(
      [audit.action, audit.actorName, audit.targetType, audit.targetId, audit.reason],
      ['post.hide', mod.user.username, 'post', String(post.id), '手順が危険'],
    );
    assert.deepEqual(audit.detail, { advisory: ID });

    // The moderator sees it with its badge, reason and a restore form; a guest sees a placeholder.
    const modPage = await mod.agent.get(THREAD).expect(200);
    const item = postItem(modPage.text, post.number)!;
    assert.ok(hasClass(item, 'post--hidden'));
    assert.match(textOf(item), /手順が危険/);
    assert.ok(formTo(item, `/posts/${post.id}/restore`), 'a restore form');
    assert.equal(formTo(item, `/posts/${post.id}/hide`), null);
    await assertValidHtml(modPage.text, 'thread with a hidden post (moderator)');
    assert.match(
      textOf(postItem((await request(t.http).get(THREAD).expect(200)).text, post.number)),
      new RegExp(msg('post.hiddenPlaceholder')),
    );
    // The author still sees their own post, with the reason.
    assert.match(textOf(postItem((await author.agent.get(THREAD).expect(200)).text, post.number)), /手順が危険/);

    await restore(mod, post, '確認の結果、問題なし').expect(303);
    row = await postRow(t, post.id);
    assert.equal(row.state, 'visible');
    assert.equal(row.stateReason, null);
    assert.deepEqual(await stats(t), counted, 'the report is back');
    notes = await notificationsOf(t, author.user.id);
    assert.deepEqual(
      notes.map((n) => n.kind),
      ['hidden', 'restored'],
    );
    audit = (await auditRows(t)).at(-1)!;
    assert.deepEqual([audit.action, audit.reason], ['post.restore', '確認の結果、問題なし']);
  });

  it('hides and restores a plain post without touching the statistics', async () => {
    const post = await plain(t, author);
    const before = await stats(t);
    await hide(mod, post, '話題と無関係').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'hidden');
    assert.deepEqual(await stats(t), before);
    await restore(mod, post, '戻す').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'visible');
    assert.deepEqual(await stats(t), before);
  });

  it('restores a report its author deleted, back into the statistics', async () => {
    const post = await createPost(t, author, reportForm({ platform: 'winxp-sp2', outcome: 'success' }));
    const counted = await stats(t);
    await submit(author, `/posts/${post.id}/delete`).expect(303);
    assert.equal((await stats(t)).cells['winxp-sp2/success'], undefined);
    await restore(mod, post, '誤削除との連絡').expect(303);
    assert.equal((await postRow(t, post.id)).state, 'visible');
    assert.deepEqual(await stats(t), counted);
  });

  it('refuses without a reason (422), changing nothing', async () => {
    const visible = await createPost(t, author, reportForm());
    const hidden = await plain(t, author);
    await hide(mod, hidden, '非表示').expect(303);
    for (const reason of [undefined, '', '  \t ', 'あ'.repeat(501)]) {
      const before = await modState(t);
      const res = await hide(mod, visible, reason).expect(422);
      assert.match(res.text, new RegExp(msg('form.reasonRequired')));
      await assertValidHtml(res.text, 'hide 422');
      await restore(mod, hidden, reason).expect(422);
      await assertUnchanged(t, before, `reason ${JSON.stringify(reason)?.slice(0, 20)}`);
    }
  });

  it('refuses restoring a visible post and hiding a hidden one (422)', async () => {
    const visible = await plain(t, author);
    const hidden = await plain(t, author);
    await hide(mod, hidden, '非表示').expect(303);
    const before = await modState(t);
    const res = await restore(mod, visible, '戻す').expect(422);
    assert.match(res.text, new RegExp(msg('moderation.stateUnchanged')));
    await hide(mod, hidden, 'もう一度').expect(422);
    await assertUnchanged(t, before, 'no state change');
    await hide(mod, 999_999, '理由').expect(404);
    await restore(mod, 999_999, '理由').expect(404);
  });

  it('refuses subscribers, editors (403) and guests (401), changing nothing', async () => {
    const visible = await createPost(t, author, reportForm());
    const hidden = await plain(t, author);
    await hide(mod, hidden, '非表示').expect(303);
    for (const role of [Role.Subscriber, Role.Editor]) {
      const m = await member(t, role);
      const page = await m.agent.get(THREAD).expect(200);
      assert.equal(formTo(postItem(page.text, visible.number)!, `/posts/${visible.id}/hide`), null, `no hide form for ${role}`);
      const before = await modState(t);
      await hide(m, visible, '理由').expect(403);
      await restore(m, hidden, '理由').expect(403);
      await hide(m, visible).expect(403);
      await assertUnchanged(t, before, role);
    }
    // The author cannot hide or restore their own post either.
    const before = await modState(t);
    await hide(author, visible, '自分で').expect(403);
    await restore(author, hidden, '自分で').expect(403);
    const visitor = await guest(t);
    await submit(visitor, `/posts/${visible.id}/hide`, { reason: 'x' }).expect(401);
    await assertUnchanged(t, before, 'author and guest');
  });
});

// =============================================================================================

describe('locking threads', () => {
  let t: TestApp;
  let alice: Member;
  let mod: Member;
  before(async () => {
    t = await modApp();
    alice = await member(t);
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  it('locks with a reason (audited); members get 403 on posting, moderators still post; unlock is audited', async () => {
    await plain(t, alice, 'ロック前の投稿');
    const page = await mod.agent.get(THREAD).expect(200);
    const tools = one(parseDocument(page.text), (e) => e.name === 'details' && hasClass(e, 'mod-tools'));
    assert.ok(tools && formTo(tools, `/advisories/${ID}/lock`), 'the moderator tools with the lock form');
    assert.equal(
      one(tools, (e) => e.name === 'input' && e.attribs.name === 'locked'),
      null,
      'locking, not unlocking',
    );
    await assertValidHtml(page.text, 'thread with moderator tools');

    const res = await lock(mod, { reason: '  議論が過熱したため  ' }).expect(303);
    assert.equal(res.headers.location, THREAD);
    assert.equal((await threadRow(t)).locked, true);
    const audit = (await auditRows(t)).at(-1)!;
    assert.deepEqual(
      [audit.action, audit.actorName, audit.targetType, audit.targetId, audit.reason],
      ['thread.lock', mod.user.username, 'thread', ID, '議論が過熱したため'],
    );
    assert.deepEqual(audit.detail, { advisory: ID });

    const before = await modState(t);
    await submit(alice, THREAD, { body: 'ロック中の投稿' }).expect(403);
    await submit(alice, THREAD, reportForm()).expect(403);
    await assertUnchanged(t, before, 'member posting in a locked thread');
    const memberPage = await alice.agent.get(THREAD).expect(200);
    assert.match(memberPage.text, new RegExp(msg('thread.locked')));
    assert.equal(
      one(parseDocument(memberPage.text), (e) => e.name === 'details' && hasClass(e, 'mod-tools')),
      null,
      'no tools for a member',
    );
    const modPost = await plain(t, mod, 'モデレーターからのお知らせ');
    assert.equal(modPost.author.id, mod.user.id);

    // Locking again changes and records nothing.
    const again = await modState(t);
    await lock(mod, { reason: '再度' }).expect(303);
    await assertUnchanged(t, again, 'lock of a locked thread');

    const lockedPage = await mod.agent.get(THREAD).expect(200);
    const unlockForm = formTo(parseDocument(lockedPage.text), `/advisories/${ID}/lock`)!;
    assert.equal(one(unlockForm, (e) => e.name === 'input' && e.attribs.name === 'locked')?.attribs.value, 'off', 'the form now unlocks');
    await assertValidHtml(lockedPage.text, 'locked thread (moderator)');

    await lock(mod, { locked: 'off', reason: '落ち着いたため' }).expect(303);
    assert.equal((await threadRow(t)).locked, false);
    const unlock = (await auditRows(t)).at(-1)!;
    assert.deepEqual([unlock.action, unlock.reason, unlock.targetId], ['thread.unlock', '落ち着いたため', ID]);
    await plain(t, alice, 'ロック解除後の投稿');
  });

  it('refuses without a reason (422), and subscribers, editors (403) and guests (401)', async () => {
    for (const fields of [{}, { reason: '' }, { reason: '   ' }, { locked: 'off', reason: '' }] as Record<string, string>[]) {
      const before = await modState(t);
      await lock(mod, fields).expect(422);
      await assertUnchanged(t, before, `lock ${JSON.stringify(fields)}`);
    }
    for (const role of [Role.Subscriber, Role.Editor]) {
      const m = await member(t, role);
      const page = await m.agent.get(THREAD).expect(200);
      assert.equal(formTo(parseDocument(page.text), `/advisories/${ID}/lock`), null, `no lock form for ${role}`);
      const before = await modState(t);
      await lock(m, { reason: '荒らし対策' }).expect(403);
      await lock(m, { locked: 'off', reason: '解除' }).expect(403);
      await assertUnchanged(t, before, role);
    }
    const visitor = await guest(t);
    await submit(visitor, `/advisories/${ID}/lock`, { reason: 'x' }).expect(401);
    await lock(mod, { reason: '理由' }, 'MS99-999').expect(404);
    assert.equal((await threadRow(t)).locked, false);
  });
});

// =============================================================================================

describe('the audit log', () => {
  let t: TestApp;
  let author: Member;
  let mod: Member;
  let mod2: Member;
  let admin: Member;
  let other: string;
  before(async () => {
    t = await modApp();
    author = await member(t);
    mod = await member(t, Role.Moderator);
    mod2 = await member(t, Role.Moderator);
    admin = await member(t, Role.Admin);
    other = buildAdvisoryDoc().id;
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: other })]);
    // A history: hides, a restore, a lock elsewhere, an automatic hide.
    const p1 = await plain(t, author);
    const p2 = await plain(t, author);
    await hide(mod, p1, '一件目').expect(303);
    await hide(mod2, p2, '二件目').expect(303);
    await restore(mod, p1, '戻す').expect(303);
    await lock(mod2, { reason: '別スレッドのロック' }, other).expect(303);
    const p3 = await plain(t, author, '<b>太字</b> の投稿');
    for (let i = 0; i < THRESHOLD; i++) await flag(await member(t), p3, 'spam').expect(303);
  });
  after(() => t.close());

  it('is closed to guests (401) and subscribers (403); open to moderators, editors and admins', async () => {
    await request(t.http).get('/mod/log').expect(401);
    await (await member(t)).agent.get('/mod/log').expect(403);
    for (const role of [Role.Moderator, Role.Editor, Role.Admin]) {
      const page = await (await member(t, role)).agent.get('/mod/log').expect(200);
      assert.equal(logRows(page.text).length, (await auditRows(t)).length, `${role} sees every entry`);
    }
  });

  it('shows every entry newest first, with actor, action, target and reason', async () => {
    const page = await mod.agent.get('/mod/log').expect(200);
    const rows = logRows(page.text);
    const entries = (await auditRows(t)).reverse();
    assert.ok(entries.length >= 5);
    assert.deepEqual(
      rows.map((r) => `${r.actor}|${r.code}|${r.target}|${r.reason}`),
      entries.map((e) => `${actorShown(e)}|${e.action}|${targetShown(e)}|${e.reason ?? ''}`),
    );
    assert.equal(rows[0].actor, msg('audit.actor.system'), 'the latest first');
    assert.equal(rows.at(-1)!.reason, '一件目', 'the earliest last');
    assert.deepEqual(rows[0].details, [`${msg('mod.log.advisory')}: ${ID}`]);
    await assertValidHtml(page.text, 'audit log with entries');
  });

  it('filters by actor, action and advisory, alone and together', async () => {
    const entries = await auditRows(t);
    const shown = async (query: string) => logRows((await mod.agent.get(`/mod/log?${query}`).expect(200)).text);
    const byActor = await shown(`actor=${encodeURIComponent(mod2.user.username)}`);
    assert.deepEqual(
      byActor.map((r) => r.reason),
      entries
        .filter((e) => e.actorName === mod2.user.username)
        .reverse()
        .map((e) => e.reason ?? ''),
    );
    assert.equal(byActor.length, 2);
    assert.deepEqual(
      (await shown('actor=(automatic)')).map((r) => r.code),
      ['post.hide'],
    );

    const hides = await shown('action=post.hide');
    assert.equal(hides.length, entries.filter((e) => e.action === 'post.hide').length);
    assert.ok(hides.every((r) => r.code === 'post.hide' && r.action === msg('audit.action.post.hide')));

    const here = entries.filter((e) => (e.detail as { advisory?: string } | null)?.advisory === ID).reverse();
    for (const q of [ID, ID.toLowerCase(), ` ${ID} `]) {
      assert.deepEqual(
        (await shown(`advisory=${encodeURIComponent(q)}`)).map((r) => r.target),
        here.map(targetShown),
        `advisory=${q}`,
      );
    }
    assert.deepEqual(
      (await shown(`advisory=${other}`)).map((r) => `${r.code} ${r.target}`),
      [`thread.lock ${msg('audit.target.thread', { id: other })}`],
    );

    const both = await shown(`actor=${encodeURIComponent(mod.user.username)}&action=post.restore&advisory=${ID}`);
    assert.deepEqual(
      both.map((r) => `${r.code} ${r.reason}`),
      ['post.restore 戻す'],
    );
    assert.deepEqual(await shown(`actor=${encodeURIComponent(mod.user.username)}&advisory=${other}`), []);

    // The filter form keeps what was asked.
    const page = await mod.agent.get(`/mod/log?actor=${encodeURIComponent(mod.user.username)}&action=post.hide`).expect(200);
    const d = parseDocument(page.text);
    assert.equal(one(d, (e) => e.attribs.id === 'l-actor')?.attribs.value, mod.user.username);
    assert.deepEqual(actionOptions(page.text).selected, ['post.hide']);
    await assertValidHtml(page.text, 'filtered audit log');
  });

  it('gives an empty list, never a 500, for a filter that matches nothing or makes no sense', async () => {
    const queries = [
      'actor=nobody-at-all',
      'advisory=MS99-999',
      'advisory=not-an-advisory',
      'advisory=%3Cscript%3E',
      `actor=${'x'.repeat(300)}`,
      'actor=%27%20or%201%3D1%20--',
      'actor=%E3%81%82',
    ];
    for (const q of queries) {
      const res = await mod.agent.get(`/mod/log?${q}`);
      assert.equal(res.status, 200, `${q} → ${res.status}`);
      assert.deepEqual(logRows(res.text), [], `${q} matches nothing`);
      assert.match(res.text, new RegExp(msg('mod.log.empty')), q);
      await assertValidHtml(res.text, `audit log ${q}`);
    }
    // Odd shapes: repeated or bracketed keys, a bad "before": not a 500.
    for (const q of ['actor=a&actor=b', 'actor[]=a', 'action[x]=y', 'before=abc', 'before=-1', 'before=99999999999999', 'before=0']) {
      const res = await mod.agent.get(`/mod/log?${q}`);
      assert.ok(res.status === 200 || res.status === 400, `${q} → ${res.status}`);
    }
  });

  it('pages older entries with before=', async () => {
    const entries = (await auditRows(t)).reverse();
    const pivot = entries[1].id;
    const rows = logRows((await mod.agent.get(`/mod/log?before=${pivot}`).expect(200)).text);
    assert.deepEqual(
      rows.map((r) => r.reason),
      entries.slice(2).map((e) => e.reason ?? ''),
    );
  });

  it('records role changes made on /admin/users', async () => {
    const target = await member(t);
    const token = csrfFrom((await admin.agent.get('/admin/users').expect(200)).text);
    await admin.agent
      .post(`/admin/users/${target.user.id}/role`)
      .type('form')
      .send({ _csrf: token, role: 'moderator', reason: '回答が的確なため' })
      .expect(303);
    assert.equal((await t.em().findOneOrFail(User, target.user.id)).role, Role.Moderator);
    const rows = logRows((await mod.agent.get('/mod/log?action=user.role').expect(200)).text);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].actor, admin.user.username);
    assert.equal(rows[0].target, msg('audit.target.user', { name: target.user.username }));
    assert.equal(rows[0].reason, '回答が的確なため');
    assert.deepEqual(rows[0].details, [`${msg('audit.detail.role')}: ${msg('role.subscriber')} → ${msg('role.moderator')}`]);
    assert.equal(logRows((await mod.agent.get('/mod/log').expect(200)).text)[0].code, 'user.role', 'and it is the newest entry');
  });

  it('shows reasons as text, escaped, in the log and on the thread', async () => {
    const post = await plain(t, author);
    await hide(mod, post, '<script>alert(1)</script> & <b>x</b>').expect(303);
    const page = await mod.agent.get('/mod/log?action=post.hide').expect(200);
    assert.equal(logRows(page.text)[0].reason, '<script>alert(1)</script> & <b>x</b>');
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.equal(all(parseDocument(page.text), (e) => e.name === 'script' || e.name === 'b').length, 0);
    await assertValidHtml(page.text, 'audit log with markup in a reason');
    const thread = await mod.agent.get(THREAD).expect(200);
    assert.match(textOf(postItem(thread.text, post.number)), /<script>alert\(1\)<\/script>/);
    assert.equal(all(parseDocument(thread.text), (e) => e.name === 'script').length, 0);
  });

  it('has no route that edits or deletes entries (404), and the entries stay', async () => {
    const before = await modState(t);
    const id = (await auditRows(t))[0].id;
    for (const path of ['/mod/log', `/mod/log/${id}`, `/mod/log/${id}/delete`, `/mod/log/${id}/edit`]) {
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const res = await admin.agent[method](path).set('X-CSRF-Token', admin.csrf).type('form').send({ reason: 'x', action: 'nothing' });
        assert.equal(res.status, 404, `${method.toUpperCase()} ${path} → ${res.status}`);
      }
    }
    await assertUnchanged(t, before, 'writes to the log');
  });
});

// =============================================================================================

describe('the audit log, read as a log (issue 19, 6)', () => {
  let t: TestApp;
  let author: Member;
  let mod: Member;
  const other = 'MS04-099';
  before(async () => {
    t = await modApp();
    author = await member(t);
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  const page = async (query = '') => (await mod.agent.get(`/mod/log${query}`).expect(200)).text;

  it('names a hide from the review queue and one from the thread alike, an older flags.agree row too; the filter finds all three', async () => {
    const fromThread = await plain(t, author, 'スレッドから非表示にする投稿');
    await hide(mod, fromThread, 'スレッドで非表示').expect(303);
    const fromQueue = await plain(t, author, 'キューから非表示にする投稿');
    await flag(await member(t), fromQueue, 'spam').expect(303);
    await resolve(mod, fromQueue, 'agree', 'キューで非表示').expect(303);
    // A row as the queue wrote it before both paths wrote post.hide.
    const em = t.em();
    const before = { actorId: mod.user.id, actorName: mod.user.username, targetType: 'post', targetId: String(fromQueue.id) };
    await em
      .persist(new AuditEntry({ ...before, action: 'flags.agree', reason: '以前の同意', detail: { advisory: ID, flags: 1 } }))
      .flush();
    assert.deepEqual(
      (await auditRows(t)).map((e) => `${e.action} ${e.reason}`),
      ['post.hide スレッドで非表示', 'post.hide キューで非表示', 'flags.agree 以前の同意'],
    );

    const hidden = msg('audit.action.post.hide');
    assert.equal(hidden, '投稿を非表示');
    for (const query of ['', '?action=post.hide', '?action=flags.agree']) {
      const html = await page(query);
      assert.deepEqual(
        logRows(html).map((r) => `${r.action}|${r.reason}|${r.targetHref}`),
        [
          `${hidden}|以前の同意|/posts/${fromQueue.id}`,
          `${hidden}|キューで非表示|/posts/${fromQueue.id}`,
          `${hidden}|スレッドで非表示|/posts/${fromThread.id}`,
        ],
        query,
      );
      if (query) assert.deepEqual(actionOptions(html).selected, ['post.hide'], `${query}: the old code chooses the action it stands for`);
    }
    const queued = logRows(await page())[1];
    assert.deepEqual(queued.details, [`${msg('audit.detail.flags')}: 1`, `${msg('mod.log.advisory')}: ${ID}`]);
    assert.deepEqual(queued.detailHrefs, [undefined, `/advisories/${ID}`]);
  });

  it('offers the known actions as a list in the reader’s language, "all" first and chosen by default', async () => {
    const ja = actionOptions(await page());
    assert.deepEqual(ja.options, [['', 'すべての操作'], ...AUDIT_ACTIONS.map((a) => [a, msg(`audit.action.${a}`)])]);
    assert.deepEqual(ja.selected, ['']);
    assert.ok(ja.options.some(([v, label]) => v === 'known-issue.status' && label === '既知の問題の状態を変更'));
    const en = actionOptions(await page('?lang=en'));
    assert.deepEqual(en.options, [['', 'All actions'], ...AUDIT_ACTIONS.map((a) => [a, translate('en', `audit.action.${a}`)])]);
    assert.ok(en.options.some(([v, label]) => v === 'post.hide' && label === 'Post hidden'));
    await page('?lang=ja');
    // Every known action has its name in both catalogs.
    for (const a of AUDIT_ACTIONS)
      for (const locale of ['ja', 'en'] as const) assert.notEqual(translate(locale, `audit.action.${a}`), `audit.action.${a}`);
  });

  it('sets an action it does not know aside with a notice, the other filters kept, never a 500', async () => {
    const all = logRows(await page());
    const here = logRows(await page(`?advisory=${ID}`));
    assert.ok(all.length >= 3);
    for (const code of ['post.explode', '%', '<script>alert(1)</script>', 'flags.', 'POST.HIDE']) {
      for (const [query, expected] of [
        [`?action=${encodeURIComponent(code)}`, all],
        [`?action=${encodeURIComponent(code)}&advisory=${ID}`, here],
      ] as const) {
        const res = await mod.agent.get(`/mod/log${query}`);
        assert.equal(res.status, 200, `${query} → ${res.status}`);
        const notice = one(parseDocument(res.text), (e) => hasClass(e, 'notice'));
        assert.equal(notice && textOf(notice), msg('mod.log.unknownAction', { code }), query);
        assert.deepEqual(logRows(res.text), expected, `${query}: the unknown action is no filter`);
        assert.deepEqual(actionOptions(res.text).selected, [''], query);
        assertNoScript(res.text, query);
      }
    }
    await assertValidHtml((await mod.agent.get('/mod/log?action=post.explode')).text, 'audit log with an unknown action');
  });

  it('links each target and actor, and shows each detail as a labelled, translated value, escaped', async () => {
    const target = await member(t);
    await submit(mod, `/mod/users/${target.user.id}/state`, { state: 'silenced', days: '3', reason: '宣伝の繰り返し' }).expect(303);
    const title = '<b>太字</b> の問題';
    const issue = await issueThroughForm(t, mod, issueForm({ title }));
    await submit(mod, `/known-issues/${issue.id}/edit`, issueForm({ title, status: 'confirmed', note: '再現した' })).expect(303);
    await t.app.get(AdvisoriesService).importDocuments([buildAdvisoryDoc({ id: other })], { publish: false, actor: 'cli' });
    await lock(mod, { reason: '荒れたため' }).expect(303);

    const html = await page();
    const rows = logRows(html);
    const by = (code: string) => rows.find((r) => r.code === code)!;
    const label = (key: string, value: string) => `${msg(key)}: ${value}`;

    const silenced = by('user.silence');
    assert.deepEqual(
      [silenced.action, silenced.actor, silenced.actorHref],
      ['会員を発言停止', mod.user.username, `/users/${mod.user.username}`],
    );
    assert.deepEqual([silenced.target, silenced.targetHref], [`会員 ${target.user.username}`, `/users/${target.user.username}`]);
    assert.deepEqual(silenced.details.slice(0, 2), ['アカウントの状態: 有効 → 発言停止', '期間: 3日']);
    assert.match(silenced.details[2], /^期限: \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);

    const status = by('known-issue.status');
    assert.deepEqual([status.action, status.reason], ['既知の問題の状態を変更', '再現した']);
    assert.deepEqual([status.target, status.targetHref], [`既知の問題 ${issue.id}`, `/advisories/${ID}/known-issues#ki${issue.id}`]);
    assert.deepEqual(status.details, ['状態: 調査中 → 確認済み', label('mod.log.advisory', ID)]);

    const created = by('known-issue.create');
    assert.deepEqual(created.details, [`タイトル: ${title}`, '状態: 調査中', label('mod.log.advisory', ID)]);
    assert.ok(html.includes('&lt;b&gt;太字&lt;/b&gt; の問題'), 'the title escaped');
    assertNoScript(html, 'audit log');

    const imported = by('advisory.import');
    assert.deepEqual([imported.actor, imported.actorHref], ['(コマンドライン)', undefined]);
    assert.deepEqual([imported.target, imported.targetHref], [`セキュリティ情報 ${other}`, `/advisories/${other}`]);
    assert.deepEqual(imported.details, [
      '取り込み: 新規',
      label('audit.detail.published', msg('editor.status.draft')),
      '経路: コマンドライン',
    ]);

    const locked = by('thread.lock');
    assert.deepEqual(
      [locked.action, locked.target, locked.targetHref, locked.details],
      ['会議室をロック', `${ID} の会議室`, `/advisories/${ID}/thread`, []],
    );
    await assertValidHtml(html, 'audit log with links and details');

    // The same entries in English.
    const en = logRows(await page('?lang=en'));
    const enBy = (code: string) => en.find((r) => r.code === code)!;
    assert.equal(enBy('known-issue.status').action, 'Known issue status changed');
    assert.deepEqual(enBy('known-issue.status').details, [
      'Status: Investigating → Confirmed',
      `${translate('en', 'mod.log.advisory')}: ${ID}`,
    ]);
    assert.deepEqual(enBy('user.silence').details.slice(0, 2), ['Account state: Active → Silenced', 'Period: 3 days']);
    assert.equal(enBy('user.silence').target, `Member ${target.user.username}`);
    assert.equal(enBy('advisory.import').actor, '(command line)');
    assert.deepEqual(enBy('advisory.import').details, ['Import: New', 'Publication: Draft', 'Through: Command line']);
    await page('?lang=ja');
  });
});

/** No element that runs or formats text: everything a member typed is shown as text. */
function assertNoScript(html: string, what: string) {
  const table = one(parseDocument(html), (e) => e.name === 'main') ?? parseDocument(html);
  assert.equal(all(table, (e) => e.name === 'script' || e.name === 'b').length, 0, `${what}: no script or markup from the data`);
}

// =============================================================================================

describe('refusals across roles', () => {
  let t: TestApp;
  let author: Member;
  let mod: Member;
  before(async () => {
    t = await modApp();
    author = await member(t);
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  it('a subscriber cannot hide, restore, resolve or lock (403), whatever the form says', async () => {
    const sub = await member(t);
    const visible = await createPost(t, author, reportForm());
    const hidden = await plain(t, author);
    await hide(mod, hidden, '非表示').expect(303);
    await flag(sub, visible, 'spam').expect(303);
    const before = await modState(t);
    await hide(sub, visible, '理由').expect(403);
    await restore(sub, hidden, '理由').expect(403);
    for (const decision of ['agree', 'disagree', 'defer']) await resolve(sub, visible, decision, '理由').expect(403);
    await resolve(sub, visible, 'bogus', '理由').expect(403);
    await resolve(sub, visible, 'agree', '').expect(403);
    await lock(sub, { reason: '理由' }).expect(403);
    await lock(sub, { reason: '' }).expect(403);
    await sub.agent.get('/mod').expect(403);
    await assertUnchanged(t, before, 'subscriber moderating');
  });

  it('a moderator cannot change roles (403), nor open /admin/users', async () => {
    const target = await member(t);
    await mod.agent.get('/admin/users').expect(403);
    const before = await modState(t);
    for (const role of ['moderator', 'admin', 'editor']) {
      await submit(mod, `/admin/users/${target.user.id}/role`, { role, reason: '昇格' }).expect(403);
    }
    await submit(mod, `/admin/users/${mod.user.id}/role`, { role: 'admin', reason: '自分を昇格' }).expect(403);
    await assertUnchanged(t, before, 'moderator changing roles');
    assert.equal((await t.em().findOneOrFail(User, target.user.id)).role, Role.Subscriber);
  });

  it('an editor cannot moderate either, but reads the log', async () => {
    const editor = await member(t, Role.Editor);
    const post = await plain(t, author);
    await flag(editor, post, 'spam').expect(303);
    const before = await modState(t);
    await hide(editor, post, '理由').expect(403);
    await resolve(editor, post, 'agree', '理由').expect(403);
    await lock(editor, { reason: '理由' }).expect(403);
    await submit(editor, `/admin/users/${author.user.id}/role`, { role: 'moderator', reason: '理由' }).expect(403);
    await assertUnchanged(t, before, 'editor moderating');
    await editor.agent.get('/mod/log').expect(200);
  });

  it('a silenced member cannot flag (403)', async () => {
    const quiet = await member(t);
    const post = await plain(t, author);
    await silence(t, quiet);
    const before = await modState(t);
    for (const reason of FLAG_REASONS) await flag(quiet, post, reason, '発言停止中').expect(403);
    await assertUnchanged(t, before, 'silenced member flagging');
  });
});
