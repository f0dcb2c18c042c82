import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { Client } from 'pg';
import request from 'supertest';
import { AdvisoryPlatform } from '../../src/advisories/advisory-platform.entity';
import { Confirmation } from '../../src/field-reports/confirmation.entity';
import { FieldReport, OUTCOMES } from '../../src/field-reports/field-report.entity';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Watch } from '../../src/notifications/watch.entity';
import { translate } from '../../src/common/i18n/i18n';
import { LIMITS } from '../../src/common/limits';
import { KnownIssueEvidence } from '../../src/known-issues/known-issue-evidence.entity';
import { Role } from '../../src/policy/viewer';
import { PostRevision } from '../../src/threads/post-revision.entity';
import { Post } from '../../src/threads/post.entity';
import { CreatedPost } from '../../src/threads/posts.service';
import { Thread } from '../../src/threads/thread.entity';
import { AccountState, User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createPost, createPosts } from '../factories/post.factory';
import { BULLETIN, boardApp, ID, KI, THREAD } from '../support/board';
import { all, byId, El, hasClass, one, pageProblem, postItem, textOf } from '../support/dom';
import { fieldError, formPairs } from '../support/forms';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { generousLimits, rule } from '../support/limits';
import { FormFields, guest, member, Member, submit } from '../support/members';
import { issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { countReads } from '../support/reads';
import { ENGINE, TestApp } from '../support/test-app';
import { WriteTransactions } from '../../src/database/write-transactions';
import { NotificationsRepository } from '../../src/notifications/notifications.repository';

// ---------------------------------------------------------------------------------------------
// Set-up: the reference bulletin MS04-044 (8 platforms) on a fresh database per describe block,
// with limits generous enough that only the posting-limit tests ever meet one.
// ---------------------------------------------------------------------------------------------

const OTHER_LABEL = msg('report.platform.other');

const postTo = (m: Member, fields: FormFields) => submit(m, THREAD, fields);

// ---------------------------------------------------------------------------------------------
// Database checks.
// ---------------------------------------------------------------------------------------------

const threadRow = (t: TestApp) => t.em().findOneOrFail(Thread, { advisory: ID });
const userRow = (t: TestApp, id: number) => t.em().findOneOrFail(User, { id });

/** What a refused write must leave exactly as it was. */
async function snapshot(t: TestApp, userId?: number) {
  const thread = await threadRow(t);
  return {
    posts: await t.em().count(Post, {}),
    reports: await t.em().count(FieldReport, {}),
    confirmations: await t.em().count(Confirmation, {}),
    threadPostCount: thread.postCount,
    threadReportCount: thread.reportCount,
    userPostCount: userId ? (await userRow(t, userId)).postCount : null,
    stats: (await t.em().find(PlatformStat, {}, { orderBy: { id: 'asc' } })).map(
      (s) => `${s.platformKey}/${s.outcome}=${s.reports}+${s.confirmations}`,
    ),
  };
}

async function assertNothingSaved(t: TestApp, before: Awaited<ReturnType<typeof snapshot>>, userId?: number) {
  assert.deepEqual(await snapshot(t, userId), before, 'nothing was saved');
}

type Counts = { reports: number; confirmations: number };

/**
 * The platform table recounted from the rows themselves: visible reports by their platform and
 * outcome, and each confirmation of a visible report by the confirmer's platform and the report's outcome.
 */
async function recount(t: TestApp) {
  const em = t.em();
  const thread = await threadRow(t);
  const reports = await em.find(FieldReport, { post: { thread } }, { populate: ['post', 'platform'] });
  const confirmations = await em.find(Confirmation, { report: { post: { thread } } }, { populate: ['report', 'platform'] });
  const stats = new Map<string, Counts>();
  const cell = (key: string, outcome: string) => {
    const k = `${key}/${outcome}`;
    if (!stats.has(k)) stats.set(k, { reports: 0, confirmations: 0 });
    return stats.get(k)!;
  };
  const counted = new Map<number, FieldReport>();
  for (const r of reports) {
    if (r.post.getEntity().state !== 'visible') continue;
    counted.set(r.post.id, r);
    cell(r.platform?.getEntity().key ?? 'other', r.outcome).reports++;
  }
  const perReport = new Map<number, number>();
  for (const c of confirmations) {
    const reportId = c.report.getEntity().post.id;
    perReport.set(reportId, (perReport.get(reportId) ?? 0) + 1);
    const r = counted.get(reportId);
    if (r) cell(c.platform?.getEntity().key ?? 'other', r.outcome).confirmations++;
  }
  return {
    stats,
    reportCount: counted.size,
    problemCount: [...counted.values()].filter((r) => r.outcome !== 'success').length,
    confirmationsPerReport: perReport,
    reports,
  };
}

/** platform_stats, the thread's and the reports' counters, and every member's post count equal a recount. */
async function assertCountersExact(t: TestApp) {
  const em = t.em();
  const thread = await threadRow(t);
  const truth = await recount(t);
  const stored = new Map<string, Counts>();
  for (const s of await em.find(PlatformStat, { thread })) {
    if (s.reports || s.confirmations) stored.set(`${s.platformKey}/${s.outcome}`, { reports: s.reports, confirmations: s.confirmations });
  }
  const nonZero = new Map([...truth.stats].filter(([, c]) => c.reports || c.confirmations));
  assert.deepEqual(Object.fromEntries([...stored].sort()), Object.fromEntries([...nonZero].sort()), 'platform_stats equals a recount');
  assert.equal(thread.reportCount, truth.reportCount, 'threads.report_count');
  assert.equal(thread.problemCount, truth.problemCount, 'threads.problem_count');
  for (const r of truth.reports)
    assert.equal(
      r.confirmationCount,
      truth.confirmationsPerReport.get(r.post.id) ?? 0,
      `field_reports.confirmation_count of post ${r.post.id}`,
    );

  // Dense numbers: exactly 1..N, N the thread's counter.
  const numbers = (await em.find(Post, { thread }, { orderBy: { number: 'asc' }, fields: ['number'] })).map((p) => p.number);
  assert.deepEqual(
    numbers,
    Array.from({ length: numbers.length }, (_, i) => i + 1),
    'post numbers are 1..N with no gap or duplicate',
  );
  assert.equal(thread.postCount, numbers.length, 'threads.post_count is the highest number');

  const posts = await em.find(Post, {}, { fields: ['author'] });
  const perAuthor = new Map<number, number>();
  for (const p of posts) perAuthor.set(p.author.id, (perAuthor.get(p.author.id) ?? 0) + 1);
  for (const u of await em.find(User, {})) assert.equal(u.postCount, perAuthor.get(u.id) ?? 0, `users.post_count of ${u.username}`);
  return truth;
}

/** The table as it should be drawn: platform label → counts per outcome (reports + confirmations). */
async function expectedTable(t: TestApp): Promise<Record<string, number[]>> {
  const truth = await recount(t);
  const platforms = await t.em().find(AdvisoryPlatform, { advisory: ID }, { orderBy: { position: 'asc' } });
  const row = (key: string) =>
    OUTCOMES.map((o) => {
      const c = truth.stats.get(`${key}/${o}`);
      return c ? c.reports + c.confirmations : 0;
    });
  const table: Record<string, number[]> = {};
  for (const p of platforms) table[p.label] = row(p.key);
  const other = row('other');
  if (other.some((n) => n > 0)) table[OTHER_LABEL] = other;
  return table;
}

// ---------------------------------------------------------------------------------------------
// Page parsing (htmlparser2: entities decoded, textarea read as text).
// ---------------------------------------------------------------------------------------------

/** The number of every post shown on the page, in order. */
function postNumbers(html: string): number[] {
  return all(parseDocument(html), (e) => e.name === 'li' && hasClass(e, 'post')).map((e) => Number(e.attribs.id.slice(1)));
}

const bodyText = (item: El | null) => textOf(item && one(item, (e) => hasClass(e, 'post__body')));

/** The per-platform table on a page: row label → counts per outcome, or null when there is none. */
function renderedTable(html: string): Record<string, number[]> | null {
  const table = one(parseDocument(html), (e) => e.name === 'table' && hasClass(e, 'stats__table'));
  if (!table) return null;
  const heads = all(table, (e) => e.name === 'th' && e.attribs.scope === 'col').map(textOf);
  assert.deepEqual(
    heads.slice(1, 5),
    OUTCOMES.map((o) => msg(`outcome.${o}`)),
    'one column per outcome, in order',
  );
  const result: Record<string, number[]> = {};
  for (const tr of all(table, (e) => e.name === 'tr' && !!e.parent && (e.parent as unknown as El).name === 'tbody')) {
    const label = textOf(one(tr, (e) => e.name === 'th'));
    result[label] = all(tr, (e) => e.name === 'td' && hasClass(e, 'num')).map((td) => Number(textOf(td)));
  }
  return result;
}

function textareaText(html: string, id: string): string | undefined {
  const ta = byId(parseDocument(html), id);
  return ta ? DomUtils.textContent(ta) : undefined;
}

function inputValue(html: string, id: string): string | undefined {
  return byId(parseDocument(html), id)?.attribs.value;
}

function selectedOption(html: string, id: string): string | undefined {
  const select = byId(parseDocument(html), id);
  return select ? one(select, (e) => e.name === 'option' && 'selected' in e.attribs)?.attribs.value : undefined;
}

/** The hidden and visible field names of the form posting to `action`. */
function formFields(html: string, action: string): Record<string, string> {
  const form = one(parseDocument(html), (e) => e.name === 'form' && e.attribs.action?.replace(/#[\w-]*$/, '') === action);
  assert.ok(form, `a form posting to ${action}`);
  const fields: Record<string, string> = {};
  for (const e of all(form, (x) => ['input', 'textarea', 'select'].includes(x.name) && !!x.attribs.name)) {
    fields[e.attribs.name] = e.name === 'textarea' ? DomUtils.textContent(e) : (e.attribs.value ?? '');
  }
  return fields;
}

const unreadCount = (html: string) => {
  const badge = one(parseDocument(html), (e) => hasClass(e, 'unread-count'));
  return badge ? Number(/^\d+/.exec(textOf(badge))?.[0]) : 0;
};

// ---------------------------------------------------------------------------------------------

describe('posting', () => {
  let t: TestApp;
  let alice: Member;
  before(async () => {
    t = await boardApp();
    alice = await member(t);
  });
  after(() => t.close());

  it('offers a guest a sign-in link instead of the form, and refuses a guest’s post with 401', async () => {
    const page = await request(t.http).get(THREAD).expect(200);
    const d = parseDocument(page.text);
    const compose = byId(d, 'compose')!;
    assert.equal(
      one(compose, (e) => e.name === 'form'),
      null,
      'no form for a guest',
    );
    assert.equal(
      one(d, (e) => e.name === 'textarea'),
      null,
    );
    const link = one(compose, (e) => e.name === 'a');
    assert.equal(link?.attribs.href, `/login?next=${encodeURIComponent(THREAD)}`);
    assert.equal(textOf(link), msg('post.signInToPost'));
    await assertValidHtml(page.text, 'thread (guest)');

    // A guest browser with a session and a valid token (from the login page) is still not allowed to post.
    const visitor = await guest(t);
    const before = await snapshot(t);
    await submit(visitor, THREAD, { body: 'ゲストの投稿' }).expect(401);
    await assertNothingSaved(t, before);
  });

  it('posts Markdown as #1 and #2, keeping the source and storing sanitized HTML', async () => {
    const page = await alice.agent.get(THREAD).expect(200);
    assert.deepEqual(Object.keys(formFields(page.text, THREAD)).sort(), [
      '_csrf',
      'body',
      'hosts',
      'idempotencyKey',
      'outcome',
      'platform',
      'platformOther',
      'software',
    ]);
    await assertValidHtml(page.text, 'thread (member, empty)');

    const source = '**再起動後**に <script>alert(1)</script> ログオンできない。\n\n- 1台目\n- 2台目\n\n<b onclick="x()">太字?</b>';
    const res = await postTo(alice, { body: source }).expect(303);
    assert.equal(res.headers.location, `${THREAD}#p1`);
    const first = await t.em().findOneOrFail(Post, { number: 1 });
    assert.equal(first.bodySource, source, 'the source is kept as typed');
    assert.match(first.bodyHtml, /<strong>再起動後<\/strong>/);
    assert.match(first.bodyHtml, /<li>1台目<\/li>/);
    const stored = parseDocument(first.bodyHtml);
    assert.deepEqual(
      [...new Set(all(stored, () => true).map((e) => e.name))].sort(),
      ['li', 'p', 'strong', 'ul'],
      'stored HTML is sanitized: only the Markdown’s own elements',
    );
    assert.deepEqual(
      all(stored, (e) => Object.keys(e.attribs).length > 0),
      [],
      'and no attributes',
    );
    assert.match(DomUtils.textContent(stored), /<script>alert\(1\)<\/script>/, 'the tag is kept as text');
    assert.equal(first.isReport, false);
    assert.equal(first.state, 'visible');
    assert.equal((await threadRow(t)).postCount, 1);
    assert.equal((await userRow(t, alice.user.id)).postCount, 1);

    const second = await postTo(alice, { body: '追記です。' }).expect(303);
    assert.equal(second.headers.location, `${THREAD}#p2`);

    const shown = await alice.agent.get(THREAD).expect(200);
    assert.deepEqual(postNumbers(shown.text), [1, 2]);
    const item = postItem(shown.text, 1)!;
    assert.ok(one(item, (e) => e.name === 'strong' && textOf(e) === '再起動後'));
    assert.match(bodyText(item), /<script>alert\(1\)<\/script>/, 'the tag shows as text');
    assert.equal(all(parseDocument(shown.text), (e) => e.name === 'script').length, 0);
    await assertValidHtml(shown.text, 'thread with posts');
  });

  it('refuses an empty body and one over 20,000 characters with 422, keeping the text and saving nothing', async () => {
    const cases: [string, string][] = [
      ['', 'post.body.required'],
      ['   \n  \t ', 'post.body.required'],
      ['a'.repeat(20_001), 'post.body.tooLong'],
      ['あ'.repeat(20_001), 'post.body.tooLong'],
    ];
    for (const [body, key] of cases) {
      const before = await snapshot(t, alice.user.id);
      const res = await postTo(alice, { body }).expect(422);
      assert.equal(fieldError(res.text, 'f-body'), msg(key), `${key} for a body of ${body.length}`);
      assert.equal(textareaText(res.text, 'f-body'), body, 'the text is kept in the textarea');
      const textarea = byId(parseDocument(res.text), 'f-body')!;
      assert.equal(textarea.attribs['aria-invalid'], 'true');
      assert.match(textarea.attribs['aria-describedby'], /f-body-error/);
      assert.ok(textOf(one(parseDocument(res.text), (e) => hasClass(e, 'notice--error'))).includes(msg('form.hasErrors')));
      await assertNothingSaved(t, before, alice.user.id);
      if (body.length < 100) await assertValidHtml(res.text, 'thread 422');
    }
  });

  it('accepts exactly 20,000 characters, Japanese included (what a browser sends percent-encoded)', async () => {
    for (const body of ['a'.repeat(20_000), 'あ'.repeat(20_000), '😀'.repeat(20_000)]) {
      const post = await postThroughForm(t, alice, { body });
      assert.equal(post.bodySource, body);
    }
  });

  it('answers a 300 KB request with a quick 413 page, saves nothing, and keeps serving', async () => {
    const before = await snapshot(t, alice.user.id);
    const started = Date.now();
    const res = await postTo(alice, { body: 'x'.repeat(300 * 1024) });
    const elapsed = Date.now() - started;
    assert.equal(res.status, 413);
    assert.ok(elapsed < 3000, `answered in ${elapsed} ms`);
    assert.match(res.text, new RegExp(msg('error.413.title')));
    await assertValidHtml(res.text, '413 page');
    await assertNothingSaved(t, before, alice.user.id);
    await request(t.http).get(THREAD).expect(200);
    await postThroughForm(t, alice, { body: '大きすぎた投稿の後でも投稿できる。' });
  });

  it('previews the rendered HTML without saving anything', async () => {
    const before = await snapshot(t, alice.user.id);
    const source = '## 手順\n\n1. **KB885835** を適用\n2. 再起動\n\n<script>alert(1)</script>';
    const res = await postTo(alice, { body: source, intent: 'preview' }).expect(200);
    const d = parseDocument(res.text);
    const preview = one(d, (e) => hasClass(e, 'preview'));
    assert.ok(preview, 'a preview block');
    const body = one(preview, (e) => hasClass(e, 'post__body'))!;
    assert.ok(
      one(body, (e) => e.name === 'h4' && textOf(e) === '手順'),
      'headings start below the page headings',
    );
    assert.ok(one(body, (e) => e.name === 'strong' && textOf(e) === 'KB885835'));
    assert.equal(all(d, (e) => e.name === 'script').length, 0);
    assert.equal(textareaText(res.text, 'f-body'), source, 'the source stays in the form');
    await assertValidHtml(res.text, 'preview');
    await assertNothingSaved(t, before, alice.user.id);

    // A preview of a field report keeps its fields too, and a bad one shows the errors without saving.
    const withReport = await postTo(alice, { ...reportForm(), intent: 'preview' }).expect(200);
    assert.equal(selectedOption(withReport.text, 'f-platform'), 'win2000-sp4');
    assert.equal(selectedOption(withReport.text, 'f-outcome'), 'problem');
    assert.equal(inputValue(withReport.text, 'f-hosts'), '40');
    const bad = await postTo(alice, { ...reportForm({ hosts: 'abc' }), intent: 'preview' }).expect(422);
    assert.equal(fieldError(bad.text, 'f-hosts'), msg('report.hosts.invalid'));
    await assertNothingSaved(t, before, alice.user.id);
  });

  it('refuses members in a locked thread with 403 and lets moderators post', async () => {
    const mod = await member(t, Role.Moderator);
    await t.em().nativeUpdate(Thread, { advisory: ID }, { locked: true });
    try {
      const page = await alice.agent.get(THREAD).expect(200);
      const compose = byId(parseDocument(page.text), 'compose')!;
      assert.equal(
        one(compose, (e) => e.name === 'form'),
        null,
        'no form for a member',
      );
      assert.match(textOf(compose), new RegExp(msg('post.cannotPost')));
      assert.match(page.text, new RegExp(msg('thread.locked')));
      const before = await snapshot(t, alice.user.id);
      await postTo(alice, { body: 'ロック中の投稿' }).expect(403);
      await assertNothingSaved(t, before, alice.user.id);

      const modPage = await mod.agent.get(THREAD).expect(200);
      assert.ok(
        one(byId(parseDocument(modPage.text), 'compose')!, (e) => e.name === 'form'),
        'a moderator gets the form',
      );
      await assertValidHtml(modPage.text, 'locked thread (moderator)');
      const post = await postThroughForm(t, mod, { body: 'モデレーターからのお知らせ' });
      assert.equal(post.author.id, mod.user.id);
    } finally {
      await t.em().nativeUpdate(Thread, { advisory: ID }, { locked: false });
    }
  });

  it('refuses a silenced member with 403 until the silence ends', async () => {
    const quiet = await member(t);
    await t
      .em()
      .nativeUpdate(
        User,
        { id: quiet.user.id },
        { state: AccountState.Silenced, stateUntil: new Date(Date.now() + 3600_000), stateReason: '連続投稿' },
      );
    const page = await quiet.agent.get(THREAD).expect(200);
    assert.equal(
      one(byId(parseDocument(page.text), 'compose')!, (e) => e.name === 'form'),
      null,
    );
    const before = await snapshot(t, quiet.user.id);
    await postTo(quiet, { body: '発言停止中の投稿' }).expect(403);
    await postTo(quiet, reportForm()).expect(403);
    await assertNothingSaved(t, before, quiet.user.id);

    await t.em().nativeUpdate(User, { id: quiet.user.id }, { stateUntil: new Date(Date.now() - 1000) });
    await postThroughForm(t, quiet, { body: '停止が明けました。' });
  });

  it('refuses a reply to a post that is missing or in another thread (422), saving nothing', async () => {
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS04-045' })]);
    const foreign = await createPost(t.app, alice.user, { body: '別スレッド' }, 'MS04-045');
    for (const replyTo of [String(foreign.id), '999999', 'abc', '-1']) {
      const before = await snapshot(t, alice.user.id);
      const res = await postTo(alice, { body: '返信', replyTo }).expect(422);
      assert.equal(fieldError(res.text, 'f-body'), msg('post.replyTo.invalid'), `replyTo=${replyTo}`);
      await assertNothingSaved(t, before, alice.user.id);
    }
  });

  it('sends post 51 to page 2', async () => {
    const have = (await threadRow(t)).postCount;
    await createPosts(t.app, alice.user, 50 - have);
    assert.equal((await threadRow(t)).postCount, 50);
    const res = await postTo(alice, { body: '51番目' }).expect(303);
    assert.equal(res.headers.location, `${THREAD}?page=2#p51`);
    const page2 = await alice.agent.get(`${THREAD}?page=2`).expect(200);
    assert.deepEqual(postNumbers(page2.text), [51]);
    assert.equal(postNumbers((await alice.agent.get(THREAD).expect(200)).text).length, 50);
    await assertCountersExact(t);
  });
});

describe('the posting limit', () => {
  let t: TestApp;
  before(async () => {
    t = await boardApp({ rateLimits: generousLimits({ postsPerUser: rule(3, 60) }) });
  });
  after(() => t.close());

  it('answers 429 with Retry-After past the limit and saves nothing', async () => {
    const m = await member(t);
    for (let i = 1; i <= 3; i++) await postThroughForm(t, m, { body: `連投 ${i}` });
    const before = await snapshot(t, m.user.id);
    const res = await postTo(m, { body: '連投 4' }).expect(429);
    assert.match(res.text, new RegExp(msg('error.429.title')));
    const retry = Number(res.headers['retry-after']);
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 60, `Retry-After: ${res.headers['retry-after']}`);
    await assertNothingSaved(t, before, m.user.id);
    // Another member has their own allowance.
    await postThroughForm(t, await member(t), { body: '別の会員' });
  });

  it('lets moderators post past it', async () => {
    const mod = await member(t, Role.Moderator);
    for (let i = 1; i <= 6; i++) await postThroughForm(t, mod, { body: `対応中 ${i}` });
    assert.equal((await userRow(t, mod.user.id)).postCount, 6);
  });
});

describe('field reports', () => {
  let t: TestApp;
  let alice: Member;
  before(async () => {
    t = await boardApp();
    alice = await member(t);
  });
  after(() => t.close());

  it('saves "Windows 2000 SP4, problem, 40 hosts, VERITAS Backup Exec 8.6" and counts it', async () => {
    const post = await postThroughForm(t, alice, reportForm());
    assert.equal(post.number, 1);
    assert.equal(post.isReport, true);
    const fr = await t.em().findOneOrFail(FieldReport, { post }, { populate: ['platform'] });
    assert.equal(fr.platform?.getEntity().key, 'win2000-sp4');
    assert.equal(fr.platformOther, null);
    assert.equal(fr.outcome, 'problem');
    assert.equal(fr.hosts, 40);
    assert.equal(fr.software, 'VERITAS Backup Exec 8.6');
    const thread = await threadRow(t);
    assert.equal(thread.reportCount, 1);
    assert.equal(thread.problemCount, 1);
    await assertCountersExact(t);

    const page = await request(t.http).get(THREAD).expect(200);
    const dl = one(postItem(page.text, 1)!, (e) => e.name === 'dl' && hasClass(e, 'report'))!;
    const facts = textOf(dl);
    for (const part of [msg('outcome.problem'), 'Windows 2000 SP4', '40', 'VERITAS Backup Exec 8.6'])
      assert.ok(facts.includes(part), `${part} in "${facts}"`);
    assert.deepEqual(renderedTable(page.text)?.['Windows 2000 SP4'], [0, 1, 0, 0]);
    assert.deepEqual(renderedTable(page.text), await expectedTable(t));
    const header = textOf(one(parseDocument(page.text), (e) => hasClass(e, 'thread-header__counts')));
    assert.ok(
      header.includes(msg('thread.reportCount', { count: 1 })) && header.includes(msg('thread.problemCount', { count: 1 })),
      header,
    );
    await assertValidHtml(page.text, 'thread with a report (guest)');
    await assertValidHtml((await alice.agent.get(THREAD).expect(200)).text, 'thread with a report (author)');
  });

  it('refuses each bad field with 422, the message beside that field, keeping the input and saving nothing', async () => {
    const cases: { fields: Record<string, string>; field: string; id: string; key: string }[] = [
      { fields: reportForm({ outcome: 'exploded' }), field: 'outcome', id: 'f-outcome', key: 'report.outcome.invalid' },
      { fields: reportForm({ platform: 'win2008-r2' }), field: 'platform', id: 'f-platform', key: 'report.platform.required' },
      { fields: reportForm({ platform: '' }), field: 'platform', id: 'f-platform', key: 'report.platform.required' },
      {
        fields: reportForm({ platform: 'other', platformOther: '' }),
        field: 'platformOther',
        id: 'f-platform-other',
        key: 'report.platformOther.required',
      },
      {
        fields: reportForm({ platform: 'other', platformOther: '   ' }),
        field: 'platformOther',
        id: 'f-platform-other',
        key: 'report.platformOther.required',
      },
      {
        fields: reportForm({ platform: 'other', platformOther: 'N'.repeat(101) }),
        field: 'platformOther',
        id: 'f-platform-other',
        key: 'report.platformOther.required',
      },
      { fields: reportForm({ hosts: '0' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      { fields: reportForm({ hosts: '1000001' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      { fields: reportForm({ hosts: 'abc' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      { fields: reportForm({ hosts: '' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      { fields: reportForm({ hosts: '-5' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      { fields: reportForm({ hosts: '1.5' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      // Its digits would count, but it is longer than the form lets anyone type.
      { fields: reportForm({ hosts: '1 0 0 0 0 0 0' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
      { fields: reportForm({ software: 's'.repeat(201) }), field: 'software', id: 'f-software', key: 'report.software.tooLong' },
      { fields: reportForm({ outcome: '' }), field: 'outcome', id: 'f-outcome', key: 'report.outcome.required' },
      { fields: { body: '台数だけ', hosts: '12' }, field: 'outcome', id: 'f-outcome', key: 'report.outcome.required' },
    ];
    for (const c of cases) {
      const label = JSON.stringify({ ...c.fields, body: undefined }).slice(0, 120);
      const before = await snapshot(t, alice.user.id);
      const res = await postTo(alice, c.fields);
      assert.equal(res.status, 422, label);
      assert.equal(fieldError(res.text, c.id), msg(c.key), label);
      const control = byId(parseDocument(res.text), c.id)!;
      assert.equal(control.attribs['aria-invalid'], 'true', label);
      assert.equal(control.attribs['aria-describedby'], `${c.id}-error`, label);
      // Only that field is marked.
      const marked = all(parseDocument(res.text), (e) => hasClass(e, 'field-error')).map((e) => e.attribs.id);
      assert.deepEqual(marked, [`${c.id}-error`], label);
      // The input comes back as typed.
      assert.equal(textareaText(res.text, 'f-body'), c.fields.body, label);
      if (c.fields.software !== undefined) assert.equal(inputValue(res.text, 'f-software'), c.fields.software, label);
      if (c.fields.hosts !== undefined) assert.equal(inputValue(res.text, 'f-hosts') ?? '', c.fields.hosts, label);
      if (['win2000-sp4', 'other'].includes(c.fields.platform))
        assert.equal(selectedOption(res.text, 'f-platform'), c.fields.platform, label);
      if (c.fields.platform === 'other') assert.equal(inputValue(res.text, 'f-platform-other') ?? '', c.fields.platformOther, label);
      await assertNothingSaved(t, before, alice.user.id);
    }
    const last = await postTo(alice, reportForm({ hosts: 'abc', software: '<b>x</b>' })).expect(422);
    await assertValidHtml(last.text, 'report form with errors');
  });

  it('accepts full-width ４０ and 1,000 hosts, and 200 characters of software', async () => {
    const a = await postThroughForm(t, alice, reportForm({ hosts: '４０', outcome: 'success' }));
    const b = await postThroughForm(t, alice, reportForm({ hosts: '1,000', outcome: 'success', platform: 'ws2003' }));
    const c = await postThroughForm(t, alice, reportForm({ hosts: ' 1000000 ', outcome: 'rolled-back', software: 'ソ'.repeat(200) }));
    const hostsOf = async (p: Post) => (await t.em().findOneOrFail(FieldReport, { post: p })).hosts;
    assert.equal(await hostsOf(a), 40);
    assert.equal(await hostsOf(b), 1000);
    assert.equal(await hostsOf(c), 1_000_000);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.ok(textOf(postItem(page.text, b.number)).includes('1,000'));
    await assertCountersExact(t);
  });

  it('takes "other" with a platform name and counts it under その他', async () => {
    const before = await expectedTable(t);
    assert.equal(before[OTHER_LABEL], undefined, 'no その他 row while nothing is counted there');
    const post = await postThroughForm(
      t,
      alice,
      reportForm({ platform: 'other', platformOther: 'Windows 2000 SP4 (NEC PC-98)', outcome: 'install-failed', hosts: '3' }),
    );
    const fr = await t.em().findOneOrFail(FieldReport, { post });
    assert.equal(fr.platform, null);
    assert.equal(fr.platformOther, 'Windows 2000 SP4 (NEC PC-98)');
    const page = await request(t.http).get(THREAD).expect(200);
    assert.ok(textOf(postItem(page.text, post.number)).includes(`${OTHER_LABEL}: Windows 2000 SP4 (NEC PC-98)`));
    const table = renderedTable(page.text)!;
    assert.deepEqual(table[OTHER_LABEL], [0, 0, 1, 0]);
    assert.deepEqual(table, await expectedTable(t));
    await assertCountersExact(t);
    await assertValidHtml(page.text, 'thread with an "other" report');
  });
});

describe('confirmations', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let reportPost: Post;
  const confirmPath = () => `/posts/${reportPost.id}/confirm`;
  const confirmationsOf = () => t.em().count(Confirmation, { report: { post: reportPost.id } });
  const confirmationCount = async () => (await t.em().findOneOrFail(FieldReport, { post: reportPost.id })).confirmationCount;

  before(async () => {
    t = await boardApp();
    [alice, bob, carol] = [await member(t), await member(t), await member(t)];
    reportPost = await postThroughForm(t, alice, reportForm());
  });
  after(() => t.close());

  it('counts another member’s confirmation by their platform and shows it on the report', async () => {
    const page = await bob.agent.get(THREAD).expect(200);
    assert.deepEqual(Object.keys(formFields(page.text, confirmPath())).sort(), ['_csrf', 'platform', 'platformOther']);
    assert.equal(selectedOption(page.text, `confirm-platform-${reportPost.id}`), 'win2000-sp4', 'the report’s platform is preselected');

    const res = await submit(bob, confirmPath(), { platform: 'ws2003', platformOther: '' }).expect(303);
    assert.equal(res.headers.location, `${THREAD}#p1`);
    const c = await t.em().findOneOrFail(Confirmation, { report: { post: reportPost.id }, user: bob.user.id }, { populate: ['platform'] });
    assert.equal(c.platform?.getEntity().key, 'ws2003');
    assert.equal(await confirmationCount(), 1);
    await assertCountersExact(t);

    const seen = await carol.agent.get(THREAD).expect(200);
    const count = textOf(one(postItem(seen.text, 1)!, (e) => hasClass(e, 'confirmations__count')));
    assert.ok(count.startsWith(msg('confirm.count', { count: 1 })), count);
    assert.ok(count.includes('Windows Server 2003 1'), count);
    assert.deepEqual(renderedTable(seen.text)?.['Windows Server 2003'], [0, 1, 0, 0]);
    assert.deepEqual(renderedTable(seen.text), await expectedTable(t));
    await assertValidHtml(seen.text, 'thread with a confirmed report');

    const mine = await bob.agent.get(THREAD).expect(200);
    const item = postItem(mine.text, 1)!;
    assert.equal(
      one(item, (e) => e.name === 'form' && e.attribs.action === confirmPath()),
      null,
      'no second confirm form',
    );
    assert.ok(
      one(item, (e) => e.name === 'form' && e.attribs.action === `/posts/${reportPost.id}/unconfirm`),
      'a withdraw form instead',
    );
    await assertValidHtml(mine.text, 'thread (confirmer)');
  });

  it('counts a second confirmation by the same member once', async () => {
    await submit(bob, confirmPath(), { platform: 'winxp-sp2' }).expect(303);
    assert.equal(await confirmationsOf(), 1);
    assert.equal(await confirmationCount(), 1);
    await assertCountersExact(t);
  });

  it('does not let the author confirm their own report (403)', async () => {
    const page = await alice.agent.get(THREAD).expect(200);
    assert.equal(
      one(postItem(page.text, 1)!, (e) => e.name === 'form' && e.attribs.action === confirmPath()),
      null,
      'no confirm form for the author',
    );
    const before = await snapshot(t);
    await submit(alice, confirmPath(), { platform: 'win2000-sp4' }).expect(403);
    await assertNothingSaved(t, before);
  });

  it('refuses a guest, a plain post and an unknown platform without counting', async () => {
    const before = await snapshot(t);
    await request(t.http)
      .post(confirmPath())
      .type('form')
      .send('platform=ws2003')
      .expect((r) => assert.ok([401, 403].includes(r.status), String(r.status)));
    const plain = await postThroughForm(t, carol, { body: '返信です' });
    const afterPlain = await snapshot(t);
    await submit(bob, `/posts/${plain.id}/confirm`, { platform: 'ws2003' }).expect(404);
    const unknown = await submit(carol, confirmPath(), { platform: 'win95' }).expect(422);
    assert.ok(unknown.text.includes(msg('report.platform.required')));
    const blank = await submit(carol, confirmPath(), { platform: 'other', platformOther: '' }).expect(422);
    assert.ok(blank.text.includes(msg('report.platformOther.required')));
    await submit(carol, '/posts/999999/confirm', { platform: 'ws2003' }).expect(404);
    assert.equal(before.confirmations, afterPlain.confirmations);
    await assertNothingSaved(t, afterPlain);
  });

  it('brings the counts back when a confirmation is withdrawn', async () => {
    await submit(carol, confirmPath(), { platform: 'other', platformOther: 'Windows 2000 Datacenter' }).expect(303);
    assert.equal(await confirmationCount(), 2);
    assert.deepEqual((await expectedTable(t))[OTHER_LABEL], [0, 1, 0, 0]);
    await assertCountersExact(t);

    await submit(bob, `/posts/${reportPost.id}/unconfirm`).expect(303);
    await submit(carol, `/posts/${reportPost.id}/unconfirm`).expect(303);
    await submit(carol, `/posts/${reportPost.id}/unconfirm`).expect(303);
    assert.equal(await confirmationsOf(), 0);
    assert.equal(await confirmationCount(), 0);
    await assertCountersExact(t);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.equal(textOf(one(postItem(page.text, 1)!, (e) => hasClass(e, 'confirmations__count'))), msg('confirm.count', { count: 0 }));
    assert.deepEqual(renderedTable(page.text), await expectedTable(t));
    assert.deepEqual(renderedTable(page.text)!['Windows Server 2003'], [0, 0, 0, 0]);
  });

  it('counts 50 parallel confirmations from one session exactly once', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => submit(carol, confirmPath(), { platform: 'winxp-sp1' }).then((r) => r.status)),
    );
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());
    assert.equal(await t.em().count(Confirmation, { report: { post: reportPost.id }, user: carol.user.id }), 1);
    assert.equal(await confirmationCount(), 1);
    assert.equal(
      await t.em().count(Notification, { user: alice.user.id, kind: 'confirmation', actor: carol.user.id, readAt: null }),
      2,
      'one notification per counted confirmation',
    );
    await assertCountersExact(t);
  });

  it('counts 50 members confirming in parallel as 50', async () => {
    // Signed in side by side: password hashing runs on the thread pool, so this takes a fraction of one after another.
    const crowd: Member[] = await Promise.all(Array.from({ length: 50 }, () => member(t)));
    const keys = ['win2000-sp4', 'ws2003', 'winxp-sp2', 'nt4-server-sp6a'];
    const statuses = await Promise.all(
      crowd.map((m, i) => submit(m, confirmPath(), { platform: keys[i % keys.length] }).then((r) => r.status)),
    );
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());
    assert.equal(await confirmationsOf(), 51);
    assert.equal(await confirmationCount(), 51);
    await assertCountersExact(t);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.ok(textOf(postItem(page.text, 1)).includes(msg('confirm.count', { count: 51 })));
    assert.deepEqual(renderedTable(page.text), await expectedTable(t));
    assert.deepEqual(renderedTable(page.text)!['Windows 2000 SP4'], [0, 1 + 13, 0, 0], 'the report itself and 13 confirmations');
  });

  it('takes every post of the report’s author and every confirmation of it sent at once (writers lock rows in one order)', async () => {
    // A confirmation locks the thread, then notifies the report's author; a post must take the thread before its author's row too.
    const crowd: Member[] = await Promise.all(Array.from({ length: 20 }, () => member(t)));
    const before = await confirmationsOf();
    const statuses = await Promise.all([
      ...crowd.map((m) => submit(m, confirmPath(), { platform: 'ws2003' }).then((r) => r.status)),
      ...crowd.map((_, i) => postTo(alice, { body: `同時に投稿 ${i}` }).then((r) => r.status)),
    ]);
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());
    assert.equal(await confirmationsOf(), before + 20);
    await assertCountersExact(t);
  });
});

describe('statistics', () => {
  let t: TestApp;
  let members: Member[];
  before(async () => {
    t = await boardApp();
    members = [];
    for (let i = 0; i < 10; i++) members.push(await member(t));
  });
  after(() => t.close());

  it('equal a recount after a mix of reports, replies, confirmations, withdrawals and a deletion; so does the thread’s table', async () => {
    const [a, b, c, d, e] = members;
    const r1 = await postThroughForm(t, a, reportForm());
    const r2 = await postThroughForm(t, b, reportForm({ outcome: 'success', platform: 'ws2003', hosts: '120' }));
    const r3 = await postThroughForm(
      t,
      c,
      reportForm({ outcome: 'rolled-back', platform: 'other', platformOther: 'Windows 2000 Server 日本語版' }),
    );
    const r4 = await postThroughForm(t, d, reportForm({ outcome: 'install-failed', platform: 'winxp-sp2' }));
    await postThroughForm(t, e, { body: '様子見します。', replyTo: String(r1.id) });
    for (const [m, post, fields] of [
      [b, r1, { platform: 'win2000-sp4' }],
      [c, r1, { platform: 'ws2003' }],
      [d, r1, { platform: 'other', platformOther: 'NT 4.0 Workstation' }],
      [a, r2, { platform: 'winxp-sp1a' }],
      [e, r3, { platform: 'win2000-sp3' }],
      [a, r4, { platform: 'winxp-sp2' }],
      [b, r4, { platform: 'winxp-sp2' }],
    ] as [Member, Post, Record<string, string>][]) {
      await submit(m, `/posts/${post.id}/confirm`, fields).expect(303);
    }
    await submit(c, `/posts/${r1.id}/unconfirm`).expect(303);
    // A deleted report leaves the table with its confirmations; withdrawing one afterwards changes nothing.
    await submit(d, `/posts/${r4.id}/delete`).expect(303);
    await submit(b, `/posts/${r4.id}/unconfirm`).expect(303);

    const truth = await assertCountersExact(t);
    assert.equal(truth.reportCount, 3);
    assert.equal(truth.problemCount, 2);
    const expected = await expectedTable(t);
    assert.deepEqual(expected['Windows 2000 SP4'], [0, 2, 0, 0]);
    assert.deepEqual(expected['Windows Server 2003'], [1, 0, 0, 0]);
    assert.deepEqual(expected['Windows XP SP2'], [0, 0, 0, 0]);
    assert.deepEqual(expected[OTHER_LABEL], [0, 1, 0, 1]);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(renderedTable(page.text), expected, 'the thread’s table equals a recount');
    const header = textOf(one(parseDocument(page.text), (x) => hasClass(x, 'thread-header__counts')));
    assert.ok(
      header.includes(msg('thread.reportCount', { count: 3 })) && header.includes(msg('thread.problemCount', { count: 2 })),
      header,
    );
  });

  it('shows the same table on the bulletin page', async () => {
    const page = await request(t.http).get(BULLETIN).expect(200);
    const table = renderedTable(page.text);
    assert.ok(table, 'the bulletin page shows the per-platform table');
    assert.deepEqual(table, await expectedTable(t));
    await assertValidHtml(page.text, 'bulletin with statistics');
  });

  it('stay exact under 50 concurrent posts and confirmations from 10 members, with dense numbers', async () => {
    // Reports to confirm, one per member, written before the burst; most of them "problem".
    const targets: Post[] = [];
    for (const [i, m] of members.entries()) {
      targets.push(
        await postThroughForm(
          t,
          m,
          reportForm({
            outcome: i % 3 === 0 ? 'success' : 'problem',
            platform: ['win2000-sp4', 'ws2003', 'winxp-sp2', 'other'][i % 4],
            platformOther: 'Windows 2000 (その他)',
          }),
        ),
      );
    }
    const before = (await threadRow(t)).postCount;
    // The burst aims at few cells of the table (ws2003 and その他 × problem) from many reports at once,
    // so that concurrent writers of one cell come from different reports and different members.
    const ops = Array.from({ length: 50 }, (_, i) => {
      const kind = i % 5;
      const round = Math.floor(i / 5);
      if (kind === 1 || kind === 3) {
        const c = (round + (kind === 3 ? 5 : 0)) % members.length;
        // Another member's report; a few (member, report) pairs repeat, which must count once.
        const target = targets[(c + 1 + (i % 3)) % targets.length];
        return submit(
          members[c],
          `/posts/${target.id}/confirm`,
          kind === 1 ? { platform: 'ws2003' } : { platform: 'other', platformOther: '自作機' },
        );
      }
      const m = members[(round + kind) % members.length];
      if (kind === 4) return postTo(m, { body: `返信 ${i}`, replyTo: String(targets[i % targets.length].id) });
      return postTo(
        m,
        reportForm({
          outcome: 'problem',
          platform: kind === 0 ? 'ws2003' : 'other',
          platformOther: 'Windows 2000 (NEC)',
          hosts: String(i + 1),
          body: `報告 ${i}`,
        }),
      );
    });
    const statuses = await Promise.all(ops.map((p) => p.then((r) => r.status)));
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());

    const truth = await assertCountersExact(t);
    const thread = await threadRow(t);
    assert.equal(thread.postCount, before + 30, '30 new posts, numbered without gaps');
    assert.ok(truth.reportCount > 0);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(renderedTable(page.text), await expectedTable(t));
  });
});

describe('double submissions (parallel requests from one session)', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  before(async () => {
    t = await boardApp();
    [alice, bob] = [await member(t), await member(t)];
  });
  after(() => t.close());

  const burst = (n: number, send: () => request.Test) => Promise.all(Array.from({ length: n }, () => send().then((r) => r.status)));

  it('takes a report out of the statistics once when its delete is sent 20 times at once', async () => {
    const keep = await postThroughForm(t, alice, reportForm({ platform: 'ws2003' }));
    const post = await postThroughForm(t, alice, reportForm({ platform: 'ws2003' }));
    await submit(bob, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(303);
    await submit(bob, `/posts/${keep.id}/confirm`, { platform: 'ws2003' }).expect(303);
    const statuses = await burst(20, () => submit(alice, `/posts/${post.id}/delete`));
    assert.ok(
      statuses.every((s) => s === 303 || s === 403),
      statuses.join(),
    );
    assert.ok(statuses.includes(303));
    assert.equal((await t.em().findOneOrFail(Post, post.id)).state, 'deleted');
    await assertCountersExact(t);
    assert.deepEqual((await expectedTable(t))['Windows Server 2003'], [0, 2, 0, 0], 'the other report and its confirmation still count');
  });

  it('withdraws a confirmation once when the withdrawal is sent 20 times at once', async () => {
    const post = await postThroughForm(t, alice, reportForm({ platform: 'winxp-sp2', outcome: 'install-failed' }));
    const other = await member(t);
    await submit(bob, `/posts/${post.id}/confirm`, { platform: 'winxp-sp2' }).expect(303);
    await submit(other, `/posts/${post.id}/confirm`, { platform: 'winxp-sp2' }).expect(303);
    const statuses = await burst(20, () => submit(bob, `/posts/${post.id}/unconfirm`));
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());
    assert.equal((await t.em().findOneOrFail(FieldReport, { post: post.id })).confirmationCount, 1);
    await assertCountersExact(t);
    assert.deepEqual((await expectedTable(t))['Windows XP SP2'], [0, 0, 2, 0], 'the report and the other member’s confirmation');
  });

  it('saves an edit sent 10 times at once without a server error, keeping one revision per change', async () => {
    const post = await postThroughForm(t, alice, { body: '元の本文' });
    const statuses = await burst(10, () => submit(alice, `/posts/${post.id}/edit`, { body: '直した本文' }));
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());
    const row = await t.em().findOneOrFail(Post, post.id);
    assert.equal(row.bodySource, '直した本文');
    const revisions = await t.em().find(PostRevision, { post: post.id }, { orderBy: { revision: 'asc' } });
    assert.deepEqual(
      revisions.map((r) => [r.revision, r.bodySource]),
      [[1, '元の本文']],
      'the same change is one revision',
    );
    assert.equal(row.revisionCount, 1);
  });
});

describe('pages of a long thread', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let mod: Member;
  let posts: CreatedPost[];
  before(async () => {
    t = await boardApp();
    [alice, bob, mod] = [await member(t), await member(t), await member(t, Role.Moderator)];
    posts = await createPosts(t.app, alice.user, 120, (i) => ({ body: `投稿 ${i + 1}` }));
  });
  after(() => t.close());

  it('shows #1–#50 on page 1 and #101–#120 on page 3; other pages are 404', async () => {
    const page1 = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(
      postNumbers(page1.text),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(bodyText(postItem(page1.text, 50)), '投稿 50');
    assert.deepEqual(postNumbers((await request(t.http).get(`${THREAD}?page=1`).expect(200)).text), postNumbers(page1.text));
    const page2 = await request(t.http).get(`${THREAD}?page=2`).expect(200);
    assert.deepEqual(
      postNumbers(page2.text),
      Array.from({ length: 50 }, (_, i) => i + 51),
    );
    const page3 = await request(t.http).get(`${THREAD}?page=3`).expect(200);
    assert.deepEqual(
      postNumbers(page3.text),
      Array.from({ length: 20 }, (_, i) => i + 101),
    );
    const pager = one(parseDocument(page3.text), (e) => hasClass(e, 'pager'));
    assert.ok(pager, 'a pager');
    await assertValidHtml(page3.text, 'thread page 3');
    await assertValidHtml((await alice.agent.get(`${THREAD}?page=2`).expect(200)).text, 'thread page 2 (member)');
    for (const bad of ['4', '0', 'abc', '-1', '1.5', '99999999', '2abc']) {
      await request(t.http)
        .get(`${THREAD}?page=${bad}`)
        .expect((r) => assert.equal(r.status, 404, `?page=${bad}`));
    }
  });

  it('redirects /posts/:id (302) to the post’s page and anchor', async () => {
    for (const [n, where] of [
      [1, `${THREAD}#p1`],
      [50, `${THREAD}#p50`],
      [51, `${THREAD}?page=2#p51`],
      [75, `${THREAD}?page=2#p75`],
      [120, `${THREAD}?page=3#p120`],
    ] as [number, string][]) {
      await request(t.http)
        .get(`/posts/${posts[n - 1].id}`)
        .expect(302)
        .expect('Location', where);
    }
    await request(t.http).get('/posts/999999').expect(404);
    await request(t.http)
      .get('/posts/abc')
      .expect((r) => assert.ok([400, 404].includes(r.status), String(r.status)));
  });

  it('leaves a placeholder with the number when a post is deleted, and never reuses the number', async () => {
    const target = posts[4];
    await submit(bob, `/posts/${target.id}/delete`).expect(403);
    const res = await submit(alice, `/posts/${target.id}/delete`).expect(303);
    assert.equal(res.headers.location, `${THREAD}#p5`);
    const row = await t.em().findOneOrFail(Post, target.id);
    assert.equal(row.state, 'deleted');
    assert.equal(row.number, 5);
    for (const viewer of [request(t.http), alice.agent, mod.agent]) {
      const page = await viewer.get(THREAD).expect(200);
      const item = postItem(page.text, 5)!;
      assert.ok(item, '#5 is still there');
      assert.equal(textOf(one(item, (e) => hasClass(e, 'post__placeholder'))), `#5 ${msg('post.deleted')}`);
      assert.equal(
        one(item, (e) => hasClass(e, 'post__body')),
        null,
        'no body',
      );
      assert.ok(!textOf(item).includes('投稿 5'), 'the text is gone from the page');
      assert.equal(postNumbers(page.text).length, 50);
    }
    await request(t.http).get(`/posts/${target.id}`).expect(302).expect('Location', `${THREAD}#p5`);
    const next = await postThroughForm(t, alice, { body: '次の投稿' });
    assert.equal(next.number, 121);
    await assertCountersExact(t);
  });

  it('keeps a deleted post’s text off the reply and quote forms, and refuses replies to it', async () => {
    const target = posts[9];
    await submit(alice, `/posts/${target.id}/delete`).expect(303);
    for (const path of [`/posts/${target.id}/reply`, `/posts/${target.id}/reply?quote=1`]) {
      const res = await bob.agent.get(path);
      assert.equal(res.status, 404, path);
      assert.ok(!res.text.includes('投稿 10'), `${path} does not show the deleted text`);
    }
    const before = await snapshot(t, bob.user.id);
    const res = await postTo(bob, { body: '削除済みへの返信', replyTo: String(target.id) }).expect(422);
    assert.equal(fieldError(res.text, 'f-body'), msg('post.replyTo.invalid'));
    await assertNothingSaved(t, before, bob.user.id);
  });

  it('shows a hidden post to its author and moderators; others see the placeholder', async () => {
    const target = posts[5];
    await t.em().nativeUpdate(Post, { id: target.id }, { state: 'hidden', stateReason: 'スパム' });
    for (const [who, viewer] of [
      ['author', alice.agent],
      ['moderator', mod.agent],
    ] as const) {
      const page = await viewer.get(THREAD).expect(200);
      const item = postItem(page.text, 6)!;
      assert.equal(bodyText(item), '投稿 6', who);
      assert.ok(
        one(item, (e) => hasClass(e, 'badge--hidden')),
        `${who} sees the hidden badge`,
      );
      await viewer.get(`/posts/${target.id}`).expect(302);
      await assertValidHtml(page.text, `thread with a hidden post (${who})`);
    }
    for (const [who, viewer] of [
      ['member', bob.agent],
      ['guest', request(t.http)],
    ] as const) {
      const page = await viewer.get(THREAD).expect(200);
      const item = postItem(page.text, 6)!;
      assert.ok(item, `${who} sees #6`);
      assert.equal(textOf(one(item, (e) => hasClass(e, 'post__placeholder'))), `#6 ${msg('post.hiddenPlaceholder')}`, who);
      assert.ok(!page.text.includes('投稿 6<'), `${who} does not get the text`);
      await viewer.get(`/posts/${target.id}`).expect(404);
    }
  });

  it('shows a held post to its author and moderators only; it is absent for everyone else', async () => {
    const target = posts[6];
    await t.em().nativeUpdate(Post, { id: target.id }, { state: 'held' });
    for (const [who, viewer] of [
      ['author', alice.agent],
      ['moderator', mod.agent],
    ] as const) {
      const page = await viewer.get(THREAD).expect(200);
      const item = postItem(page.text, 7)!;
      assert.equal(bodyText(item), '投稿 7', who);
      assert.ok(
        one(item, (e) => hasClass(e, 'badge--held')),
        `${who} sees the held badge`,
      );
      await viewer.get(`/posts/${target.id}`).expect(302).expect('Location', `${THREAD}#p7`);
      await assertValidHtml(page.text, `thread with a held post (${who})`);
    }
    for (const [who, viewer] of [
      ['member', bob.agent],
      ['guest', request(t.http)],
    ] as const) {
      const page = await viewer.get(THREAD).expect(200);
      assert.equal(postItem(page.text, 7), null, `${who} does not see #7 at all`);
      assert.ok(!page.text.includes('投稿 7<'), who);
      assert.deepEqual(postNumbers(page.text).slice(5, 7), [6, 8]);
      await viewer.get(`/posts/${target.id}`).expect(404);
    }
    await bob.agent.get(`/posts/${target.id}/reply`).expect(404);
  });
});

describe('editing and deleting', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let mod: Member;
  before(async () => {
    t = await boardApp();
    [alice, bob, carol, mod] = [await member(t), await member(t), await member(t), await member(t, Role.Moderator)];
  });
  after(() => t.close());

  /** The "edited" mark on post #n as a viewer sees it: a link (its href) or plain text (''), or null. */
  async function editedMark(viewer: { get(url: string): request.Test }, n: number): Promise<string | null> {
    const page = await viewer.get(THREAD).expect(200);
    const mark = one(postItem(page.text, n)!, (e) => hasClass(e, 'post__edited'));
    if (!mark) return null;
    assert.equal(textOf(mark), msg('post.edited'));
    return mark.name === 'a' ? mark.attribs.href : '';
  }

  it('keeps the old text as a revision; the mark links to the revisions for the author and moderators only', async () => {
    const post = await postThroughForm(t, alice, { body: '最初の本文' });
    assert.equal(await editedMark(alice.agent, post.number), null, 'no mark before an edit');

    const form = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
    assert.equal(textareaText(form.text, 'e-body'), '最初の本文');
    await assertValidHtml(form.text, 'edit form');
    const res = await submit(alice, `/posts/${post.id}/edit`, { body: '直した本文 **強調**' }).expect(303);
    assert.equal(res.headers.location, `${THREAD}#p${post.number}`);

    const saved = await t.em().findOneOrFail(Post, post.id);
    assert.equal(saved.bodySource, '直した本文 **強調**');
    assert.match(saved.bodyHtml, /<strong>強調<\/strong>/);
    assert.equal(saved.revisionCount, 1);
    assert.ok(saved.editedAt);
    const revisions = await t.em().find(PostRevision, { post: post.id }, { populate: ['editor'] });
    assert.deepEqual(
      revisions.map((r) => [r.revision, r.bodySource, r.editor.getEntity().username]),
      [[1, '最初の本文', alice.user.username]],
    );

    const link = `/posts/${post.id}/revisions`;
    assert.equal(await editedMark(alice.agent, post.number), link);
    assert.equal(await editedMark(mod.agent, post.number), link);
    assert.equal(await editedMark(bob.agent, post.number), '', 'others see the mark without a link');
    assert.equal(await editedMark(request(t.http), post.number), '');

    for (const viewer of [alice.agent, mod.agent]) {
      const page = await viewer.get(link).expect(200);
      const sources = all(parseDocument(page.text), (e) => hasClass(e, 'revision__source')).map((e) => DomUtils.textContent(e));
      assert.deepEqual(sources, ['直した本文 **強調**', '最初の本文']);
      await assertValidHtml(page.text, 'revisions');
    }
    await bob.agent.get(link).expect(403);
    await request(t.http)
      .get(link)
      .expect((r) => assert.ok([401, 403, 404].includes(r.status), String(r.status)));

    // The same text again is no new revision.
    await submit(alice, `/posts/${post.id}/edit`, { body: '直した本文 **強調**' }).expect(303);
    assert.equal(await t.em().count(PostRevision, { post: post.id }), 1);
  });

  it('does not let another member edit (403) and leaves the post as it was', async () => {
    const post = await postThroughForm(t, alice, { body: 'アリスの投稿' });
    const page = await bob.agent.get(THREAD).expect(200);
    assert.equal(
      one(postItem(page.text, post.number)!, (e) => e.name === 'a' && e.attribs.href === `/posts/${post.id}/edit`),
      null,
      'no edit link',
    );
    await bob.agent.get(`/posts/${post.id}/edit`).expect(403);
    await submit(bob, `/posts/${post.id}/edit`, { body: '書き換え' }).expect(403);
    const row = await t.em().findOneOrFail(Post, post.id);
    assert.equal(row.bodySource, 'アリスの投稿');
    assert.equal(row.revisionCount, 0);
    assert.equal(await t.em().count(PostRevision, { post: post.id }), 0);
    await request(t.http).get(`/posts/${post.id}/edit`).expect(401);
  });

  it('refuses an empty edit with 422, keeping the post', async () => {
    const post = await postThroughForm(t, alice, { body: '空にしない' });
    const res = await submit(alice, `/posts/${post.id}/edit`, { body: '  ' }).expect(422);
    assert.equal(fieldError(res.text, 'e-body'), msg('post.body.required'));
    assert.equal(textareaText(res.text, 'e-body'), '  ');
    await assertValidHtml(res.text, 'edit form 422');
    assert.equal((await t.em().findOneOrFail(Post, post.id)).bodySource, '空にしない');
  });

  it('round-trips </textarea><script> through the edit form as text', async () => {
    const source = '</textarea><script>alert(1)</script>\n"quoted" & \'single\' `tick` =';
    const post = await postThroughForm(t, alice, { body: source });
    const form = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
    const d = parseDocument(form.text);
    assert.equal(all(d, (e) => e.name === 'script').length, 0, 'no script element on the page');
    assert.equal(all(d, (e) => e.name === 'textarea').length, 1, 'one textarea');
    assert.equal(textareaText(form.text, 'e-body'), source, 'the textarea holds exactly the source');
    await assertValidHtml(form.text, 'edit form with markup in the source');
    // Saving the form as shown changes nothing.
    await submit(alice, `/posts/${post.id}/edit`, formFields(form.text, `/posts/${post.id}/edit`)).expect(303);
    const row = await t.em().findOneOrFail(Post, post.id);
    assert.equal(row.bodySource, source);
    assert.equal(row.revisionCount, 0);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.equal(all(parseDocument(page.text), (e) => e.name === 'script').length, 0);
  });

  it('deletes one’s own report softly and takes it and its confirmations out of the statistics', async () => {
    const post = await postThroughForm(t, alice, reportForm());
    await submit(bob, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(303);
    await submit(carol, `/posts/${post.id}/confirm`, { platform: 'other', platformOther: 'NT 3.51' }).expect(303);
    await assertCountersExact(t);
    const table = await expectedTable(t);
    assert.deepEqual(
      [table['Windows 2000 SP4'], table['Windows Server 2003'], table[OTHER_LABEL]],
      [
        [0, 1, 0, 0],
        [0, 1, 0, 0],
        [0, 1, 0, 0],
      ],
    );

    await submit(bob, `/posts/${post.id}/delete`).expect(403);
    await submit(alice, `/posts/${post.id}/delete`).expect(303);
    const row = await t.em().findOneOrFail(Post, post.id);
    assert.equal(row.state, 'deleted');
    assert.ok(await t.em().findOne(FieldReport, { post: post.id }), 'the report row stays (soft delete)');
    const thread = await threadRow(t);
    assert.equal(thread.reportCount, 0);
    assert.equal(thread.problemCount, 0);
    await assertCountersExact(t);
    const page = await request(t.http).get(THREAD).expect(200);
    assert.equal(
      textOf(one(postItem(page.text, post.number)!, (e) => hasClass(e, 'post__placeholder'))),
      `#${post.number} ${msg('post.deleted')}`,
    );
    assert.equal(renderedTable(page.text), null, 'the table is empty again');
    assert.ok(textOf(byId(parseDocument(page.text), 'stats-title')!.parent as unknown as El).includes(msg('stats.empty')));

    // Once deleted: no edit, no second delete, no confirmation; withdrawing one leaves the table alone.
    await alice.agent.get(`/posts/${post.id}/edit`).expect(403);
    await submit(alice, `/posts/${post.id}/delete`).expect(403);
    await submit(mod, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(403);
    await submit(bob, `/posts/${post.id}/unconfirm`).expect(303);
    await assertCountersExact(t);
  });
});

describe('correcting a field report', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let mod: Member;
  before(async () => {
    t = await boardApp();
    [alice, bob, carol, mod] = [await member(t), await member(t), await member(t), await member(t, Role.Moderator)];
  });
  after(() => t.close());

  const editPath = (post: Post) => `/posts/${post.id}/edit`;
  /** The edit form's fields as a browser sends them untouched (its selects as chosen). */
  const shownFields = (html: string, post: Post): Record<string, string> => Object.fromEntries(formPairs(html, editPath(post)));
  const reportRow = (post: Post) => t.em().findOneOrFail(FieldReport, { post: post.id }, { populate: ['platform'] });
  const reportFacts = async (post: Post) => {
    const r = await reportRow(post);
    return [r.platform?.getEntity().key ?? null, r.platformOther, r.outcome, r.hosts, r.software, r.confirmationCount];
  };
  /** The report's fields on the thread page (for whoever asks), as "label value" lines. */
  const shownReport = (html: string, n: number) =>
    all(
      one(postItem(html, n)!, (e) => e.name === 'dl' && hasClass(e, 'report'))!,
      (e) => e.name === 'div',
    ).map((div) => `${textOf(one(div, (e) => e.name === 'dt'))} ${textOf(one(div, (e) => e.name === 'dd'))}`);
  /** What each revision's edit changed in the report, newest revision first. */
  async function revisionChanges(viewer: Member, post: Post, lang = 'ja'): Promise<string[][]> {
    const page = await viewer.agent.get(`/posts/${post.id}/revisions`).set('Accept-Language', lang).expect(200);
    await assertValidHtml(page.text, `revisions (${lang})`);
    return all(parseDocument(page.text), (e) => e.name === 'article' && hasClass(e, 'revision'))
      .slice(1)
      .map((a) => all(a, (e) => hasClass(e, 'revision__change')).map(textOf));
  }

  it('moves the report in the per-platform table, keeps its confirmations and evidence, and keeps the old fields as a revision', async () => {
    const post = await postThroughForm(t, alice, reportForm());
    await submit(bob, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(303);
    await submit(carol, `/posts/${post.id}/confirm`, {}).expect(303);
    const issue = await issueThroughForm(t, mod);
    await submit(mod, `/known-issues/${issue.id}/evidence`, { post: String(post.id) }).expect(303);
    await assertCountersExact(t);
    const before = await request(t.http).get(THREAD).expect(200);
    const tableBefore = renderedTable(before.text)!;
    assert.deepEqual(
      [tableBefore['Windows 2000 SP4'], tableBefore['Windows Server 2003']],
      [
        [0, 2, 0, 0],
        [0, 1, 0, 0],
      ],
      'the report and carol’s confirmation on Windows 2000 SP4, bob’s on Windows Server 2003, all problems',
    );
    assert.equal((await threadRow(t)).problemCount, 1);

    // The edit form holds the report as it stands, with the same fields as the post form.
    const form = await alice.agent.get(editPath(post)).expect(200);
    await assertValidHtml(form.text, 'edit form of a report');
    assert.equal(selectedOption(form.text, 'f-outcome'), 'problem');
    assert.equal(selectedOption(form.text, 'f-platform'), 'win2000-sp4');
    assert.equal(inputValue(form.text, 'f-hosts'), '40');
    assert.equal(inputValue(form.text, 'f-software'), 'VERITAS Backup Exec 8.6');
    const fields = shownFields(form.text, post);
    assert.deepEqual(Object.keys(fields).sort(), ['_csrf', 'body', 'hosts', 'outcome', 'platform', 'platformOther', 'software']);

    const res = await submit(alice, editPath(post), {
      ...fields,
      platform: 'ws2003',
      outcome: 'success',
      hosts: '１,２００',
      software: '',
    }).expect(303);
    assert.equal(res.headers.location, `${THREAD}#p${post.number}`);
    assert.deepEqual(await reportFacts(post), ['ws2003', null, 'success', 1200, '', 2], 'corrected in place, its confirmations kept');
    assert.equal(await t.em().count(Confirmation, { report: { post: post.id } }), 2);
    await assertCountersExact(t);
    assert.equal((await threadRow(t)).problemCount, 0);

    const page = await request(t.http).get(THREAD).expect(200);
    const table = renderedTable(page.text)!;
    assert.deepEqual(table, await expectedTable(t));
    assert.deepEqual(
      [table['Windows 2000 SP4'], table['Windows Server 2003']],
      [
        [1, 0, 0, 0],
        [2, 0, 0, 0],
      ],
      'the report moved to Windows Server 2003; the confirmations stay on their platforms with the new outcome',
    );
    assert.deepEqual(shownReport(page.text, post.number), [
      `${msg('report.outcome')} ${msg('outcome.success')}`,
      `${msg('report.platform')} Windows Server 2003`,
      `${msg('report.hosts')} 1,200`,
    ]);

    // The known issue still has the report as evidence, with its confirmations behind it.
    assert.equal(await t.em().count(KnownIssueEvidence, { knownIssue: issue.id, post: post.id }), 1);
    const issues = await request(t.http).get(KI).expect(200);
    const evidence = textOf(one(parseDocument(issues.text), (e) => e.name === 'section' && hasClass(e, 'ki-evidence')));
    for (const part of ['Windows Server 2003', msg('outcome.success'), msg('confirm.count', { count: 2 })])
      assert.ok(evidence.includes(part), `${part} in ${evidence}`);

    const revision = await t.em().findOneOrFail(PostRevision, { post: post.id }, { populate: ['reportPlatform'] });
    assert.deepEqual(
      [revision.revision, revision.reportPlatform?.getEntity().key, revision.reportOutcome, revision.reportHosts, revision.reportSoftware],
      [1, 'win2000-sp4', 'problem', 40, 'VERITAS Backup Exec 8.6'],
    );
    assert.deepEqual(await revisionChanges(alice, post), [
      [
        `${msg('report.platform')}: Windows 2000 SP4 → Windows Server 2003`,
        `${msg('report.outcome')}: ${msg('outcome.problem')} → ${msg('outcome.success')}`,
        `${msg('report.hosts')}: 40 → 1,200`,
        `${msg('report.software')}: VERITAS Backup Exec 8.6 → ${msg('post.revisions.none')}`,
      ],
    ]);
    const en = (key: string) => translate('en', key);
    assert.deepEqual(await revisionChanges(mod, post, 'en'), [
      [
        `${en('report.platform')}: Windows 2000 SP4 → Windows Server 2003`,
        `${en('report.outcome')}: ${en('outcome.problem')} → ${en('outcome.success')}`,
        `${en('report.hosts')}: 40 → 1,200`,
        `${en('report.software')}: VERITAS Backup Exec 8.6 → ${en('post.revisions.none')}`,
      ],
    ]);
    assert.notEqual(en('report.platform'), msg('report.platform'));

    // Saving the form as it now stands is no new revision; a text-only edit lists no report change.
    const again = await alice.agent.get(editPath(post)).expect(200);
    await submit(alice, editPath(post), shownFields(again.text, post)).expect(303);
    assert.equal(await t.em().count(PostRevision, { post: post.id }), 1);
    await submit(alice, editPath(post), { body: '本文だけ直した' }).expect(303);
    assert.deepEqual(await reportFacts(post), ['ws2003', null, 'success', 1200, '', 2], 'the report kept without its fields sent');
    assert.deepEqual(
      (await revisionChanges(alice, post)).map((c) => c.length),
      [0, 4],
    );
    await assertCountersExact(t);
  });

  it('lets a moderator correct a member’s report to another platform (the revision names the moderator)', async () => {
    const post = await postThroughForm(t, alice, reportForm({ outcome: 'install-failed', platform: 'win2000-sp4' }));
    await submit(bob, `/posts/${post.id}/confirm`, { platform: 'other', platformOther: 'NT 3.51' }).expect(303);
    const form = await mod.agent.get(editPath(post)).expect(200);
    const res = await submit(mod, editPath(post), {
      ...shownFields(form.text, post),
      platform: 'other',
      platformOther: 'Windows 2000 SP3',
    });
    assert.equal(res.status, 303, pageProblem(res.text));
    assert.deepEqual(await reportFacts(post), [null, 'Windows 2000 SP3', 'install-failed', 40, 'VERITAS Backup Exec 8.6', 1]);
    await assertCountersExact(t);
    assert.deepEqual(renderedTable((await request(t.http).get(THREAD).expect(200)).text), await expectedTable(t));
    const revision = await t.em().findOneOrFail(PostRevision, { post: post.id }, { populate: ['editor'] });
    assert.equal(revision.editor.getEntity().username, mod.user.username);
    assert.deepEqual(await revisionChanges(alice, post), [
      [`${msg('report.platform')}: Windows 2000 SP4 → ${OTHER_LABEL}: Windows 2000 SP3`],
    ]);
  });

  it('moves a hidden report nowhere until it is restored, then counts it where it now is', async () => {
    const post = await postThroughForm(t, alice, reportForm({ outcome: 'rolled-back', platform: 'winxp-sp1' }));
    await submit(carol, `/posts/${post.id}/confirm`, {}).expect(303);
    await submit(mod, `/posts/${post.id}/hide`, { reason: '確認のため非表示' }).expect(303);
    await assertCountersExact(t);
    const form = await mod.agent.get(editPath(post)).expect(200);
    await submit(mod, editPath(post), { ...shownFields(form.text, post), outcome: 'problem', platform: 'ws2003' }).expect(303);
    const hidden = await assertCountersExact(t);
    await submit(mod, `/posts/${post.id}/restore`, { reason: '確認が済んだ' }).expect(303);
    const truth = await assertCountersExact(t);
    assert.equal(
      truth.stats.get('ws2003/problem')?.reports,
      (hidden.stats.get('ws2003/problem')?.reports ?? 0) + 1,
      'counted where it now is',
    );
    assert.equal(truth.stats.get('winxp-sp1/rolled-back'), undefined, 'and not where it was');
  });

  it('refuses bad report fields with 422 and what was typed, leaving the post, report, revisions and counts as they were', async () => {
    const post = await postThroughForm(t, alice, reportForm());
    await submit(bob, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(303);
    const before = await snapshot(t);
    const facts = await reportFacts(post);
    const good = {
      body: '直した本文',
      outcome: 'success',
      platform: 'ws2003',
      platformOther: '',
      hosts: '12',
      software: 'Backup Exec 9.1',
    };
    const cases: [Record<string, string>, string, string][] = [
      [{ platform: 'win95' }, 'f-platform', 'report.platform.required'],
      [{ platform: '' }, 'f-platform', 'report.platform.required'],
      [{ hosts: '0' }, 'f-hosts', 'report.hosts.invalid'],
      [{ hosts: '四十' }, 'f-hosts', 'report.hosts.invalid'],
      [{ outcome: '' }, 'f-outcome', 'report.outcome.required'],
      [{ outcome: 'fine' }, 'f-outcome', 'report.outcome.invalid'],
      [{ platform: 'other', platformOther: ' ' }, 'f-platform-other', 'report.platformOther.required'],
      [{ software: 'x'.repeat(LIMITS.reportSoftware + 1) }, 'f-software', 'report.software.tooLong'],
    ];
    for (const [over, id, key] of cases) {
      const sent = { ...good, ...over };
      const res = await submit(alice, editPath(post), sent).expect(422);
      assert.equal(fieldError(res.text, id), msg(key), JSON.stringify(over));
      assert.equal(textareaText(res.text, 'e-body'), '直した本文', 'the text as typed');
      if (over.hosts) assert.equal(inputValue(res.text, 'f-hosts'), over.hosts, 'the hosts as typed');
      if (over.platform === 'win95') assert.equal(selectedOption(res.text, 'f-platform'), undefined);
      else if (over.platform !== '') assert.equal(selectedOption(res.text, 'f-platform'), sent.platform);
      await assertValidHtml(res.text, `edit form 422 ${JSON.stringify(over).slice(0, 40)}`);
    }
    await assertNothingSaved(t, before);
    assert.deepEqual(await reportFacts(post), facts);
    const row = await t.em().findOneOrFail(Post, post.id);
    assert.equal(row.bodySource, reportForm().body);
    assert.equal(row.revisionCount, 0);
    assert.equal(await t.em().count(PostRevision, { post: post.id }), 0);
  });

  it('gives a stranger 403 and a reply no report: its form has no report fields and refuses them', async () => {
    const report = await postThroughForm(t, alice, reportForm());
    const before = await snapshot(t);
    await bob.agent.get(editPath(report)).expect(403);
    await submit(bob, editPath(report), { body: '書き換え', outcome: 'success', platform: 'ws2003', hosts: '1' }).expect(403);
    await request(t.http).get(editPath(report)).expect(401);
    await assertNothingSaved(t, before);
    assert.equal((await reportRow(report)).outcome, 'problem');

    const reply = await postThroughForm(t, alice, { body: '返信です' });
    const form = await alice.agent.get(editPath(reply)).expect(200);
    assert.deepEqual(Object.keys(formFields(form.text, editPath(reply))).sort(), ['_csrf', 'body']);
    const res = await submit(alice, editPath(reply), { body: '報告にしたい', outcome: 'success', platform: 'ws2003', hosts: '1' }).expect(
      422,
    );
    assert.ok(textOf(parseDocument(res.text)).includes(msg('post.edit.notReport')));
    assert.equal(await t.em().count(FieldReport, { post: reply.id }), 0);
    assert.equal((await t.em().findOneOrFail(Post, reply.id)).bodySource, '返信です');
    await assertCountersExact(t);
  });
});

describe('watching and notifications', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let alicePost: Post;
  before(async () => {
    t = await boardApp();
    [alice, bob, carol] = [await member(t), await member(t), await member(t)];
  });
  after(() => t.close());

  const notificationsOf = (m: Member) => t.em().find(Notification, { user: m.user.id }, { orderBy: { id: 'asc' }, populate: ['post'] });
  const unreadOf = async (m: Member) => (await userRow(t, m.user.id)).unreadNotifications;

  /** users.unread_notifications equals the unread rows, and the header shows it. */
  async function assertUnread(m: Member, n: number) {
    assert.equal(await t.em().count(Notification, { user: m.user.id, readAt: null }), n, 'unread rows');
    assert.equal(await unreadOf(m), n, 'users.unread_notifications');
    assert.equal(unreadCount((await m.agent.get('/').expect(200)).text), n, 'the header count');
  }

  it('watches the thread on posting', async () => {
    assert.equal(await t.em().count(Watch, { user: alice.user.id }), 0);
    const before = await alice.agent.get(THREAD).expect(200);
    assert.ok(textOf(byId(parseDocument(before.text), 'main')).includes(msg('thread.watch')));
    alicePost = await postThroughForm(t, alice, { body: 'アリスの最初の投稿' });
    assert.equal(await t.em().count(Watch, { user: alice.user.id, advisory: ID }), 1);
    const page = await alice.agent.get(THREAD).expect(200);
    assert.ok(
      one(parseDocument(page.text), (e) => e.name === 'form' && e.attribs.action === `${BULLETIN}/watch`),
      'a watch form',
    );
    assert.ok(textOf(one(parseDocument(page.text), (e) => hasClass(e, 'thread-header__actions'))).includes(msg('thread.unwatch')));
    await postThroughForm(t, alice, { body: '二つ目' });
    assert.equal(await t.em().count(Watch, { user: alice.user.id }), 1, 'watching twice is one watch');
  });

  it('tells a watcher of a new field report by someone else, not of plain posts', async () => {
    const bobs = await postThroughForm(t, bob, { body: 'ボブの返信ではない投稿' });
    await postThroughForm(t, bob, { body: '自分への補足', replyTo: String(bobs.id) });
    await assertUnread(alice, 0);
    await assertUnread(bob, 0);
    const bobReport = await postThroughForm(t, bob, reportForm());
    const list = await notificationsOf(alice);
    assert.deepEqual(
      list.map((n) => [n.kind, n.post!.id, n.actor?.id]),
      [['report', bobReport.id, bob.user.id]],
    );
    await assertUnread(alice, 1);
    assert.equal((await notificationsOf(bob)).length, 0, 'not of one’s own report');
    assert.equal((await notificationsOf(carol)).length, 0, 'not watching, not told');
  });

  it('tells a post’s author of a reply, a quote and a confirmation', async () => {
    // A reply through the reply page.
    const replyPage = await bob.agent.get(`/posts/${alicePost.id}/reply`).expect(200);
    await assertValidHtml(replyPage.text, 'reply form');
    const replyFields = formFields(replyPage.text, THREAD);
    assert.equal(replyFields.replyTo, String(alicePost.id));
    assert.equal(replyFields.quote, undefined);
    const reply = await postThroughForm(t, bob, { ...replyFields, _csrf: bob.csrf, body: '同じ症状です。' });
    assert.equal(reply.replyTo?.id, alicePost.id);

    // A quote through /posts/:id/reply?quote=1: the text comes quoted, and the form says so.
    const quotePage = await carol.agent.get(`/posts/${alicePost.id}/reply?quote=1`).expect(200);
    await assertValidHtml(quotePage.text, 'quote form');
    const quoteFields = formFields(quotePage.text, THREAD);
    assert.equal(quoteFields.quote, 'on');
    assert.equal(quoteFields.body, `> **#${alicePost.number} ${alice.user.username}** さん:\n>\n> アリスの最初の投稿\n\n`);
    const quote = await postThroughForm(t, carol, { ...quoteFields, _csrf: carol.csrf, body: `${quoteFields.body}うちでも再現しました。` });
    assert.ok(one(parseDocument(quote.bodyHtml), (e) => e.name === 'blockquote'));

    // A confirmation of alice's report.
    const aliceReport = await postThroughForm(t, alice, reportForm({ outcome: 'success', platform: 'ws2003' }));
    await submit(carol, `/posts/${aliceReport.id}/confirm`, { platform: 'ws2003' }).expect(303);

    const kinds = (await notificationsOf(alice)).map((n) => [n.kind, n.post!.id]);
    assert.deepEqual(kinds.slice(1), [
      ['reply', reply.id],
      ['quote', quote.id],
      ['confirmation', aliceReport.id],
    ]);
    // Bob watches (he posted), so alice's report reached him; carol too, since she posted the quote.
    assert.deepEqual(
      (await notificationsOf(bob)).map((n) => n.kind),
      ['report'],
    );
    assert.deepEqual(
      (await notificationsOf(carol)).map((n) => n.kind),
      ['report'],
    );
    await assertUnread(alice, 4);
  });

  it('lists notifications newest first, linking to the posts, and marks one and then all read', async () => {
    const WS2003_LABEL = referenceDocument().platforms.find((p) => p.key === 'ws2003')!.label;
    const page = await alice.agent.get('/notifications').expect(200);
    await assertValidHtml(page.text, 'notifications');
    const d = parseDocument(page.text);
    const items = all(d, (e) => e.name === 'li' && hasClass(e, 'notification'));
    const rows = [...(await notificationsOf(alice))].reverse();
    assert.equal(items.length, rows.length);
    for (const [i, item] of items.entries()) {
      const link = one(item, (e) => e.name === 'a')!;
      const n = rows[i];
      const post = n.post!.getEntity();
      const page = Math.ceil(post.number / 50);
      assert.equal(link.attribs.href, `${THREAD}${page > 1 ? `?page=${page}` : ''}#p${post.number}`, `notification ${i} links to its post`);
      assert.ok(hasClass(item, 'notification--unread'));
    }
    assert.ok(
      textOf(items[0]).includes(
        msg('notifications.line.confirmation', { actor: carol.user.username, report: 'VERITAS Backup Exec 8.6', platform: WS2003_LABEL }),
      ),
    );

    // One read: the count goes down by one and that item is no longer unread.
    const first = rows[0];
    const res = await submit(alice, '/notifications/read', { id: String(first.id) }).expect(303);
    assert.equal(res.headers.location, '/notifications');
    await assertUnread(alice, 3);
    assert.ok((await t.em().findOneOrFail(Notification, first.id)).readAt);
    await submit(alice, '/notifications/read', { id: String(first.id) }).expect(303);
    await assertUnread(alice, 3);
    // Someone else's notification cannot be marked by alice.
    const bobs = (await notificationsOf(bob))[0];
    await submit(alice, '/notifications/read', { id: String(bobs.id) }).expect(303);
    assert.equal((await t.em().findOneOrFail(Notification, bobs.id)).readAt, null);

    await submit(alice, '/notifications/read').expect(303);
    await assertUnread(alice, 0);
    const after = await alice.agent.get('/notifications').expect(200);
    assert.equal(all(parseDocument(after.text), (e) => hasClass(e, 'notification--unread')).length, 0);
    assert.equal(
      one(parseDocument(after.text), (e) => hasClass(e, 'unread-count')),
      null,
      'no count in the header',
    );
    await assertValidHtml(after.text, 'notifications, all read');
    await request(t.http).get('/notifications').expect(401);
  });

  it('stops report notifications after unwatching, and starts again on watching', async () => {
    const res = await submit(alice, `${BULLETIN}/watch`, { watch: 'off' }).expect(303);
    assert.equal(res.headers.location, THREAD);
    assert.equal(await t.em().count(Watch, { user: alice.user.id }), 0);
    await postThroughForm(t, bob, reportForm({ outcome: 'rolled-back' }));
    await assertUnread(alice, 0);

    await submit(alice, `${BULLETIN}/watch`).expect(303);
    assert.equal(await t.em().count(Watch, { user: alice.user.id }), 1);
    const another = await postThroughForm(t, bob, reportForm({ outcome: 'install-failed' }));
    const last = (await notificationsOf(alice)).at(-1)!;
    assert.deepEqual([last.kind, last.post!.id], ['report', another.id]);
    await assertUnread(alice, 1);
    await request(t.http)
      .post(`${BULLETIN}/watch`)
      .type('form')
      .send('watch=on')
      .expect((r) => assert.ok([401, 403].includes(r.status)));
  });

  it('reads the watches of one turn’s thread pages together on PostgreSQL, each member’s own', async () => {
    const repo = t.app.get(NotificationsRepository);
    await t.app.get(WriteTransactions).run((em) => repo.setEmail(em, bob.user.id, ID, true));
    const nobody = (await member(t)).user;
    const pairs: [number, string][] = [
      [alice.user.id, ID],
      [bob.user.id, ID],
      [nobody.id, ID],
      [bob.user.id, 'MS99-999'],
    ];
    const expected = await Promise.all(
      pairs.map(async ([user, advisory]) => {
        const w = await t.em().findOne(Watch, { user, advisory });
        return { watching: w !== null, email: w?.emailEnabled === true };
      }),
    );
    assert.deepEqual(
      expected.map((e) => [e.watching, e.email]),
      [
        [true, false],
        [true, true],
        [false, false],
        [false, false],
      ],
    );
    const reads = countReads(t.app, 'NotificationsRepository.watchState');
    try {
      assert.deepEqual(await Promise.all(pairs.map(([user, advisory]) => repo.watchState(user, advisory))), expected);
      assert.equal(reads.count, ENGINE === 'postgresql' ? 1 : pairs.length);
    } finally {
      reads.restore();
    }
  });
});

describe('script in posts (XSS through the real form)', () => {
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '<svg onload=alert(1)>',
    '<iframe src=//evil>',
    '<form action=//evil><input name=x>',
    '<style>*{}</style>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '</textarea><script>alert(1)</script>',
    '[x](//evil.example/path)',
    '[x](vbscript:msgbox(1))',
    '<a href="javascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '[x](https://example.com/" onmouseover="alert(1))',
  ];
  const STORED_TAGS = new Set([
    'p',
    'br',
    'em',
    'strong',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'hr',
  ]);
  const FORBIDDEN_IN_BODY = new Set([
    'script',
    'iframe',
    'svg',
    'math',
    'style',
    'img',
    'form',
    'input',
    'object',
    'embed',
    'link',
    'meta',
    'base',
    'textarea',
    'button',
    'select',
  ]);

  let t: TestApp;
  let alice: Member;
  before(async () => {
    t = await boardApp();
    alice = await member(t);
  });
  after(() => t.close());

  /** Every element, attribute and link of a page that could run script or leave the site. */
  function assertInert(html: string, label: string) {
    const d = parseDocument(html);
    for (const body of all(d, (e) => hasClass(e, 'post__body'))) {
      const bad = all(body, (e) => FORBIDDEN_IN_BODY.has(e.name)).map((e) => e.name);
      assert.deepEqual(bad, [], `${label}: elements inside .post__body`);
    }
    assert.deepEqual(
      all(d, (e) => e.name === 'script' || e.name === 'iframe').map((e) => e.name),
      [],
      `${label}: script or iframe on the page`,
    );
    const handlers = all(d, () => true).flatMap((e) =>
      Object.keys(e.attribs)
        .filter((a) => /^on/i.test(a))
        .map((a) => `<${e.name} ${a}>`),
    );
    assert.deepEqual(handlers, [], `${label}: event handler attributes`);
    const badLinks = all(d, (e) => 'href' in e.attribs)
      .map((e) => e.attribs.href)
      .filter((href) => !(/^(?:https?:\/\/|mailto:)/i.test(href) || /^\/(?![/\\])/.test(href) || /^[#?]/.test(href)));
    assert.deepEqual(badLinks, [], `${label}: links to other schemes or protocol-relative hosts`);
    const badActions = all(d, (e) => e.name === 'form')
      .map((e) => e.attribs.action)
      .filter((a) => !/^\/(?![/\\])/.test(a ?? ''));
    assert.deepEqual(badActions, [], `${label}: form actions`);
    for (const e of all(d, (x) => 'style' in x.attribs || 'srcdoc' in x.attribs || 'formaction' in x.attribs))
      assert.fail(`${label}: <${e.name}> with ${Object.keys(e.attribs).join(' ')}`);
  }

  it('stores and shows every payload inert: in the body, the software and the platform name', async () => {
    for (const payload of PAYLOADS) {
      await postThroughForm(t, alice, { body: payload });
      await postThroughForm(t, alice, {
        body: payload,
        outcome: 'problem',
        platform: 'other',
        platformOther: payload.slice(0, 100),
        hosts: '1',
        software: payload,
      });
    }
    for (const post of await t.em().find(Post, {})) {
      const stored = parseDocument(post.bodyHtml);
      const label = `stored HTML of ${JSON.stringify(post.bodySource)}: ${post.bodyHtml}`;
      assert.deepEqual(
        all(stored, (e) => !STORED_TAGS.has(e.name)).map((e) => e.name),
        [],
        label,
      );
      assert.deepEqual(
        all(stored, (e) => Object.keys(e.attribs).some((a) => a !== 'href' && a !== 'rel')).map((e) => e.name),
        [],
        label,
      );
      assert.deepEqual(
        all(stored, (e) => 'href' in e.attribs && !/^(?:https?:\/\/|mailto:)/i.test(e.attribs.href)).map((e) => e.attribs.href),
        [],
        label,
      );
    }
    const pageCount = Math.ceil((await threadRow(t)).postCount / 50);
    for (let p = 1; p <= pageCount; p++) {
      for (const [who, viewer] of [
        ['guest', request(t.http)],
        ['author', alice.agent],
      ] as const) {
        const page = await viewer.get(`${THREAD}${p > 1 ? `?page=${p}` : ''}`).expect(200);
        assertInert(page.text, `thread page ${p} (${who})`);
        await assertValidHtml(page.text, `thread with payloads, page ${p} (${who})`);
      }
    }
    // The payloads are shown as the text that was typed.
    const page = await request(t.http).get(THREAD).expect(200);
    assert.equal(bodyText(postItem(page.text, 1)), '<script>alert(1)</script>');
    const reportItem = postItem(page.text, 2)!;
    assert.ok(textOf(reportItem).includes(`${OTHER_LABEL}: <script>alert(1)</script>`));
  });

  it('keeps the reply, quote, edit, preview and error pages inert too', async () => {
    const posts = await t.em().find(Post, {}, { orderBy: { number: 'asc' } });
    for (const post of posts.slice(0, 24)) {
      for (const path of [`/posts/${post.id}/reply`, `/posts/${post.id}/reply?quote=1`, `/posts/${post.id}/edit`]) {
        const page = await alice.agent.get(path).expect(200);
        assertInert(page.text, path);
      }
      const edit = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
      assert.equal(textareaText(edit.text, 'e-body'), post.bodySource);
    }
    for (const payload of PAYLOADS) {
      const preview = await postTo(alice, { body: payload, intent: 'preview' }).expect(200);
      assertInert(preview.text, `preview of ${payload}`);
      assert.equal(textareaText(preview.text, 'f-body'), payload);
      const refused = await postTo(alice, {
        body: payload,
        outcome: 'problem',
        platform: 'other',
        platformOther: payload,
        hosts: payload,
        software: payload,
      }).expect(422);
      assertInert(refused.text, `422 with ${payload}`);
      assert.equal(inputValue(refused.text, 'f-software'), payload);
      assert.equal(inputValue(refused.text, 'f-hosts'), payload);
    }
    await assertValidHtml((await alice.agent.get(`/posts/${posts[0].id}/reply?quote=1`).expect(200)).text, 'quote of a payload');
  });
});

describe(
  'posting in one thread: writers queue on the thread’s row only for the end of each other’s transaction',
  { skip: ENGINE !== 'postgresql' ? 'PostgreSQL only: SQLite has one writer' : false },
  () => {
    let t: TestApp;
    let alice: Member;
    let bob: Member;
    before(async () => {
      t = await boardApp();
      [alice, bob] = [await member(t), await member(t)];
    });
    after(() => t.close());

    /** Backends of the test's database waiting for a lock. */
    const waiting = async (c: Client) =>
      Number(
        (
          await c.query<{ n: string }>(
            "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          )
        ).rows[0].n,
      );

    it('writes and numbers another member’s post while one waits before taking its number; both dense, counters exact', async () => {
      const before = (await threadRow(t)).postCount;
      const blocker = new Client({ connectionString: t.db.env.DATABASE_URL });
      await blocker.connect();
      try {
        // Alice's first post watches the bulletin: while this uncommitted watch of hers stands, her post waits at that insert.
        await blocker.query('begin');
        await blocker.query('insert into watches (user_id, advisory_id, email_enabled, created_at) values ($1, $2, false, now())', [
          alice.user.id,
          ID,
        ]);
        const alices = postTo(alice, { body: '先に送った投稿' }).then((r) => r);
        while ((await waiting(blocker)) < 1) await new Promise((resolve) => setTimeout(resolve, 20));
        // Bob's post either finishes, or waits too: for the thread's row, had Alice's post taken it before her watch.
        let bobs: number | null = null;
        const sent = postTo(bob, { body: '後から送った投稿' }).then((r) => (bobs = r.status));
        while (bobs === null && (await waiting(blocker)) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
        await blocker.query('rollback');
        await sent;
        assert.equal((await alices).status, 303);
        assert.equal(bobs, 303);
        const numbers = await t.em().find(Post, { thread: { advisory: ID }, number: { $gt: before } }, { orderBy: { number: 'asc' } });
        assert.deepEqual(
          numbers.map((p) => [p.number, p.author.id]),
          [
            [before + 1, bob.user.id],
            [before + 2, alice.user.id],
          ],
          'Bob’s post was numbered while Alice’s waited',
        );
      } finally {
        await blocker.end();
      }
      assert.equal((await threadRow(t)).postCount, before + 2);
      await assertCountersExact(t);
    });
  },
);
