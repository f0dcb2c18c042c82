import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { dbDate } from '../../src/database/sql';
import { STATUS_DAYS } from '../../src/guidance/status-page.service';
import { StatusWindow } from '../../src/guidance/status-window';
import { GuestPageCache } from '../../src/page-cache/guest-page-cache';
import { PageCacheRepository } from '../../src/page-cache/page-cache.repository';
import { ReadSql } from '../../src/database/read-sql';
import { ThreadPageService } from '../../src/threads/thread-page.service';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { advisoryEditPath, advisoryPath, knownIssuePath } from '../../src/paths';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { csrfFrom, signedInAgent } from '../factories/user.factory';
import { BULLETIN, ID, THREAD } from '../support/board';
import { generousLimits } from '../support/limits';
import { FormFields, resubmit, submit } from '../support/members';
import { countReads } from '../support/reads';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

const SUMMARY = `/advisories/${ID}/summary.json`;
type Page = [path: string, headers: Record<string, string>];
/** The bulletin page, in Japanese and in English as a guest who chose it (the lang cookie) and the language link ask for it. */
const BULLETINS: Page[] = [
  [BULLETIN, {}],
  [BULLETIN, { Cookie: 'lang=en' }],
  [`${BULLETIN}?lang=en`, {}],
];
// The third is the first page in English, as a guest who chose it (the lang cookie) asks for it; the fourth as the
// language link asks for it. Then the pages of several advisories (the index, /status) and the JSON the bulletin site reads.
const PAGES: Page[] = [
  [THREAD, {}],
  [`${THREAD}?page=2`, {}],
  [THREAD, { Cookie: 'lang=en' }],
  [`${THREAD}?page=2&lang=en`, {}],
  ['/', {}],
  ['/?lang=en', {}],
  ['/status', {}],
  ['/status?platform=ws2003', {}],
  ['/status.json', {}],
  [SUMMARY, {}],
  ...BULLETINS,
];
/** The known issue the moderator files, as its form is sent. */
const KNOWN_ISSUE = {
  title: 'Backup Exec のジョブが失敗する',
  symptom: '適用後にスケジュールされたバックアップが失敗する',
  platforms: ['ws2003'],
  software: 'Backup Exec 8.6',
  workaround: '',
  resolution: '',
  references: '',
  status: 'investigating',
  note: '報告が複数あるため',
};
/** Headers that belong to one response, not to the page. */
const PER_RESPONSE = ['date', 'connection', 'keep-alive'];

type Agent = request.Agent;

/** Posts a form as the board's own forms do, with the token of the signed-in session's thread page; it must be taken. */
async function send(agent: Agent, path: string, fields: FormFields) {
  const res = await submit({ agent, csrf: csrfFrom((await agent.get(THREAD).expect(200)).text) }, path, fields);
  assert.ok(res.status < 400, `${path} answered ${res.status}`);
  return res;
}

describe('guest page cache: stored thread pages, invalidated exactly by every write they show', () => {
  let cached: TestApp;
  let fresh: TestApp;
  let member: Agent;
  let other: Agent;
  let mod: Agent;
  let editor: Agent;

  before(async () => {
    cached = await createTestApp({ rateLimits: generousLimits() });
    // A second app on the same database renders every page anew: the reference each cached page must equal.
    fresh = await createTestApp({ pageCacheMegabytes: 0 }, cached.db);
    await createAdvisories(cached.app, [referenceDocument()]);
    [member, other, mod, editor] = [
      (await signedInAgent(cached.app)).agent,
      (await signedInAgent(cached.app)).agent,
      (await signedInAgent(cached.app, Role.Moderator)).agent,
      (await signedInAgent(cached.app, Role.Editor)).agent,
    ];
    for (let i = 1; i <= 55; i++) await send(member, THREAD, { body: `投稿 ${i}` });
  });
  after(async () => {
    await fresh.close();
    await cached.close();
  });

  const stats = () => cached.app.get(GuestPageCache).stats;

  /** Guests get the cached page (a hit the second time) and it equals a fresh render, byte for byte. */
  async function assertCurrent(label: string, which = PAGES): Promise<string[]> {
    const pages: string[] = [];
    for (const [path, headers] of which) {
      await request(cached.http).get(path).set(headers).expect(200);
      const hitsBefore = stats().hits;
      const served = await request(cached.http).get(path).set(headers).expect(200);
      assert.equal(stats().hits, hitsBefore + 1, `${label}: ${path} came from the cache`);
      const reference = await request(fresh.http).get(path).set(headers).expect(200);
      assert.equal(served.text, reference.text, `${label}: ${path} is the page as it is now`);
      pages.push(served.text);
    }
    return pages;
  }

  /**
   * The write changed what guests see (so the check above could have failed), and the cache shows it at once: on
   * every page, and on each of `changed` (every bulletin page the write shows on) in particular.
   */
  async function afterWrite(label: string, write: () => Promise<unknown>, changed: Page[] = []) {
    const before = await assertCurrent(`before ${label}`, [...PAGES, ...changed]);
    await write();
    const now = await assertCurrent(label, [...PAGES, ...changed]);
    assert.ok(
      now.some((page, i) => page !== before[i]),
      `${label} changed a guest page`,
    );
    for (let i = PAGES.length; i < now.length; i++) assert.notEqual(now[i], before[i], `${label} changed ${changed[i - PAGES.length][0]}`);
  }

  const lastPost = async () => (await cached.em().find(Post, {}, { orderBy: { number: 'desc' }, limit: 1 }))[0];

  it('serves a stored page to a guest, with a validator that answers 304 until something changes', async () => {
    await request(cached.http).get(THREAD).expect(200);
    const hit = await request(cached.http).get(THREAD).expect(200);
    // revision.epoch.day: the board's day too, as the trend picture on the page runs to today.
    assert.match(hit.headers.etag, /^"g-[\w-]{16}-\d+\.\d+\.\d{8}"$/);
    assert.equal(hit.headers['cache-control'], 'no-cache');
    assert.equal(hit.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(hit.headers['content-security-policy'], /script-src 'self'/, 'served pages keep the security headers');
    assert.equal(hit.headers['content-language'], 'ja');
    await request(cached.http).get(THREAD).set('If-None-Match', hit.headers.etag).expect(304);
    await send(member, THREAD, { body: '新しい投稿' });
    const after = await request(cached.http).get(THREAD).set('If-None-Match', hit.headers.etag).expect(200);
    assert.notEqual(after.headers.etag, hit.headers.etag);
  });

  it('sends a stored page with the very headers the rendered page was sent with', async () => {
    await send(member, THREAD, { body: 'ヘッダーの確認' });
    const rendered = await request(cached.http).get(THREAD).expect(200);
    const served = await request(cached.http).get(THREAD).expect(200);
    const head = await request(cached.http).head(THREAD).expect(200);
    const without = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !PER_RESPONSE.includes(k)));
    assert.deepEqual(without(served.headers), without(rendered.headers));
    assert.deepEqual(without(head.headers), without(rendered.headers), 'HEAD: the same headers, no body');
    assert.equal(head.text, undefined);
    const notModified = await request(cached.http).get(THREAD).set('If-None-Match', served.headers.etag).expect(304);
    assert.equal(notModified.headers['content-security-policy'], rendered.headers['content-security-policy']);
    assert.equal(notModified.headers.vary, rendered.headers.vary);
  });

  /**
   * Guests asking for `path` at once while its first render is held until all but that one are waiting: the thread
   * page's loader is made to wait (only its timing; it loads and decides as always), so the test does not race.
   */
  async function atOnce(path: string, guests: number) {
    const pages = cached.app.get(ThreadPageService);
    const show = pages.show.bind(pages);
    const waitedBefore = stats().waited;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    pages.show = async (...args: Parameters<ThreadPageService['show']>) => {
      await gate;
      return show(...args);
    };
    try {
      const answers = Array.from({ length: guests }, () =>
        request(cached.http)
          .get(path)
          .then((res) => res),
      );
      for (let i = 0; stats().waited < waitedBefore + guests - 1; i++) {
        assert.ok(i < 500, `the other guests waited (${stats().waited - waitedBefore} of ${guests - 1})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      return await Promise.all(answers);
    } finally {
      pages.show = show;
    }
  }

  it('renders a page made stale by a write once for the guests who ask for it at the same time', async () => {
    await send(member, THREAD, { body: '一斉に開かれる投稿' });
    const [misses, hits] = [stats().misses, stats().hits];
    const pages = await atOnce(THREAD, 8);
    assert.equal(stats().misses, misses + 1, 'one guest rendered the page');
    assert.equal(stats().hits, hits + 7, 'the other seven were sent the page it stored');
    assert.ok(pages.every((page) => page.status === 200 && page.text === pages[0].text && page.headers.etag === pages[0].headers.etag));
    assert.equal(pages[0].text, (await request(fresh.http).get(THREAD).expect(200)).text, 'the page as it is now');
  });

  it('lets the guests who waited for a page that was not stored render it themselves', async () => {
    const misses = stats().misses;
    // A page past the end is no page of the thread: never stored, so each guest gets its answer from the route itself.
    const pages = await atOnce(`${THREAD}?page=9999`, 3);
    assert.ok(pages.every((page) => page.status === pages[0].status && page.status !== 200 && page.status < 500));
    assert.equal(stats().misses, misses + 3, 'each rendered it');
  });

  it("gives guests of several threads at once each thread's own validator, read after they came", async () => {
    const second = buildAdvisoryDoc();
    await createAdvisories(cached.app, [second]);
    const SECOND = `/advisories/${second.id}/thread`;
    await send(member, SECOND, { body: '別のスレッドの投稿' });
    for (const path of [THREAD, SECOND]) await request(cached.http).get(path).expect(200);
    const reader = cached.app.get(ReadSql);
    const rows = reader.rows.bind(reader);
    const reads: unknown[][] = [];
    reader.rows = (stmt, params) => {
      if (stmt.owner === 'PageCacheRepository.validator') reads.push([...(params ?? [])]);
      return rows(stmt, params);
    };
    try {
      // Asked for in one turn: on PostgreSQL one read for both threads, each given its own revision.
      const repo = cached.app.get(PageCacheRepository);
      const [first, other] = await Promise.all([repo.validator(ID), repo.validator(second.id)]);
      assert.notEqual(first, other);
      assert.equal(first, await repo.validator(ID));
      if (ENGINE === 'postgresql') assert.deepEqual(reads[0], [[ID, second.id]]);
      // A write, then guests of both threads at once: the written one shows it, the other is still served from the store.
      await send(member, THREAD, { body: '同時に開かれるスレッドへの投稿' });
      assert.notEqual(await repo.validator(ID), first);
      assert.equal(await repo.validator(second.id), other);
      const hits = stats().hits;
      const paths = [THREAD, SECOND, THREAD, SECOND, SECOND];
      const pages = await Promise.all(paths.map((path) => request(cached.http).get(path).expect(200)));
      for (const [i, path] of paths.entries())
        assert.equal(pages[i].text, (await request(fresh.http).get(path).expect(200)).text, `${path} as it is now`);
      assert.ok(stats().hits >= hits + 3, 'the other thread, unchanged, came from the store');
    } finally {
      reader.rows = rows;
    }
  });

  it("reads a window's validator once for its guests of one turn (PostgreSQL), and a write moves it", async () => {
    await request(cached.http).get('/status').expect(200);
    const reads = countReads(cached.app, 'PageCacheRepository.recentValidator');
    try {
      const window = cached.app.get(StatusWindow);
      const validators = await Promise.all([window.validator(''), window.validator(''), window.validator('')]);
      assert.equal(new Set(validators).size, 1, validators.join());
      assert.equal(reads.count, ENGINE === 'postgresql' ? 1 : 3);
      // Guests at once after a write: each gets /status as it is now, from one read on PostgreSQL.
      await send(member, THREAD, { body: '状況ページに出る投稿' });
      assert.notEqual(await window.validator(''), validators[0], 'the write moved the window');
      const pages = await Promise.all([1, 2, 3].map(() => request(cached.http).get('/status').expect(200)));
      const now = (await request(fresh.http).get('/status').expect(200)).text;
      assert.ok(
        pages.every((page) => page.text === now),
        '/status as it is now',
      );
    } finally {
      reads.restore();
    }
  });

  it('keeps signed-in pages, other query strings and other languages apart', async () => {
    const hitsBefore = stats().hits;
    const signedIn = await member.get(THREAD).expect(200);
    assert.match(signedIn.text, /name="_csrf"/, 'a member gets their own page with their token');
    for (const variant of ['?x=1', '?lang=xx', '?lang=en&page=2', '?page=01', '?page=1&page=2', '?constructor=1', '?__proto__=1']) {
      await request(cached.http).get(`${THREAD}${variant}`);
      await request(cached.http).get(`${THREAD}${variant}`);
    }
    assert.equal(stats().hits, hitsBefore, 'none came from the cache');
    const en = await request(cached.http).get(THREAD).set('Accept-Language', 'en').expect(200);
    assert.equal(en.headers['content-language'], 'en');
    assert.match(en.text, /<html lang="en"/);
  });

  it('answers the language link from the store with the cookie that remembers the choice', async () => {
    const rendered = await request(cached.http).get('/?lang=en').expect(200);
    const hitsBefore = stats().hits;
    const served = await request(cached.http).get('/?lang=en').expect(200);
    assert.equal(stats().hits, hitsBefore + 1);
    assert.deepEqual(served.headers['set-cookie'], rendered.headers['set-cookie']);
    assert.match(String(served.headers['set-cookie']), /^lang=en; Path=\//);
    assert.equal(served.headers['content-language'], 'en');
  });

  it('keeps the JSON as the route sends it, and answers 304 to its own ETag', async () => {
    for (const path of ['/status.json', SUMMARY]) {
      const rendered = await request(cached.http).get(path).expect(200);
      const hitsBefore = stats().hits;
      const served = await request(cached.http).get(path).expect(200);
      assert.equal(stats().hits, hitsBefore + 1, `${path} came from the cache`);
      assert.equal(served.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(served.headers['access-control-allow-origin'], '*');
      assert.equal(served.headers.etag, rendered.headers.etag);
      assert.equal(served.headers['cache-control'], rendered.headers['cache-control']);
      assert.deepEqual(served.body, rendered.body);
      await request(cached.http).get(path).set('If-None-Match', served.headers.etag).expect(304);
    }
  });

  it('never gives a signed-in member a stored page of several advisories, nor stores theirs', async () => {
    for (const [path] of PAGES.slice(4)) await request(cached.http).get(path).expect(200);
    const hitsBefore = stats().hits;
    const index = await member.get('/').expect(200);
    assert.match(index.text, /action="\/logout"/, 'a member gets their own index');
    const status = await member.get('/status').expect(200);
    assert.match(status.text, /action="\/logout"/, 'and their own /status');
    for (const path of ['/status.json', SUMMARY, '/status?platform=ws2003', '/?lang=en']) await member.get(path).expect(200);
    assert.equal(stats().hits, hitsBefore, 'none came from the cache');
    const guest = await request(cached.http).get('/').expect(200);
    assert.doesNotMatch(guest.text, /action="\/logout"/, "a guest never gets a member's page");
  });

  it('stores only the addresses the board links to: no platform nobody lists, no cursor of no shape', async () => {
    const stored = stats().misses;
    const hitsBefore = stats().hits;
    for (const path of [
      '/status?platform=no-such-platform',
      '/status?platform=ws2003&x=1',
      '/status?x=ws2003',
      '/status.json?platform=ws2003',
      '/status/',
      '/?after=garbage',
      '/?after=2004-12-14~MS04-044&x=1',
      '/?x=1',
      '/?lang=en&x=1',
      '/index.html',
    ]) {
      await request(cached.http).get(path);
      await request(cached.http).get(path);
    }
    assert.equal(stats().hits, hitsBefore, 'none came from the cache');
    assert.equal(stats().misses, stored, 'none was rendered to be stored');
  });

  it('shows new posts, edits, deletions, hides and restores at once', async () => {
    await afterWrite('a new post', () => send(other, THREAD, { body: 'もう一つの投稿' }));
    const post = await lastPost();
    await afterWrite('an edit', () => send(other, `/posts/${post.id}/edit`, { body: '編集した本文' }));
    await afterWrite('a hide', () => send(mod, `/posts/${post.id}/hide`, { reason: 'テストのため非表示' }));
    await afterWrite('a restore', () => send(mod, `/posts/${post.id}/restore`, { reason: 'テストのため戻す' }));
    await afterWrite('a deletion by the author', () => send(other, `/posts/${post.id}/delete`, {}));
  });

  it('shows field reports, confirmations and their withdrawal at once', async () => {
    await afterWrite(
      'a field report',
      () =>
        send(member, THREAD, {
          outcome: 'problem',
          platform: 'ws2003',
          hosts: '3',
          software: 'Backup Exec 8.6',
          body: 'バックアップが失敗する',
        }),
      BULLETINS,
    );
    const report = await lastPost();
    await afterWrite(
      'a corrected report',
      () =>
        send(member, `/posts/${report.id}/edit`, {
          outcome: 'success',
          platform: 'win2000-sp4',
          hosts: '3',
          software: 'Backup Exec 8.6',
          body: 'バックアップが失敗する',
        }),
      BULLETINS,
    );
    await afterWrite('a confirmation', () => send(other, `/posts/${report.id}/confirm`, { platform: 'win2000-sp4' }), BULLETINS);
    await afterWrite('a withdrawn confirmation', () => send(other, `/posts/${report.id}/unconfirm`, {}), BULLETINS);
  });

  it('shows known issues, their evidence and the confirmations behind them at once', async () => {
    const report = await lastPost();
    const fields = KNOWN_ISSUE;
    let issueId = 0;
    await afterWrite(
      'a new known issue',
      async () => (issueId = Number(/#ki(\d+)$/.exec((await send(mod, `/advisories/${ID}/known-issues`, fields)).headers.location)![1])),
      BULLETINS,
    );
    await afterWrite(
      'a status change',
      () => send(mod, `/known-issues/${issueId}/edit`, { ...fields, status: 'confirmed', note: '再現を確認' }),
      BULLETINS,
    );
    await afterWrite('evidence', () => send(mod, `/known-issues/${issueId}/evidence`, { post: String(report.id) }), BULLETINS);
    await afterWrite(
      'a confirmation behind the evidence',
      () => send(other, `/posts/${report.id}/confirm`, { platform: 'ws2003' }),
      BULLETINS,
    );
  });

  it('shows a lock, and a bulletin citing a post once it is published', async () => {
    await afterWrite('a lock', () => send(mod, `/advisories/${ID}/lock`, { locked: 'on', reason: '議論が収束したため' }));
    await afterWrite('an unlock', () => send(mod, `/advisories/${ID}/lock`, { locked: 'off', reason: '再開' }));
    const post = await lastPost();
    const citing = buildAdvisoryDoc({ editorNotes: [{ title: '現場の報告', body: `詳しくは /posts/${post.id} を参照。` }] });
    await createAdvisories(cached.app, [citing], false);
    await assertCurrent('a draft citing a post shows nothing yet');
    await afterWrite('publishing the citing bulletin', () => createAdvisories(cached.app, [citing], true));
  });

  it('shows an edited advisory title at once', async () => {
    const doc = referenceDocument();
    await afterWrite('a new title', () => createAdvisories(cached.app, [{ ...doc, title: `${doc.title}（改訂）` }], true), BULLETINS);
  });

  it('shows a publication, an unpublication and a new bulletin date on the index and /status at once', async () => {
    const doc = buildAdvisoryDoc();
    await createAdvisories(cached.app, [doc], false);
    await afterWrite('a publication', () => send(editor, `/advisories/${doc.id}/publish`, {}));
    await afterWrite('a new bulletin date', () => createAdvisories(cached.app, [{ ...doc, updatedOn: '2010-06-01' }], true));
    await afterWrite('an unpublication', () => send(editor, `/advisories/${doc.id}/unpublish`, { reason: '内容を見直す' }));
  });

  it('takes an advisory out of /status as the clock moves it out of the window', async () => {
    const doc = buildAdvisoryDoc();
    await createAdvisories(cached.app, [doc], true);
    // Published a moment before it leaves the window (STATUS_DAYS ago): an edit that moves the page epoch itself.
    const leaves = Date.now() + 3000;
    const em = cached.em();
    const published = new Date(leaves - STATUS_DAYS * 24 * 60 * 60 * 1000);
    await em.getConnection().execute('update advisories set published_at = ? where id = ?', [dbDate(em, published), doc.id]);
    const status = PAGES.filter(([path]) => path.startsWith('/status'));
    const listed = await assertCurrent('within the window', status);
    assert.ok(Date.now() < leaves, 'checked before it left');
    assert.ok(
      listed.every((page) => page.includes(doc.id)),
      'listed on /status',
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaves - Date.now() + 100)));
    const gone = await assertCurrent('out of the window', status);
    assert.ok(
      gone.every((page) => !page.includes(doc.id)),
      'no longer on /status',
    );
  });
  it("stores the bulletin page for a guest, and shows an editor's edit of any of its text at once", async () => {
    await request(cached.http).get(BULLETIN).expect(200);
    const hitsBefore = stats().hits;
    const hit = await request(cached.http).get(BULLETIN).expect(200);
    assert.equal(stats().hits, hitsBefore + 1, 'the second request came from the cache');
    assert.match(hit.headers.etag, /^"g-[\w-]{16}-\d+\.\d+\.\d{8}"$/);
    await request(cached.http).get(BULLETIN).set('If-None-Match', hit.headers.etag).expect(304);
    const edit = async (changes: Record<string, string>) => {
      const form = await editor.get(advisoryEditPath(ID)).expect(200);
      const res = await resubmit({ agent: editor, csrf: '' }, form.text, advisoryEditPath(ID), changes);
      assert.ok(res.status < 400, `the edit answered ${res.status}`);
    };
    await afterWrite("an editor's edit of the summary", () => edit({ summary: '編集者が書き直した概要。' }), BULLETINS);
    await afterWrite("an editor's edit of a note", () => edit({ 'editorNotes.0.body': '編集者が書き直した注記。' }), BULLETINS);
    await afterWrite("an editor's edit of the bulletin's date", () => edit({ updatedOn: '2005-02-09' }), BULLETINS);
  });

  it('shows on a citing bulletin at once the state of the post and the title of the known issue it cites', async () => {
    await send(member, THREAD, { body: '引用される投稿' });
    const post = await lastPost();
    const [issue] = await cached.em().find(KnownIssue, { advisory: ID }, { orderBy: { id: 'desc' }, limit: 1 });
    const doc = buildAdvisoryDoc({
      editorNotes: [{ title: '現場の報告', body: `詳しくは /posts/${post.id} と ${knownIssuePath(ID, issue.id)} を参照。` }],
    });
    const citing: Page[] = [[advisoryPath(doc.id), {}]];
    await afterWrite('a bulletin citing them, published', () => createAdvisories(cached.app, [doc], true), BULLETINS);
    const [shown] = await assertCurrent('the citing bulletin', citing);
    assert.ok(shown.includes(`href="/advisories/${ID}/thread`), 'the cited post is a link');
    await afterWrite('a hide of the cited post', () => send(mod, `/posts/${post.id}/hide`, { reason: 'テストのため非表示' }), citing);
    await afterWrite('its restore', () => send(mod, `/posts/${post.id}/restore`, { reason: 'テストのため戻す' }), citing);
    await afterWrite(
      'a new title of the cited known issue',
      () =>
        send(mod, `/known-issues/${issue.id}/edit`, {
          ...KNOWN_ISSUE,
          status: 'confirmed',
          title: '改題した既知の問題',
          note: '題を改める',
        }),
      [...citing, ...BULLETINS],
    );
  });

  it('never answers a member or an editor with the stored guest page, and stores only what a guest was sent', async () => {
    await send(member, THREAD, { body: '古いページにする投稿' });
    // A member's request where no current page is stored: rendered for them, not stored.
    const mine = await member.get(BULLETIN).expect(200);
    assert.match(mine.text, /name="_csrf"/, 'a member gets their own page with their token');
    const missesBefore = stats().misses;
    const hitsBefore = stats().hits;
    const guestPage = await request(cached.http).get(BULLETIN).expect(200);
    assert.equal(stats().misses, missesBefore + 1, "the guest's request found no page stored for it");
    assert.doesNotMatch(guestPage.text, /name="_csrf"/);
    assert.ok(!guestPage.text.includes(advisoryEditPath(ID)), 'no editor toolbar for a guest');
    await request(cached.http).get(BULLETIN).expect(200);
    assert.equal(stats().hits, hitsBefore + 1);
    const editorPage = await editor.get(BULLETIN).expect(200);
    assert.ok(editorPage.text.includes(advisoryEditPath(ID)), 'an editor gets the toolbar');
    assert.match((await member.get(BULLETIN).expect(200)).text, /name="_csrf"/);
    // Addresses the board does not link the bulletin by are rendered each time.
    for (const variant of ['?lang=xx', '?page=1', '?page=2', '?x=1', '/']) {
      await request(cached.http).get(`${BULLETIN}${variant}`);
      await request(cached.http).get(`${BULLETIN}${variant}`);
    }
    // Any other spelling of the id is sent to the canonical address.
    await request(cached.http).get(BULLETIN.toLowerCase()).expect(301);
    await request(cached.http).get(BULLETIN.toLowerCase()).expect(301);
    assert.equal(stats().hits, hitsBefore + 1, 'none of them came from the cache');
  });

  it('never stores a draft, and answers an unpublished bulletin with 404 at once', async () => {
    const doc = buildAdvisoryDoc();
    const path = advisoryPath(doc.id);
    await createAdvisories(cached.app, [doc], false);
    const hitsBefore = stats().hits;
    await editor.get(path).expect(200);
    for (let i = 0; i < 2; i++) await request(cached.http).get(path).expect(404);
    await createAdvisories(cached.app, [doc], true);
    await assertCurrent('published', [[path, {}]]);
    await send(editor, `/advisories/${doc.id}/unpublish`, { reason: 'テストのため取り下げ' });
    const hits = stats().hits;
    for (let i = 0; i < 2; i++) await request(cached.http).get(path).expect(404);
    await request(fresh.http).get(path).expect(404);
    assert.equal(stats().hits, hits, 'the stored page of the published bulletin is not served');
    assert.ok(hits > hitsBefore);
    await editor.get(path).expect(200);
    await request(cached.http).get(path).expect(404);
  });
});
