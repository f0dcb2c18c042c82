import assert from 'node:assert/strict';
import { parseDocument } from 'htmlparser2';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { allStatements, bound } from '../../src/database/statement';
import { ModerationService } from '../../src/moderation/moderation.service';
import { Role } from '../../src/policy/viewer';
import { PostsService } from '../../src/threads/posts.service';
import { PROFILE_LIST_SIZE } from '../../src/threads/profile-page.service';
import { User } from '../../src/users/user.entity';
import { createFieldReport } from '../factories/field-report.factory';
import { createPost } from '../factories/post.factory';
import { createUser, signInCookie, viewerOf } from '../factories/user.factory';
import { boardApp } from '../support/board';
import { all, hasClass, one, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { explain } from '../support/query-plan';
import { ENGINE, TestApp } from '../support/test-app';

/** The texts of a profile list's items (by its heading's id), newest first, and its links. */
function list(html: string, titleId: string) {
  const section = one(parseDocument(html), (e) => e.name === 'section' && e.attribs['aria-labelledby'] === titleId);
  assert.ok(section, `the profile has the list ${titleId}`);
  const older = one(section, (e) => e.name === 'a' && hasClass(e, 'profile-list__older'));
  const newest = one(section, (e) => e.name === 'a' && hasClass(e, 'profile-list__newest'));
  return {
    items: all(section, (e) => e.name === 'li' && hasClass(e, 'profile-item')).map(textOf),
    links: all(section, (e) => e.name === 'a' && e.attribs.href.startsWith('/posts/')).map((e) => e.attribs.href),
    older: older ? older.attribs.href : null,
    newest: newest ? newest.attribs.href : null,
  };
}

describe(`a member's profile lists their field reports and posts (${ENGINE})`, () => {
  let t: TestApp;
  let author: User;
  let mod: User;
  let newbie: User;
  let authorCookie: string;
  let modCookie: string;
  let otherCookie: string;
  const reports: number[] = [];
  const posts: Record<'first' | 'second' | 'deleted' | 'hidden', number> = { first: 0, second: 0, deleted: 0, hidden: 0 };
  let heldReport = 0;

  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } });
    author = await createUser(t.app, { username: '佐藤プロフィール' });
    mod = await createUser(t.app, { role: Role.Moderator });
    newbie = await createUser(t.app);
    const other = await createUser(t.app);
    const moderation = t.app.get(ModerationService);
    // The author's first post waits for approval like anyone's; approved, the rest go public at once.
    posts.first = (await createPost(t.app, author, { body: '最初の投稿: 適用後に再起動が必要でした。' })).id;
    await moderation.review(viewerOf(mod), posts.first, true, '');
    for (let i = 1; i <= PROFILE_LIST_SIZE + 3; i++) {
      const unlisted = i === 5;
      const report = await createFieldReport(t.app, author, {
        body: `報告 ${i}`,
        outcome: i % 2 ? 'problem' : 'success',
        hosts: String(i),
        software: `ソフト${i}`,
        ...(unlisted ? { platform: 'other', platformOther: 'Windows 2000 SP4 日本語版 検証機' } : {}),
      });
      reports.push(report.id);
    }
    posts.second = (await createPost(t.app, author, { body: '二つ目の投稿\n> 引用は抜粋に入らない\n本文の続き' })).id;
    posts.deleted = (await createPost(t.app, author, { body: '削除される投稿' })).id;
    await t.app.get(PostsService).deleteOwn(viewerOf(author), posts.deleted);
    posts.hidden = (await createPost(t.app, author, { body: '非表示にされる投稿' })).id;
    await moderation.setVisibility(viewerOf(mod), posts.hidden, false, '宣伝');
    // The newest report is hidden by a moderator.
    await moderation.setVisibility(viewerOf(mod), reports[reports.length - 1], false, '重複');
    heldReport = (await createFieldReport(t.app, newbie, { body: '承認待ちの報告', software: '保留ソフト' })).id;
    authorCookie = await signInCookie(t.http, author.username);
    modCookie = await signInCookie(t.http, mod.username);
    otherCookie = await signInCookie(t.http, other.username);
  });
  after(() => t.close());

  const profile = (cookie: string | null, query = '', username = author.username) => {
    const req = request(t.http).get(`/users/${encodeURIComponent(username)}${query}`);
    return (cookie ? req.set('Cookie', cookie) : req).expect(200).then((r) => r.text);
  };

  it('shows a guest the newest public field reports with advisory, outcome, platform, hosts, software and date, linked to each post', async () => {
    const html = await profile(null);
    await assertValidHtml(html, 'profile with lists');
    const shown = list(html, 'profile-reports-title');
    assert.equal(shown.items.length, PROFILE_LIST_SIZE);
    // Newest first; the hidden newest report is not among them.
    const expected = reports.slice(0, -1).reverse().slice(0, PROFILE_LIST_SIZE);
    assert.deepEqual(
      shown.links,
      expected.map((id) => `/posts/${id}`),
    );
    const newest = shown.items[0];
    assert.match(newest, /^MS04-044 #\d+ 問題なし/);
    assert.match(newest, /プラットフォーム ?Windows 2000 SP4/);
    assert.match(newest, /ソフト22/);
    assert.match(newest, /\d{4}/, 'a date');
    assert.match(html, /<span class="outcome outcome--success">問題なし<\/span>/);
    assert.match(html, /<span class="outcome outcome--problem">問題あり<\/span>/);
    assert.doesNotMatch(html, /ソフト23/);
    assert.doesNotMatch(html, /保留ソフト/);
  });

  it('pages the reports by a keyset cursor, keeping the other list where it is', async () => {
    const first = list(await profile(null), 'profile-reports-title');
    const cursor = reports[reports.length - 1 - PROFILE_LIST_SIZE];
    assert.equal(first.older, `/users/${encodeURIComponent(author.username)}?reports_before=${cursor}`);
    const html = await profile(null, `?reports_before=${cursor}&posts_before=${posts.second}`);
    const second = list(html, 'profile-reports-title');
    assert.deepEqual(second.links, [`/posts/${reports[1]}`, `/posts/${reports[0]}`]);
    assert.equal(second.older, null);
    assert.match(second.items[1], /台数 ?1/);
    // The platform the bulletin does not list, as the thread shows it.
    assert.match(
      list(await profile(null, `?reports_before=${reports[5]}`), 'profile-reports-title').items[0],
      /その他: Windows 2000 SP4 日本語版 検証機/,
    );
    // The other list stays at its own cursor: only the post before posts_before.
    assert.deepEqual(list(html, 'profile-posts-title').links, [`/posts/${posts.first}`]);
    assert.equal(second.newest, `/users/${encodeURIComponent(author.username)}?posts_before=${posts.second}`);
    assert.equal(first.newest, null);
    // Anything but a row id is the first page.
    assert.deepEqual(list(await profile(null, '?reports_before=abc&posts_before=-1'), 'profile-reports-title').links, first.links);
  });

  it('lists other posts with an excerpt (quotes left out), never deleted or hidden ones for guests and other members', async () => {
    for (const cookie of [null, otherCookie]) {
      const shown = list(await profile(cookie), 'profile-posts-title');
      assert.deepEqual(shown.links, [`/posts/${posts.second}`, `/posts/${posts.first}`]);
      assert.match(shown.items[0], /二つ目の投稿 本文の続き/);
      assert.doesNotMatch(shown.items[0], /引用/);
      assert.equal(shown.older, null);
    }
    const html = await profile(otherCookie);
    assert.doesNotMatch(html, /非表示にされる投稿|削除される投稿|非表示<\/span>/);
  });

  it('shows the author and moderators the hidden ones, marked, as the thread does; a deleted post to no one', async () => {
    for (const cookie of [authorCookie, modCookie]) {
      const html = await profile(cookie);
      const shown = list(html, 'profile-posts-title');
      assert.deepEqual(shown.links, [`/posts/${posts.hidden}`, `/posts/${posts.second}`, `/posts/${posts.first}`]);
      assert.match(shown.items[0], /非表示/);
      const reportList = list(html, 'profile-reports-title');
      assert.equal(reportList.links[0], `/posts/${reports[reports.length - 1]}`);
      assert.match(reportList.items[0], /非表示/);
    }
  });

  it('shows a held report only to its author and moderators', async () => {
    const path = `/users/${encodeURIComponent(newbie.username)}`;
    const guest = await request(t.http).get(path).expect(200);
    assert.deepEqual(list(guest.text, 'profile-reports-title').items, []);
    assert.match(guest.text, /表示できる適用報告はありません。/);
    assert.deepEqual(list(await profile(otherCookie, '', newbie.username), 'profile-reports-title').items, []);
    const newbieCookie = await signInCookie(t.http, newbie.username);
    for (const cookie of [newbieCookie, modCookie]) {
      const shown = list(await profile(cookie, '', newbie.username), 'profile-reports-title');
      assert.deepEqual(shown.links, [`/posts/${heldReport}`]);
      assert.match(shown.items[0], /承認待ち/);
    }
  });

  it('speaks English too', async () => {
    const html = await profile(null, '?lang=en');
    assert.match(html, /<h2 id="profile-reports-title">Field reports<\/h2>/);
    assert.match(html, /<h2 id="profile-posts-title">Other posts<\/h2>/);
    assert.match(html, /<span class="outcome outcome--problem">Problem/);
    assert.match(html, />Older<\/a>/);
  });

  it('reads both lists by posts_author_idx (author, id) on this engine', async () => {
    const [states, statuses, limit] = [['visible'], ['published'], PROFILE_LIST_SIZE + 1];
    // The reports' statement bounds both sides of its join by the cursor.
    const lists: [string, unknown[]][] = [
      ['FieldReportsRepository.byAuthor', [author.id, 2_147_483_647, 2_147_483_647, states, statuses, limit]],
      ['PostsRepository.byAuthor', [author.id, 2_147_483_647, states, statuses, limit]],
    ];
    for (const [owner, params] of lists) {
      const stmt = allStatements().find((s) => s.owner === owner)!;
      const { text, values } = bound(stmt, params);
      const plan = await explain(t, text, values);
      // On SQLite the foreign key's index (author_id) carries the rowid too: the same (author, id) order as posts_author_idx.
      const keyset =
        ENGINE === 'sqlite'
          ? /SEARCH p USING INDEX posts_author_(idx|id_index) \(author_id=\? AND rowid<\?\)/
          : /Index Scan Backward using posts_author_idx on posts p/;
      assert.match(plan, keyset, `${owner}:\n${plan}`);
      assert.doesNotMatch(plan, /TEMP B-TREE|Sort/, `${owner}: read in order, not sorted:\n${plan}`);
    }
  });
});
