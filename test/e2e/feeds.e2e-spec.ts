import { parseFeed } from '@rowanmanning/feed-parser';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { quoteMarkdown } from '../../src/common/html/markdown';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { Role } from '../../src/policy/viewer';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createPosts } from '../factories/post.factory';
import { csrfFrom } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { assertValidHtml } from '../support/html';
import { member, Member, submit } from '../support/members';
import { issueThroughForm, postThroughForm } from '../support/posting';
import { TestApp } from '../support/test-app';
import { parseXml, XmlNode } from '../support/xml';

const BASE = 'https://bbs.example';
const THREAD_FEED = `/advisories/${ID}/thread.atom`;
const KI_FEED = `/advisories/${ID}/known-issues.atom`;
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// Unique markers: their absence from the raw XML proves a post's text never reached the feed.
const HIDDEN = 'HIDDEN-7f3a モデレーターが隠した投稿';
const HELD = 'HELD-2b9c 承認待ちの投稿';
const DELETED = 'DELETED-5d1e 作者が削除した投稿';
const DRAFT_ISSUE = 'DRAFT-ISSUE-9e4f 下書きの既知の問題';
const DRAFT_TITLE = 'DRAFT-TITLE-0c7d 下書きのセキュリティ情報';

const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);
const kid = (n: XmlNode, name: string) => kids(n, name)[0];

/** RFC 4287's requirements on a feed and its entries, checked on the XML tree itself. */
function assertAtom(xml: string, selfPath: string): XmlNode {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  const feed = parseXml(xml);
  assert.equal(feed.name, 'feed');
  assert.equal(feed.uri, 'http://www.w3.org/2005/Atom');
  assert.equal(feed.attrs['xml:lang'], 'ja');
  for (const name of ['id', 'title', 'updated']) assert.equal(kids(feed, name).length, 1, `feed has one ${name}`);
  assert.match(kid(feed, 'updated').text, RFC3339);
  const self = kids(feed, 'link').filter((l) => l.attrs.rel === 'self');
  assert.deepEqual(
    self.map((l) => [l.attrs.href, l.attrs.type]),
    [[`${BASE}${selfPath}`, 'application/atom+xml']],
  );
  const feedHasAuthor = kids(feed, 'author').some((a) => kid(a, 'name')?.text);
  const ids = new Set<string>();
  for (const entry of kids(feed, 'entry')) {
    for (const name of ['id', 'title', 'updated']) assert.equal(kids(entry, name).length, 1, `entry has one ${name}`);
    const id = kid(entry, 'id').text;
    assert.match(id, /^tag:bbs\.example,2026:\/[\w./-]+$/);
    assert.ok(!ids.has(id), `entry id ${id} is unique`);
    ids.add(id);
    assert.match(kid(entry, 'updated').text, RFC3339);
    if (kid(entry, 'published')) {
      assert.match(kid(entry, 'published').text, RFC3339);
      assert.ok(kid(entry, 'published').text <= kid(entry, 'updated').text, 'published is not after updated');
    }
    assert.ok(feedHasAuthor || kids(entry, 'author').length > 0, 'an author for every entry');
    const alternates = kids(entry, 'link').filter((l) => (l.attrs.rel ?? 'alternate') === 'alternate');
    assert.equal(alternates.length, 1, 'one alternate link per entry');
    for (const l of kids(entry, 'link')) assert.ok(l.attrs.href.startsWith(`${BASE}/`), `absolute link ${l.attrs.href}`);
    const content = kid(entry, 'content');
    if (content) assert.equal(content.attrs.type, 'html');
  }
  // The newest entry's time is the feed's (or later, when nothing has happened yet).
  const newest = kids(feed, 'entry')
    .map((e) => kid(e, 'updated').text)
    .sort()
    .at(-1);
  if (newest) assert.equal(new Date(kid(feed, 'updated').text).getTime(), new Date(newest).getTime());
  return feed;
}

describe('Atom feeds', () => {
  let t: TestApp;
  let mod: Member;
  let alice: Member;
  let newbie: Member;
  let editor: Member;
  const ids: Record<string, number> = {};
  let issueId = 0;
  let secondId = '';

  const postTo = (m: Member, fields: Record<string, string>) => postThroughForm(t, m, fields);
  const get = (path: string) => request(t.http).get(path);
  const feedText = async (path: string) => {
    const res = await get(path).expect(200);
    assert.equal(res.headers['content-type'], ATOM_TYPE);
    return res.text;
  };

  before(async () => {
    // New members' first post waits for approval here, so held posts come from the real rule.
    t = await boardApp({ publicBaseUrl: BASE, moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } });
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS05-001', title: DRAFT_TITLE })], false);
    mod = await member(t, Role.Moderator);
    alice = await member(t);
    newbie = await member(t);
    editor = await member(t, Role.Editor);

    // Alice's first report is held, then approved: it appears once public.
    const first = await postTo(alice, {
      body: '適用後、Backup Exec のサービスが「起動しない」。\n\nイベントログに 7000 番。',
      outcome: 'problem',
      platform: 'win2000-sp4',
      hosts: '1200',
      software: 'VERITAS Backup Exec 8.6 <R2> & "SP1"',
    });
    assert.equal(first.state, 'held');
    await submit(mod, `/mod/posts/${first.id}/review`, { decision: 'approve', reason: '' }).expect(303);
    ids.report = first.id;
    ids.reply = (await postTo(alice, { body: '再起動後は正常です。編集前の文 EDIT-BEFORE-1a2b', replyTo: String(first.id) })).id;
    const hidden = await postTo(alice, { body: HIDDEN });
    ids.hidden = hidden.id;
    // A quotation of a post that is later hidden must not carry its text into the feed.
    ids.quoter = (
      await postTo(alice, {
        body: `${quoteMarkdown(alice.user.username, hidden.number, HIDDEN)}QUOTER-8a9b 引用した返事`,
        replyTo: String(hidden.id),
        quote: 'on',
      })
    ).id;
    await submit(mod, `/posts/${ids.hidden}/hide`, { reason: '不適切' }).expect(303);
    ids.deleted = (await postTo(alice, { body: DELETED })).id;
    await submit(alice, `/posts/${ids.deleted}/delete`, {}).expect(303);
    ids.held = (await postTo(newbie, { body: HELD })).id;
    ids.nasty = (await postTo(alice, { body: '制御\u0007文字\u001bと <script>alert("x")</script> & ]]> の投稿' })).id;
    const states = await t.em().find(Post, {}, { orderBy: { id: 'asc' } });
    assert.deepEqual(
      states.map((p) => p.state),
      ['visible', 'visible', 'hidden', 'visible', 'deleted', 'held', 'visible'],
    );

    // A known issue: created, its text edited (no status change), then mitigated.
    const fields = {
      title: 'Backup Exec が「起動しない」<8.6>',
      symptom: 'サービスが開始されない。\nイベント 7000。',
      platforms: ['win2000-sp4', 'win2000-sp3'],
      software: 'VERITAS Backup Exec 8.6',
    };
    issueId = (await issueThroughForm(t, mod, { ...fields, status: 'investigating', note: '報告が複数あり' })).id;
    await submit(mod, `/known-issues/${issueId}/edit`, {
      ...fields,
      status: 'investigating',
      note: 'TEXT-EDIT-NOTE-3c4d 文言の修正',
    }).expect(303);
    await submit(mod, `/known-issues/${issueId}/edit`, {
      ...fields,
      workaround: 'サービスを手動で開始する',
      status: 'mitigated',
      note: '回避策を確認しました',
    }).expect(303);
    // A draft's known issue, through the service (moderators cannot open a draft's pages).
    const draft = { title: DRAFT_ISSUE, symptom: DRAFT_ISSUE, status: 'confirmed', note: DRAFT_ISSUE };
    await createKnownIssue(t.app, mod.user, draft, 'MS05-001');

    // A second published advisory, published after the first, with its own known issue.
    const second = buildAdvisoryDoc({
      title: '二つ目のセキュリティ情報',
      kb: ['899999'],
      severity: 3,
      summary: '一段落目。\n\n二段落目 <強調> & 記号。',
    });
    secondId = second.id;
    await new Promise((r) => setTimeout(r, 5));
    await createAdvisories(t.app, [second]);
    await submit(mod, `/advisories/${secondId}/known-issues`, {
      title: '二つ目の問題',
      symptom: '症状',
      status: 'confirmed',
      note: '確認',
    }).expect(303);
  });
  after(() => t.close());

  it('thread.atom: valid Atom with the visible posts and reports, absolute permalinks, Japanese intact', async () => {
    const xml = await feedText(THREAD_FEED);
    const tree = assertAtom(xml, THREAD_FEED);
    assert.equal(kid(tree, 'title').text, 'MS04-044 の会議室 — HFR BBS会議室');
    const feed = parseFeed(xml);
    assert.equal(feed.title, 'MS04-044 の会議室 — HFR BBS会議室');
    assert.equal(feed.self, `${BASE}${THREAD_FEED}`);
    assert.equal(feed.url, `${BASE}${THREAD}`);
    assert.equal(feed.language, 'ja');
    // Newest first: the visible posts only.
    assert.deepEqual(
      feed.items.map((i) => i.url),
      [ids.nasty, ids.quoter, ids.reply, ids.report].map((id) => `${BASE}/posts/${id}`),
    );
    assert.deepEqual(
      feed.items.map((i) => i.id),
      [ids.nasty, ids.quoter, ids.reply, ids.report].map((id) => `tag:bbs.example,2026:/posts/${id}`),
    );

    const report = feed.items[3];
    assert.equal(report.title, `#1 【問題あり】Windows 2000 SP4 / 1,200台 / VERITAS Backup Exec 8.6 <R2> & "SP1"(${alice.user.username})`);
    assert.ok(report.content!.includes('「起動しない」'), 'the Japanese text verbatim');
    // The entry's HTML as the XML carries it (the feed parser decodes entities, so the escaping is checked on the tree).
    const reportHtml = kid(kids(tree, 'entry')[3], 'content').text;
    for (const fact of ['問題あり', 'Windows 2000 SP4', '1,200', 'VERITAS Backup Exec 8.6 &lt;R2&gt; &amp; &quot;SP1&quot;'])
      assert.ok(reportHtml.includes(fact), fact);
    assert.ok(reportHtml.includes('<p>適用後、Backup Exec のサービスが「起動しない」。</p>'), 'the stored sanitized HTML');
    assert.deepEqual(
      report.authors.map((a) => [a.name, a.url]),
      [[alice.user.username, `${BASE}/users/${alice.user.username}`]],
    );
    assert.deepEqual(
      report.categories.map((c) => c.term),
      ['outcome-problem'],
    );
    // The raw bytes are UTF-8 Japanese, not character references.
    assert.ok(Buffer.from(xml, 'utf8').includes(Buffer.from('「起動しない」', 'utf8')));

    const reply = feed.items[2];
    assert.equal(reply.title, `#2 ${alice.user.username}: 再起動後は正常です。編集前の文 EDIT-BEFORE-1a2b`);
    assert.ok(reply.content!.includes(`href="${BASE}/posts/${ids.report}"`), 'links the post it answers');
    assert.ok(reply.content!.includes('#1 への返信'));
  });

  it('hidden, held and deleted posts never appear, nor their text anywhere', async () => {
    const xml = await feedText(THREAD_FEED);
    for (const text of [HIDDEN, HELD, DELETED, 'HIDDEN-7f3a', 'HELD-2b9c', 'DELETED-5d1e']) assert.ok(!xml.includes(text), text);
    const quoter = parseFeed(xml).items.find((i) => i.url === `${BASE}/posts/${ids.quoter}`)!;
    assert.equal(quoter.title, `#4 ${alice.user.username}: QUOTER-8a9b 引用した返事`);
    assert.ok(quoter.content!.includes('QUOTER-8a9b 引用した返事') && quoter.content!.includes('(引用元の投稿は公開されていません)'));
    assert.ok(!quoter.content!.includes(`/posts/${ids.hidden}`), 'no link to a post guests cannot open');
    for (const id of [ids.hidden, ids.held, ids.deleted])
      assert.ok(!xml.includes(`/posts/${id}<`) && !xml.includes(`/posts/${id}"`), `post ${id}`);
    // The moderator's own view changes nothing: feeds are the guests' view.
    const asMod = await mod.agent.get(THREAD_FEED).expect(200);
    assert.equal(asMod.text, xml);
  });

  it('strips characters XML forbids and escapes markup, so the feed still parses', async () => {
    const xml = await feedText(THREAD_FEED);
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    assert.doesNotMatch(xml, /<script/i);
    const nasty = parseFeed(xml).items[0];
    assert.equal(nasty.title, `#7 ${alice.user.username}: 制御文字と <script>alert("x")</script> & ]]> の投稿`);
  });

  it('an edit keeps the entry id and moves its updated time; the text is the new one', async () => {
    const before = parseFeed(await feedText(THREAD_FEED)).items.find((i) => i.url === `${BASE}/posts/${ids.reply}`)!;
    assert.equal(before.updated!.getTime(), before.published!.getTime());
    const page = await alice.agent.get(`/posts/${ids.reply}/edit`).expect(200);
    await alice.agent
      .post(`/posts/${ids.reply}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), body: '再起動後は正常です。編集後の文 EDIT-AFTER-5e6f' })
      .expect(303);
    const xml = await feedText(THREAD_FEED);
    assertAtom(xml, THREAD_FEED);
    const after = parseFeed(xml).items.find((i) => i.url === `${BASE}/posts/${ids.reply}`)!;
    assert.equal(after.id, before.id);
    assert.equal(after.published!.getTime(), before.published!.getTime());
    assert.ok(after.updated!.getTime() > before.updated!.getTime(), 'updated moves on edit');
    assert.ok(after.content!.includes('EDIT-AFTER-5e6f'));
    assert.ok(!xml.includes('EDIT-BEFORE-1a2b'), 'the old text is gone');
    assert.equal(parseFeed(xml).updated!.getTime(), after.updated!.getTime(), 'the feed is as new as its newest change');
  });

  it('known-issues.atom of an advisory: one entry per creation and status change, with who, when and the note', async () => {
    const path = KI_FEED;
    const xml = await feedText(path);
    assertAtom(xml, path);
    const feed = parseFeed(xml);
    assert.equal(feed.title, 'MS04-044 の既知の問題 — HFR BBS会議室');
    assert.equal(feed.url, `${BASE}/advisories/${ID}/known-issues`);
    assert.equal(feed.items.length, 2, 'the text-only edit is not an entry');
    assert.ok(!xml.includes('TEXT-EDIT-NOTE-3c4d'));
    const [change, created] = feed.items;
    assert.equal(change.title, 'MS04-044: 【状態の変更】Backup Exec が「起動しない」<8.6>: 調査中 → 回避策あり');
    assert.equal(created.title, 'MS04-044: 【新規】[調査中] Backup Exec が「起動しない」<8.6>');
    assert.notEqual(change.id, created.id);
    assert.ok(change.updated!.getTime() >= created.updated!.getTime());
    for (const text of [
      '回避策を確認しました',
      mod.user.username,
      '調査中 → 回避策あり',
      'サービスを手動で開始する',
      'Windows 2000 SP3/SP4',
    ])
      assert.ok(change.content!.includes(text), text);
    assert.ok(created.content!.includes('報告が複数あり'));
    assert.equal(change.url, `${BASE}/advisories/${ID}/known-issues#ki${issueId}`);
    assert.deepEqual(
      change.authors.map((a) => a.name),
      [mod.user.username],
    );
    assert.deepEqual(
      change.categories.map((c) => [c.term, c.label]),
      [['mitigated', '回避策あり']],
    );
    // A new status change is a new entry: readers see it as news.
    await submit(mod, `/known-issues/${issueId}/edit`, {
      title: 'Backup Exec が「起動しない」<8.6>',
      symptom: 'サービスが開始されない。',
      status: 'resolved',
      note: '修正版で解決',
    }).expect(303);
    const next = parseFeed(await feedText(path));
    assert.equal(next.items.length, 3);
    assert.equal(next.items[0].title, 'MS04-044: 【状態の変更】Backup Exec が「起動しない」<8.6>: 回避策あり → 解決済み');
    assert.deepEqual(
      next.items.slice(1).map((i) => i.id),
      [change.id, created.id],
      'earlier entries keep their ids',
    );
  });

  it('/known-issues.atom: every published advisory, never a draft', async () => {
    const xml = await feedText('/known-issues.atom');
    assertAtom(xml, '/known-issues.atom');
    const feed = parseFeed(xml);
    assert.equal(feed.title, '既知の問題(すべてのセキュリティ情報) — HFR BBS会議室');
    assert.equal(feed.url, `${BASE}/known-issues`);
    const titles = feed.items.map((i) => i.title);
    assert.ok(
      titles.some((x) => x === `${secondId}: 【新規】[確認済み] 二つ目の問題`),
      titles.join('\n'),
    );
    assert.equal(titles.filter((x) => x?.startsWith('MS04-044:')).length, 3);
    assert.ok(!xml.includes('DRAFT-ISSUE-9e4f'));
    assert.ok(!xml.includes('MS05-001'));
  });

  it('/latest.atom: published advisories newest first, with KB, severity, summary and both links', async () => {
    const xml = await feedText('/latest.atom');
    assertAtom(xml, '/latest.atom');
    const feed = parseFeed(xml);
    assert.equal(feed.title, '新着セキュリティ情報 — HFR BBS会議室');
    assert.deepEqual(
      feed.items.map((i) => i.url),
      [`${BASE}/advisories/${secondId}`, `${BASE}/advisories/${ID}`],
    );
    const [second, ms04] = feed.items;
    assert.equal(second.title, `${secondId} (KB899999) [警告] 二つ目のセキュリティ情報`);
    assert.ok(kid(kids(parseXml(xml), 'entry')[0], 'content').text.includes('<p>二段落目 &lt;強調&gt; &amp; 記号。</p>'));
    assert.ok(second.content!.includes('二段落目 <強調> & 記号。'));
    assert.equal(second.description, '一段落目。\n二段落目 <強調> & 記号。');
    assert.match(ms04.title!, /^MS04-044 \(KB885835\) \[重要\] /);
    assert.ok(ms04.content!.includes(`href="${BASE}/advisories/${ID}/thread"`));
    assert.ok(ms04.content!.includes('2(重要)'));
    const tree = parseXml(xml);
    const related = kids(kids(tree, 'entry')[1], 'link').find((l) => l.attrs.rel === 'related');
    assert.equal(related?.attrs.href, `${BASE}/advisories/${ID}/thread`);
    assert.ok(!xml.includes('DRAFT-TITLE-0c7d') && !xml.includes('MS05-001'));
  });

  it('drafts and unknown advisories have no feeds, whoever asks', async () => {
    for (const path of [
      '/advisories/MS05-001/thread.atom',
      '/advisories/MS05-001/known-issues.atom',
      '/advisories/MS99-999/thread.atom',
      '/advisories/MS99-999/known-issues.atom',
      '/advisories/nonsense/thread.atom',
    ]) {
      assert.equal((await get(path)).status, 404, path);
      assert.equal((await editor.agent.get(path)).status, 404, `${path} (editor)`);
    }
  });

  it('advisory ids are case-insensitive: a lower-case address redirects', async () => {
    for (const path of [THREAD_FEED, KI_FEED]) {
      const res = await get(path.replace(ID, 'ms04-044')).expect(301);
      assert.equal(res.headers.location, path);
    }
  });

  it('caching: ETag and 304, a short max-age, one body whatever the language; a change makes a new ETag', async () => {
    for (const path of [THREAD_FEED, KI_FEED, '/known-issues.atom', '/latest.atom']) {
      const res = await get(path).expect(200);
      const etag = String(res.headers.etag);
      assert.match(etag, /^"[\w-]+"$/);
      assert.equal(res.headers['cache-control'], 'public, max-age=60');
      const again = await get(path).set('If-None-Match', etag).expect(304);
      assert.equal(again.text, '');
      await get(path).set('If-None-Match', '"stale"').expect(200);
      const english = await get(path).set('Cookie', 'lang=en').set('Accept-Language', 'en').expect(200);
      assert.equal(english.headers.etag, etag, `${path}: the feed does not vary by language`);
    }
    const before = String((await get(THREAD_FEED)).headers.etag);
    await postTo(alice, { body: '新しい投稿' });
    const res = await get(THREAD_FEED).set('If-None-Match', before).expect(200);
    assert.notEqual(res.headers.etag, before);
  });

  it('pages advertise their feeds in <head> and link them visibly; valid HTML; a draft advertises none', async () => {
    const pages: [string, string[]][] = [
      ['/', ['/latest.atom', '/known-issues.atom']],
      [`/advisories/${ID}`, [THREAD_FEED, KI_FEED]],
      [THREAD, [THREAD_FEED, KI_FEED]],
      ['/known-issues', ['/known-issues.atom']],
      [`/advisories/${ID}/known-issues`, [KI_FEED, THREAD_FEED]],
    ];
    for (const [path, feeds] of pages) {
      const html = (await get(path).expect(200)).text;
      const head = html.slice(0, html.indexOf('</head>'));
      const advertised = [...head.matchAll(/<link rel="alternate" type="application\/atom\+xml" title="([^"]+)" href="([^"]+)">/g)];
      assert.deepEqual(
        advertised.map((m) => m[2]),
        feeds,
        path,
      );
      assert.ok(
        advertised.every((m) => !m[1].includes('feed.')),
        `${path}: titles are translated`,
      );
      for (const f of feeds)
        assert.ok(html.includes(`<a class="feed-link" href="${f}" type="application/atom+xml">`), `${path}: visible link to ${f}`);
      await assertValidHtml(html, path);
      // Every advertised feed exists.
      for (const f of feeds) await get(f).expect(200);
    }
    assert.match((await get(THREAD).expect(200)).text, /title="MS04-044 の会議室 — HFR BBS会議室"/);
    assert.match((await get(`${THREAD}?lang=en`).expect(200)).text, /title="MS04-044 discussion — HFR BBS"/);
    const draft = (await editor.agent.get('/advisories/MS05-001').expect(200)).text;
    assert.doesNotMatch(draft, /application\/atom\+xml/);
  });

  it('keeps the newest 50 posts', async () => {
    const thread = await t.em().findOneOrFail(Thread, { advisory: ID });
    await createPosts(t.app, mod.user, 52, (i) => ({ body: `連続投稿 ${i + 1} 番` }));
    const xml = await feedText(THREAD_FEED);
    assertAtom(xml, THREAD_FEED);
    const feed = parseFeed(xml);
    assert.equal(feed.items.length, 50);
    const newest = await t.em().findOneOrFail(Post, { thread }, { orderBy: { number: 'desc' } });
    assert.equal(feed.items[0].url, `${BASE}/posts/${newest.id}`);
    assert.match(feed.items[0].title!, /連続投稿 52 番$/);
    assert.match(feed.items[49].title!, /連続投稿 3 番$/);
  });
});
