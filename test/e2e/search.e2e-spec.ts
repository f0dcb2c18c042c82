import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';
import { AdvisoryDocument } from '../../src/advisories/advisory-format';
import { Advisory, AdvisoryStatus } from '../../src/advisories/advisory.entity';
import { runCli } from '../../src/cli';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { KnownIssueInput } from '../../src/known-issues/known-issues.service';
import { Role } from '../../src/policy/viewer';
import { SearchIndexService } from '../../src/search/search-index.service';
import { Post } from '../../src/threads/post.entity';
import { CreatedPost, PostInput } from '../../src/threads/posts.service';
import { User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { REPORT } from '../factories/field-report.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createPost, createPosts } from '../factories/post.factory';
import { createUser, signInCookie } from '../factories/user.factory';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { postAs, sessionOf, signedInSession } from '../support/sessions';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';
import { knownIssuesPath, postPath } from '../../src/paths';
import { BACKFILL_CURATED } from '../../migrations/postgresql/Migration20261205013001';

// ---------------------------------------------------------------------------------------------
// The corpus: two published bulletins (A1, A2) and a draft (A3), Japanese and English posts and
// field reports, known issues, and content nobody may find (hidden, held, deleted, draft).
// Every query below is checked against the exact set of corpus keys it must return.
// ---------------------------------------------------------------------------------------------

const A1 = 'MS04-044';
const A2 = 'MS05-001';
const A3 = 'MS05-002';

const platforms = {
  win2000: { key: 'win2000-sp4', label: 'Windows 2000 SP4', product: 'Windows 2000' },
  ws2003: { key: 'ws2003', label: 'Windows Server 2003', product: 'Windows Server 2003' },
  nt4: { key: 'nt4-server-sp6a', label: 'Windows NT Server 4.0 SP6a', product: 'Windows NT Server 4.0' },
  xpsp2: { key: 'winxp-sp2', label: 'Windows XP SP2', product: 'Windows XP' },
};

const a1Doc = buildAdvisoryDoc({
  id: A1,
  kb: ['885835'],
  title: 'Windows カーネルの脆弱性により特権の昇格が起こる',
  summary: 'LSASS の脆弱性も解消する。NT カーネルを置き換えるため十分な検証が必要。',
  platforms: [platforms.win2000, platforms.ws2003, platforms.nt4],
  packages: [
    {
      platforms: ['win2000-sp4'],
      fileName: 'Windows2000-KB885835-x86-JPN.EXE',
      date: '2004-11-01',
      version: '1.0.0.0',
      size: 3549176,
      files: [{ folder: '%SystemRoot%\\system32\\', name: 'ntoskrnl.exe', date: '2004-10-22', version: '5.0.2195.6992', size: 1681408 }],
    },
  ],
});
const a2Doc = (title = 'HTML ヘルプの脆弱性によりリモートでコードが実行される') =>
  buildAdvisoryDoc({
    id: A2,
    kb: ['890175'],
    title,
    summary: 'Internet Explorer で細工された Web ページを開くと任意のコードが実行される。',
    platforms: [platforms.xpsp2, platforms.win2000],
  });
const a3Doc: AdvisoryDocument = buildAdvisoryDoc({
  id: A3,
  kb: ['891711'],
  title: 'カーネル 障害 起動しない 脆弱性 Backup 失敗 KB885835 draftword',
  summary: 'ｶｰﾈﾙ',
  platforms: [platforms.win2000],
});

type Key = string;

interface Corpus {
  url: Map<string, Key>;
  posts: Map<Key, CreatedPost>;
  issues: Map<Key, KnownIssue>;
}

const EVERYTHING = 'カーネル 障害 起動しない 脆弱性 Backup 失敗 KB885835 ntoskrnl.exe';

async function buildCorpus(t: TestApp, author: User, other: User, newbie: User, moderator: User): Promise<Corpus> {
  await createAdvisories(t.app, [a1Doc, a2Doc()]);
  await createAdvisories(t.app, [a3Doc], false);
  const url = new Map<string, Key>([
    [`/advisories/${A1}`, 'A1'],
    [`/advisories/${A2}`, 'A2'],
    [`/advisories/${A3}`, 'A3'],
  ]);
  const posts = new Map<Key, CreatedPost>();
  const issues = new Map<Key, KnownIssue>();
  const post = async (key: Key, u: User, advisory: string, input: PostInput) => {
    const p = await createPost(t.app, u, input, advisory);
    posts.set(key, p);
    url.set(postPath(advisory, p.number), key);
  };
  const issue = async (key: Key, advisory: string, input: KnownIssueInput) => {
    const i = await createKnownIssue(t.app, moderator, input, advisory);
    issues.set(key, i);
    url.set(`${knownIssuesPath(advisory)}#ki${i.id}`, key);
  };
  const report = (platform: string, outcome: string, software: string, body: string): PostInput => ({
    ...REPORT,
    platform,
    outcome,
    software,
    body,
  });

  await post(
    'p1',
    author,
    A1,
    report(
      'win2000-sp4',
      'problem',
      'VERITAS Backup Exec 8.6',
      'Windows 2000 SP4 に適用後、Backup Exec のスケジュール・バックアップが失敗する。イベント ID 57480。',
    ),
  );
  await post(
    'p2',
    author,
    A1,
    report('nt4-server-sp6a', 'install-failed', '', 'NT 4.0 のサーバーが起動しない。ntoskrnl.exe が 7.8GB より後ろにある。'),
  );
  await post('p3', other, A1, { body: 'ｶｰﾈﾙの置き換えなので検証に時間がかかります。KB 885835 を先に試験機へ。' });
  await post('p4', other, A1, report('ws2003', 'success', '', 'Windows Server 2003 の 40 台で問題なし。再起動は 1 回。'));
  await post(
    'p5',
    author,
    A2,
    report('winxp-sp2', 'problem', 'Symantec AntiVirus', 'ＸＰ ＳＰ２ で起動が遅くなった。障害というほどではない。'),
  );
  await post('p6', other, A2, { body: 'Backup job failed after applying KB890175; exec of the scheduled backup fails every night.' });
  await post('p7', author, A1, {
    body: 'バックアップ失敗の件、ベンダーに問い合わせ中。Backup Exec 9.1 では再現しない。動作保障外とのこと。',
  });
  await post('p8', other, A2, { body: 'The server does not boot (起動しない) after the update.' });
  await post('p9', other, A2, { body: '<script>alert("x")</script> <b>bold</b> & xsstest' });
  await issue('k1', A1, {
    title: 'Backup Exec 8.6 のスケジュール・バックアップが失敗する',
    symptom: 'KB885835 を適用するとイベント ID 57480 が記録される。',
    software: 'VERITAS Backup Exec 8.6',
    platforms: ['win2000-sp4'],
    references: '891531',
  });
  await issue('k2', A2, { title: 'HTML ヘルプが起動しない', symptom: 'hh.exe が起動しない場合がある。', platforms: ['winxp-sp2'] });
  // After the known issues: newest and best-match order differ.
  await post('p10', author, A1, { body: 'Backup ジョブの失敗は設定ミスでした。' });
  await issue('k3', A3, { title: `${EVERYTHING} draftword`, symptom: 'ｶｰﾈﾙ', platforms: ['win2000-sp4'] });

  // Nobody may find these: hidden by a moderator, held for approval, deleted by its author.
  await post('h1', other, A1, report('win2000-sp4', 'problem', 'VERITAS Backup Exec 8.6', `${EVERYTHING} hiddenword`));
  await post('h2', newbie, A1, { body: `${EVERYTHING} heldword` });
  await post('d1', author, A1, { body: `${EVERYTHING} deletedword` });
  return { url, posts, issues };
}

// ---------------------------------------------------------------------------------------------
// Searching through HTTP and reading the results page.
// ---------------------------------------------------------------------------------------------

interface Page {
  status: number;
  text: string;
  keys: Key[];
  count: number | null;
  next: string | null;
  first: string | null;
  problem: string | null;
}

function readPage(corpus: Corpus, status: number, text: string): Page {
  const doc = parseDocument(text);
  const byClass = (cls: string) => DomUtils.findAll((e) => (e.attribs.class ?? '').split(' ').includes(cls), doc.children);
  const keys = byClass('search-result__title').map((h) => {
    const href = DomUtils.findOne((e) => e.name === 'a', h.children)!.attribs.href;
    return corpus.url.get(href) ?? `?${href}`;
  });
  const countText = byClass('search-results__count').map((e) => DomUtils.textContent(e))[0];
  const link = (rel: string | null, label: string) =>
    DomUtils.findAll((e) => e.name === 'a' && (rel ? e.attribs.rel === rel : DomUtils.textContent(e) === label), doc.children)[0]?.attribs
      .href ?? null;
  const problem = byClass('search-problem').map((e) => DomUtils.textContent(e))[0] ?? null;
  return {
    status,
    text,
    keys,
    count: countText === undefined ? null : Number(countText.replace(/[^\d]/g, '')),
    next: link('next', ''),
    first: link(null, msg('search.first')),
    problem,
  };
}

const sorted = (keys: Key[]) => [...keys].sort();

describe(`search on ${ENGINE}`, () => {
  let t: TestApp;
  let corpus: Corpus;
  let author: User;
  let other: User;
  let newbie: User;
  let moderator: User;
  let cookies: { author: string; other: string; moderator: string };

  before(async () => {
    // A new member's first post is held; the corpus authors are established members.
    t = await createTestApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } });
    author = await createUser(t.app);
    other = await createUser(t.app);
    newbie = await createUser(t.app);
    moderator = await createUser(t.app, { role: Role.Moderator });
    await t.em().nativeUpdate(User, { id: { $in: [author.id, other.id] } }, { approvedPosts: 10 });
    corpus = await buildCorpus(t, author, other, newbie, moderator);
    await hide(corpus.posts.get('h1')!.id, true);
    await deletePost(corpus.posts.get('d1')!.id, await signInCookie(t.http, author.username));
    cookies = {
      author: await signInCookie(t.http, author.username),
      other: await signInCookie(t.http, other.username),
      moderator: await signInCookie(t.http, moderator.username),
    };
  });
  after(() => t.close());

  const get = async (params: Record<string, string> | string, cookie?: string): Promise<Page> => {
    const path = typeof params === 'string' ? params : `/search?${new URLSearchParams(params).toString()}`;
    const req = request(t.http).get(path);
    if (cookie) req.set('Cookie', cookie);
    const res = await req;
    assert.ok(res.status === 200 || res.status === 400, `${path}: status ${res.status}`);
    return readPage(corpus, res.status, res.text);
  };
  const find = async (params: Record<string, string>, cookie?: string) => {
    const page = await get(params, cookie);
    assert.equal(page.status, 200, `${JSON.stringify(params)}: ${page.problem}`);
    return page;
  };
  /** The exact result set of a query, also checked against the count shown. */
  const expectResults = async (params: Record<string, string> | string, expected: Key[], cookie?: string) => {
    const page = await find(typeof params === 'string' ? { q: params } : params, cookie);
    assert.deepEqual(sorted(page.keys), sorted(expected), `results for ${JSON.stringify(params)}`);
    assert.equal(page.count, expected.length, `count for ${JSON.stringify(params)}`);
    return page;
  };

  async function hide(postId: number, hidden: boolean) {
    const mod = await signedInSession(t.http, moderator.username);
    await postAs(t.http, mod, `/posts/${postId}/${hidden ? 'hide' : 'restore'}`, { reason: '検索のテスト' }).expect(303);
  }
  async function deletePost(postId: number, cookie: string) {
    await postAs(t.http, await sessionOf(t.http, cookie), `/posts/${postId}/delete`).expect(303);
  }

  describe('Japanese: 1, 2 and 3+ characters', () => {
    it('1 character finds it anywhere in a word (起 in 起動, 再起動, 起こる)', async () => {
      await expectResults('起', ['A1', 'k2', 'p2', 'p4', 'p5', 'p8']);
    });
    it('1 character: 障 alone and inside 保障', async () => {
      await expectResults('障', ['p5', 'p7']);
    });
    it('2 characters: 障害', async () => {
      await expectResults('障害', ['p5']);
    });
    it('2 characters: 起動 (also inside 再起動)', async () => {
      await expectResults('起動', ['k2', 'p2', 'p4', 'p5', 'p8']);
    });
    it('3 characters: 脆弱性', async () => {
      await expectResults('脆弱性', ['A1', 'A2']);
    });
    it('4 characters of katakana: カーネル (in titles, summaries and half-width ｶｰﾈﾙ in a post)', async () => {
      await expectResults('カーネル', ['A1', 'p3']);
    });
    it('5 characters: 起動しない, not 起動が or 再起動は', async () => {
      await expectResults('起動しない', ['k2', 'p2', 'p8']);
    });
  });

  describe('width and case folding', () => {
    it('ｶｰﾈﾙ finds カーネル', async () => {
      await expectResults('ｶｰﾈﾙ', ['A1', 'p3']);
    });
    it('ＫＢ８８５８３５ finds KB885835, KB 885835 and the bulletin’s KB number', async () => {
      await expectResults('ＫＢ８８５８３５', ['A1', 'k1', 'p3']);
    });
    it('KB885835 and the bare number find the same', async () => {
      await expectResults('KB885835', ['A1', 'k1', 'p3']);
      await expectResults('885835', ['A1', 'k1', 'p3']);
    });
    it('a known issue’s reference is found by its KB number', async () => {
      await expectResults('KB891531', ['k1']);
    });
    it('lower case kb890175', async () => {
      await expectResults('kb890175', ['A2', 'p6']);
    });
    it('BACKUP, backup and full-width ｂａｃｋｕｐ are the same', async () => {
      for (const q of ['BACKUP', 'backup', 'ｂａｃｋｕｐ']) await expectResults(q, ['k1', 'p1', 'p10', 'p6', 'p7']);
    });
    it('file names: ntoskrnl.exe, NTOSKRNL', async () => {
      await expectResults('ntoskrnl.exe', ['A1', 'p2']);
      await expectResults('NTOSKRNL', ['A1', 'p2']);
    });
  });

  describe('several terms and phrases', () => {
    it('ANDs terms across scripts: Backup 失敗', async () => {
      await expectResults('Backup 失敗', ['k1', 'p1', 'p10', 'p7']);
    });
    it('ANDs Latin and Japanese written together: Backup失敗', async () => {
      await expectResults('Backup失敗', ['k1', 'p1', 'p10', 'p7']);
    });
    it('Windows 起動', async () => {
      await expectResults('Windows 起動', ['p4']);
    });
    it('unquoted Backup Exec: both words anywhere; quoted: the phrase', async () => {
      await expectResults('Backup Exec', ['k1', 'p1', 'p6', 'p7']);
      await expectResults('"Backup Exec"', ['k1', 'p1', 'p7']);
    });
    it('unquoted バックアップ 失敗: both; quoted: バックアップ失敗 as written', async () => {
      await expectResults('バックアップ 失敗', ['k1', 'p1', 'p7']);
      await expectResults('"バックアップ 失敗"', ['p7']);
    });
    it('a quoted phrase across scripts and digits: "Exec 8.6" and "Exec 9.1"', async () => {
      await expectResults('"Exec 8.6"', ['k1', 'p1']);
      await expectResults('"Exec 9.1"', ['p7']);
      await expectResults('＂Ｅｘｅｃ　９．１＂', ['p7']);
    });
  });

  describe('order', () => {
    it('newest: newest first, whatever the kind', async () => {
      assert.deepEqual((await find({ q: 'Backup 失敗', order: 'newest' })).keys, ['p10', 'k1', 'p7', 'p1']);
    });
    it('best match: known issues and bulletins with every term in the title, then other known issues and bulletins, then posts; newest first in each', async () => {
      assert.deepEqual((await find({ q: 'Backup 失敗' })).keys, ['k1', 'p10', 'p7', 'p1']);
      assert.deepEqual((await find({ q: '起', order: 'best' })).keys, ['k2', 'A1', 'p8', 'p5', 'p4', 'p2']);
      assert.deepEqual((await find({ q: 'KB885835', order: 'best' })).keys, ['k1', 'A1', 'p3']);
    });
  });

  describe('filters', () => {
    it('kind', async () => {
      await expectResults({ q: '起動', kind: 'report' }, ['p2', 'p4', 'p5']);
      await expectResults({ q: '起動', kind: 'known-issue' }, ['k2']);
      await expectResults({ q: '起動', kind: 'post' }, ['p8']);
    });
    it('advisory (case-insensitive id)', async () => {
      await expectResults({ q: '起動', advisory: 'ms05-001' }, ['k2', 'p5', 'p8']);
    });
    it('platform: reports, known issues and bulletins of it', async () => {
      await expectResults({ q: 'backup', platform: 'win2000-sp4' }, ['k1', 'p1']);
      await expectResults({ q: '脆弱性', platform: 'winxp-sp2' }, ['A2']);
    });
    it('outcome', async () => {
      await expectResults({ q: '起動', outcome: 'problem' }, ['p5']);
    });
    it('related software, as a phrase in that field only', async () => {
      await expectResults({ q: '失敗', software: 'veritas' }, ['k1', 'p1']);
      await expectResults({ q: '', software: 'Backup Exec' }, ['k1', 'p1']);
      await expectResults({ q: '', software: 'Exec Backup' }, []);
    });
    it('filters alone list what they select, newest first', async () => {
      const page = await expectResults({ outcome: 'problem' }, ['p1', 'p5']);
      assert.deepEqual(page.keys, ['p5', 'p1']);
      await expectResults({ kind: 'advisory' }, ['A1', 'A2']);
    });
    it('the bulletin select lists the published bulletins and marks the chosen one alone, page after page', async () => {
      const select = async (params: Record<string, string>) => {
        const doc = parseDocument((await find(params)).text);
        const advisory = DomUtils.findOne((e) => e.name === 'select' && e.attribs.name === 'advisory', doc.children)!;
        return DomUtils.findAll((e) => e.name === 'option', advisory.children).map((o) => ({
          value: o.attribs.value,
          label: DomUtils.textContent(o),
          selected: 'selected' in o.attribs,
        }));
      };
      const options = (chosen: string | null) =>
        ['', A2, A1].map((id) => ({ value: id, label: id || msg('search.advisory.all'), selected: id === chosen }));
      assert.deepEqual(await select({ q: '起動', advisory: 'ms05-001' }), options(A2));
      assert.deepEqual(await select({ q: '起動', advisory: A1 }), options(A1));
      assert.deepEqual(await select({ q: '起動' }), options(null));
      assert.deepEqual(await select({ q: '起動', advisory: 'MS99-999' }), options(null));
    });
    it('an unknown bulletin or platform finds nothing', async () => {
      await expectResults({ q: '起動', advisory: 'MS99-999' }, []);
      await expectResults({ q: '起動', platform: 'win95' }, []);
    });
  });

  describe('nothing leaks', () => {
    it('hidden, held and deleted posts and draft bulletins and their known issues are absent from results and counts', async () => {
      for (const word of ['hiddenword', 'heldword', 'deletedword', 'draftword']) {
        const page = await expectResults(word, []);
        // Only the search box and the language link carry the query itself.
        assert.doesNotMatch(page.text.replace(/(?:value|href)="[^"]*"/g, ''), new RegExp(word), `${word} appears on the page`);
      }
      await expectResults({ outcome: 'problem', software: 'VERITAS Backup Exec 8.6' }, ['p1']);
      await expectResults({ advisory: A3 }, []);
    });
    it('staff see the same results (search lists only what a guest may see)', async () => {
      await expectResults('hiddenword', [], cookies.moderator);
      await expectResults('heldword', [], cookies.moderator);
    });
    it('a hidden post leaves results, counts and snippets, and comes back when restored', async () => {
      const p5 = corpus.posts.get('p5')!;
      await hide(p5.id, true);
      const page = await expectResults('障害', []);
      assert.doesNotMatch(page.text, /障害というほど/);
      await expectResults({ outcome: 'problem' }, ['p1']);
      await hide(p5.id, false);
      const back = await expectResults('障害', ['p5']);
      assert.match(back.text, /<mark>障害<\/mark>というほどではない/);
    });
    it('a held post appears once approved', async () => {
      const h2 = corpus.posts.get('h2')!;
      const cookie = cookies.moderator;
      const mod = await sessionOf(t.http, cookie, '/mod');
      await postAs(t.http, mod, `/mod/posts/${h2.id}/review`, { decision: 'approve', reason: '' }).expect(303);
      await expectResults('heldword', ['h2']);
      // Its author deletes it again, so that the corpus stays as the other tests expect.
      await deletePost(h2.id, await signInCookie(t.http, newbie.username));
      await expectResults('heldword', []);
    });
    it('a post deleted by its author leaves the results', async () => {
      await deletePost(corpus.posts.get('p8')!.id, cookies.other);
      await expectResults('起動しない', ['k2', 'p2']);
    });
    it('a draft bulletin and its known issues appear when it is published and leave when it is unpublished', async () => {
      await createAdvisories(t.app, [a3Doc], true);
      await expectResults('draftword', ['A3', 'k3']);
      // Unpublishing is the lead's route; its service calls syncAdvisory in its transaction, as here.
      await t.em().transactional(async (em) => {
        const a = await em.findOneOrFail(Advisory, A3, { populate: ['platforms'] });
        a.status = AdvisoryStatus.Draft;
        await t.app.get(SearchIndexService).syncAdvisory(em, a);
      });
      await expectResults('draftword', []);
      await expectResults('カーネル', ['A1', 'p3']);
    });
  });

  describe('the index follows edits', () => {
    it('an edited post is found by its new text and no longer by its old', async () => {
      const p4 = corpus.posts.get('p4')!;
      const other = await sessionOf(t.http, cookies.other);
      await postAs(t.http, other, `/posts/${p4.id}/edit`, { body: 'editedword: 40 台すべて問題なし。' }).expect(303);
      await expectResults('editedword', ['p4']);
      await expectResults('再起動', []);
      await expectResults({ q: '問題なし', kind: 'report' }, ['p4']);
    });
    it('a corrected report is found by its new platform, outcome and software, and no longer by the old', async () => {
      const p4 = corpus.posts.get('p4')!;
      const other = await sessionOf(t.http, cookies.other);
      await expectResults({ q: 'editedword', platform: 'ws2003', outcome: 'success' }, ['p4']);
      await postAs(t.http, other, `/posts/${p4.id}/edit`, {
        body: 'editedword: 40 台すべて問題なし。',
        outcome: 'problem',
        platform: 'win2000-sp4',
        hosts: '40',
        software: 'Tivoli Storage Manager 5.2',
      }).expect(303);
      await expectResults({ q: 'editedword', platform: 'win2000-sp4', outcome: 'problem' }, ['p4']);
      await expectResults({ q: '', software: 'Tivoli' }, ['p4']);
      await expectResults({ q: 'editedword', platform: 'ws2003' }, []);
      await expectResults({ q: 'editedword', outcome: 'success' }, []);
    });
    it('an edited known issue', async () => {
      const k2 = corpus.issues.get('k2')!;
      const cookie = cookies.moderator;
      const fields = {
        title: 'HTML ヘルプが開けない kiedited',
        symptom: 'hh.exe がエラーで終了する。',
        platforms: 'winxp-sp2',
        note: '症状を更新',
      };
      await postAs(t.http, await sessionOf(t.http, cookie), `/known-issues/${k2.id}/edit`, fields).expect(303);
      await expectResults('kiedited', ['k2']);
      await expectResults('起動しない', ['p2']);
    });
    it('a re-imported bulletin', async () => {
      await createAdvisories(t.app, [a2Doc('HTML ヘルプの問題によりリモートでコードが実行される')]);
      await expectResults('脆弱性', ['A1']);
    });
  });

  describe('the curated index (known issues and bulletins, read first in best-match order)', () => {
    const ids = async (sql: string) => {
      const rows = (await t.em().getConnection().execute(sql)) as { id: number }[];
      return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    };
    const curatedIds = () => ids(ENGINE === 'sqlite' ? 'select rowid as id from search_fts_curated' : 'select id from search_fts_curated');
    const indexedCuratedIds = () => ids(`select id from search_documents where indexed = true and kind in ('known-issue', 'advisory')`);
    const queries = ['起', '起動', '起動しない', 'カーネル', '脆弱性', 'Backup 失敗', 'KB885835', 'kiedited', 'HTML'];
    const bestMatch = () => Promise.all(queries.map(async (q) => (await find({ q })).keys));

    it('holds exactly the known issues and bulletins of the whole index, after publishing, unpublishing and edits', async () => {
      const curated = await curatedIds();
      assert.ok(curated.length >= 4, `${curated.length} curated documents`);
      assert.deepEqual(curated, await indexedCuratedIds());
    });
    it('is refilled by its backfill with the same best-match pages', async () => {
      const before = await bestMatch();
      const connection = t.em().getConnection();
      await connection.execute('delete from search_fts_curated');
      assert.deepEqual(await curatedIds(), []);
      // SQLite's contentless index keeps no tokens to copy: the application refills it; PostgreSQL's migration copies them.
      if (ENGINE === 'sqlite') await t.app.get(SearchIndexService).indexCurated();
      else await connection.execute(BACKFILL_CURATED);
      assert.deepEqual(await curatedIds(), await indexedCuratedIds());
      assert.deepEqual(await bestMatch(), before);
    });
    it('reads its first tier from the titles as they are now: a word in a title, not in a body, and gone once edited out', async () => {
      const k2 = corpus.issues.get('k2')!;
      const editK2 = async (title: string, symptom: string) =>
        postAs(t.http, await sessionOf(t.http, cookies.moderator), `/known-issues/${k2.id}/edit`, {
          title,
          symptom,
          platforms: 'winxp-sp2',
          note: '題名を更新',
        }).expect(303);
      // The bulletin has the word in its title, the newer known issue in its symptom: the bulletin ranks first.
      await createAdvisories(t.app, [a2Doc('HTML ヘルプの問題 titlemove')]);
      await editK2('HTML ヘルプが開けない', 'hh.exe がエラーで終了する。titlemove');
      assert.deepEqual((await find({ q: 'titlemove' })).keys, ['A2', 'k2']);
      assert.deepEqual((await find({ q: 'titlemove', order: 'newest' })).keys, ['k2', 'A2']);
      // Moved into the known issue's title and out of the bulletin's: the bulletin is no longer found at all.
      await createAdvisories(t.app, [a2Doc('HTML ヘルプの問題によりリモートでコードが実行される')]);
      await editK2('HTML ヘルプが開けない titlemove', 'hh.exe がエラーで終了する。');
      assert.deepEqual((await find({ q: 'titlemove' })).keys, ['k2']);
      await editK2('HTML ヘルプが開けない kiedited', 'hh.exe がエラーで終了する。');
      await expectResults('titlemove', []);
    });
  });

  describe('snippets', () => {
    it('mark matches in the original text: half-width ｶｰﾈﾙ for カーネル', async () => {
      const page = await expectResults('カーネル', ['A1', 'p3']);
      assert.match(page.text, /<mark>ｶｰﾈﾙ<\/mark>の置き換えなので/);
      assert.match(page.text, /Windows <mark>カーネル<\/mark>の脆弱性/);
    });
    it('mark a KB number however it was written', async () => {
      const page = await expectResults('885835', ['A1', 'k1', 'p3']);
      assert.match(page.text, /<mark>KB 885835<\/mark> を先に/);
    });
    it('escape the text first, then mark it', async () => {
      const page = await expectResults('xsstest', ['p9']);
      assert.doesNotMatch(page.text, /<script>alert/);
      assert.doesNotMatch(page.text, /<b>bold/);
      assert.match(page.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &lt;b&gt;bold&lt;\/b&gt; &amp; <mark>xsstest<\/mark>/);
    });
    it("mark a bulletin's file names, read only when its snippet gets to them", async () => {
      const page = await expectResults('ntoskrnl.exe', ['A1', 'p2']);
      assert.match(page.text, /Windows2000-KB885835-x86-JPN\.EXE <mark>ntoskrnl\.exe<\/mark>/);
      // Found before its file names: the summary's snippet, as before.
      assert.match((await expectResults('LSASS', ['A1'])).text, /<mark>LSASS<\/mark> の脆弱性も解消する/);
    });
    it('mark the software field of a report', async () => {
      const page = await expectResults({ q: '', software: 'veritas' }, ['k1', 'p1']);
      assert.match(page.text, /<mark>VERITAS<\/mark> Backup Exec 8\.6/);
    });
  });

  describe('paging by keyset', () => {
    before(async () => {
      // A moderator: members are rate-limited.
      const posts = await createPosts(t.app, moderator, 45, (i) => ({ body: `pagingword ${i} ${'話'.repeat(i % 7)}` }), A1);
      for (const [i, p] of posts.entries()) corpus.url.set(postPath(A1, p.number), `paging${i}`);
    });

    for (const order of ['newest', 'best'] as const) {
      it(`${order}: three pages of 20, 20 and 5, each once, with a way back to the first`, async () => {
        const seen: Key[] = [];
        let page = await find({ q: 'pagingword', order });
        assert.equal(page.count, 45);
        assert.equal(page.first, null);
        const sizes: number[] = [];
        for (;;) {
          sizes.push(page.keys.length);
          seen.push(...page.keys);
          if (!page.next) break;
          assert.doesNotMatch(page.next, /offset|page=/);
          page = await get(page.next.replace(/&amp;/g, '&'));
          assert.equal(page.status, 200);
          assert.ok(page.first, 'a link back to the first page');
        }
        assert.deepEqual(sizes, [20, 20, 5]);
        assert.equal(new Set(seen).size, 45);
        if (order === 'newest')
          assert.deepEqual(
            seen,
            Array.from({ length: 45 }, (_, i) => `paging${44 - i}`),
          );
      });
    }

    it('shows the count of all matches, not of the page', async () => {
      const page = await find({ q: 'pagingword' });
      assert.match(page.text, /45件/);
    });
  });

  describe('bad input: searched as text or refused with a message, never an error page', () => {
    const texts = [
      '"',
      '""',
      "'",
      '%',
      '_',
      '\\',
      '%_\\',
      '%%',
      '__',
      'a%b_c',
      '*',
      'a*',
      '-a',
      '^a',
      '+a',
      'a OR b',
      'NOT a',
      'AND',
      'OR',
      'NEAR(a b)',
      'title:a',
      'title : a',
      '{title}:a',
      'u_起',
      'k_report',
      '"unbalanced',
      "'; DROP TABLE posts; --",
      "1' OR '1'='1",
      'SELECT * FROM users',
      "a' & 'b' <-> 'c':*",
      '!!',
      '()',
      '|',
      '&',
      '<script>alert(1)</script>',
      '\\x27',
      'ー',
      '・・・',
      '　',
      'あ'.repeat(200),
    ];
    for (const q of texts) {
      it(`q=${JSON.stringify(q.length > 30 ? `${q.slice(0, 30)}…` : q)}`, async () => {
        const page = await get({ q });
        assert.equal(page.status, 200, `${q}: ${page.status} ${page.problem}`);
        if (page.count === null) assert.ok(page.problem || !q.trim(), `${q}: either results or a message`);
      });
    }

    it('SQL and operators are only text: the tables are intact afterwards', async () => {
      await get({ q: "'; DROP TABLE posts; --" });
      assert.ok((await t.em().count(Post, {})) > 0);
      await expectResults('backup', ['k1', 'p1', 'p10', 'p6', 'p7']);
    });

    it('text without letters or digits gets a message and keeps the query', async () => {
      const page = await get({ q: '%_\\' });
      assert.equal(page.status, 200);
      assert.equal(page.problem, msg('search.noTerms'));
      assert.match(page.text, /value="%_\\"/);
    });

    it('over 200 characters: 400 with a clear message, the query kept in the box', async () => {
      const q = `${'起動しない'.repeat(40)}x`;
      const page = await get({ q });
      assert.equal(page.status, 400);
      assert.equal(page.problem, msg('search.tooLong', { max: 200, length: 201 }));
      assert.ok(page.text.includes(`value="${q}"`));
      assert.equal(page.count, null);
      await assertValidHtml(page.text, 'too long');
    });

    it('too many words: 400 with a message', async () => {
      const page = await get({ q: Array.from({ length: 25 }, (_, i) => `w${i}`).join(' ') });
      assert.equal(page.status, 400);
      assert.equal(page.problem, msg('search.tooManyTerms', { max: 20 }));
    });

    const badParams: Record<string, string>[] = [
      { q: '起動', kind: 'everything' },
      { q: '起動', advisory: "MS04-044' or 1=1" },
      { q: '起動', platform: '<x>' },
      { q: '起動', outcome: 'fine' },
      { q: '起動', order: 'random' },
      { q: '起動', after: 'abc' },
      { q: '起動', order: 'newest', after: '-1.5_3' },
      { q: '起動', order: 'best', after: '12' },
      { q: '起動', software: 'x'.repeat(101) },
    ];
    for (const params of badParams) {
      it(`refuses ${JSON.stringify(params).slice(0, 60)} with 400 and a message`, async () => {
        const page = await get(params);
        assert.equal(page.status, 400);
        assert.ok(page.problem, 'a message');
        assert.ok(page.text.includes('value="起動"'), 'the query is kept');
      });
    }

    it('repeated parameters: 400 with a message', async () => {
      const page = await get('/search?q=a&q=b');
      assert.equal(page.status, 400);
      assert.equal(page.problem, msg('search.invalid'));
    });

    it('an empty search shows the form only', async () => {
      const page = await get({ q: '' });
      assert.equal(page.status, 200);
      assert.equal(page.count, null);
      assert.equal(page.problem, null);
      await assertValidHtml(page.text, 'empty search');
    });
  });

  describe('the page', () => {
    it('is valid HTML in Japanese and English, with results', async () => {
      await assertValidHtml((await find({ q: 'Backup 失敗' })).text, 'ja results');
      const en = await request(t.http).get('/search?q=%E8%B5%B7%E5%8B%95&lang=en').expect(200);
      assert.match(en.text, /Results/);
      assert.match(en.text, /Best match/);
      await assertValidHtml(en.text, 'en results');
      await assertValidHtml((await find({ q: 'zzzz' })).text, 'no results');
    });
    it('has a search box in the header of other pages, not twice on its own', async () => {
      const home = await request(t.http).get('/').expect(200);
      assert.match(home.text, /<form method="get" action="\/search"/);
      const page = await find({ q: '起動' });
      assert.doesNotMatch(page.text, /site-search-q/);
      await assertValidHtml(home.text, 'home with the search box');
    });
  });

  describe('a verb in any form (Japanese inflection)', () => {
    before(async () => {
      const add = async (key: Key, body: string) => {
        const p = await createPost(t.app, moderator, { body }, A2);
        corpus.url.set(postPath(A2, p.number), key);
      };
      await add('f1', '適用後、サービスが起動しなくなる。');
      await add('f2', 'ドライバが起動できない状態になった。');
      await add('f3', '言語パックのインストールが失敗することがある。');
      await add('f4', 'タスクスケジューラが動きません。');
      // The newest post holds the words as typed: best match differs from newest first.
      await add('f5', '再起動しても起動しない。');
    });

    it('起動しない finds 起動しなくなる and 起動できない, below the exact matches', async () => {
      // (k2 and p8 no longer say 起動しない: edited and hidden above.)
      assert.deepEqual((await find({ q: '起動しない' })).keys, ['f5', 'p2', 'f2', 'f1']);
      const newest = await find({ q: '起動しない', order: 'newest' });
      assert.deepEqual(newest.keys, ['f5', 'f2', 'f1', 'p2']);
      assert.equal(newest.count, 4);
    });
    it('失敗した finds 失敗する (the known issue before the posts); 動かない finds 動きません', async () => {
      const page = await find({ q: '失敗した' });
      assert.equal(page.keys[0], 'k1');
      assert.deepEqual(sorted(page.keys), ['f3', 'k1', 'p1']);
      await expectResults('動かない', ['f4']);
    });
    it('marks the form found by its stem', async () => {
      const page = await find({ q: '起動しない', kind: 'post' });
      assert.match(page.text, /サービスが<mark>起動し<\/mark>なくなる/);
      assert.match(page.text, /ドライバが<mark>起動でき<\/mark>ない/);
    });
    it('quoted, only the form typed; nouns and particles are not inflected', async () => {
      await expectResults('"起動しない"', ['f5', 'p2']);
      await expectResults('"失敗した"', []);
      await expectResults('起動が', ['p5']);
    });
    it('a cursor into the second rank pages on', async () => {
      const page = await get({ q: '起動しない', after: '3_999999999' });
      assert.equal(page.status, 200);
      assert.deepEqual(sorted(page.keys), ['f1', 'f2']);
    });
  });

  describe('search:reindex', () => {
    it('rebuilds the same index, with progress and a summary', async () => {
      const queries = ['起', '起動', 'カーネル', 'backup', '"Backup Exec"', 'KB885835', 'pagingword'];
      const beforeSets = await Promise.all(queries.map(async (q) => sorted((await find({ q, order: 'newest' })).keys)));
      const lines: string[] = [];
      const code = await runCli(['search:reindex'], { log: (s) => lines.push(s), error: (s) => lines.push(`ERR ${s}`) }, t.config);
      assert.equal(code, 0, lines.join('\n'));
      assert.ok(
        lines.some((l) => /^posts: [\d,]+ \/ [\d,]+ \(100%\)$/.test(l)),
        lines.join('\n'),
      );
      assert.match(
        lines[lines.length - 1],
        /^Indexed \d+ documents \(2 advisories, 2 known issues, \d+ posts; \d+ not searchable: drafts, hidden, held or deleted\) in [\d.]+ s\.$/,
      );
      for (const [i, q] of queries.entries()) assert.deepEqual(sorted((await find({ q, order: 'newest' })).keys), beforeSets[i], q);
      await expectResults('hiddenword', []);
      // Newest stays in time order after a rebuild.
      assert.deepEqual((await find({ q: 'pagingword', order: 'newest' })).keys.slice(0, 3), ['paging44', 'paging43', 'paging42']);
    });
  });
});
