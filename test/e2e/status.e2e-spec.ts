import { parseFeed } from '@rowanmanning/feed-parser';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Advisory } from '../../src/advisories/advisory.entity';
import { Role } from '../../src/policy/viewer';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { boardApp, ID } from '../support/board';
import { assertValidHtml } from '../support/html';
import { member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { TestApp } from '../support/test-app';

// Patch status across the board (issue 20, item 3): /status, /status.json and /status.atom.

/** Small thresholds, so that a few reports move a verdict: 3 clean observations deploy. */
const THRESHOLDS = { minReports: 3, deployLowerBound: 0.4, holdFailureBound: 0.25 };
const BASE = 'https://bbs.example';

interface StatusJson {
  days: number;
  platform: string | null;
  advisories: {
    id: string;
    title: string;
    url: string;
    publishedAt: string;
    verdicts: {
      platform: string;
      label: string;
      verdict: string;
      reason: string;
      reports: number;
      hosts: number;
      knownIssueIds: number[];
    }[];
  }[];
}

const statusJson = async (t: TestApp, query = '') => {
  const res = await request(t.http).get(`/status.json${query}`).expect(200);
  return res.body as StatusJson;
};
/** The page's blocks as [advisory id, [platform label, verdict class]…]. */
function blocks(html: string): [string, string[][]][] {
  return [...html.matchAll(/<li class="status-advisory">([\s\S]*?)<\/ul>\s*<\/li>/g)].map((m) => [
    /<h2[^>]*><a href="\/advisories\/([^"]+)">/.exec(m[1])![1],
    [...m[1].matchAll(/data-verdict="([a-z-]+)">\s*<span class="verdict__platform">([^<]+)<\/span>/g)].map((v) => [v[2], v[1]]),
  ]);
}

describe('patch status across the board', () => {
  let t: TestApp;
  let mod: Member;
  let members: Member[];
  const newer = buildAdvisoryDoc({ title: '新しいセキュリティ情報(状況ページ用)' });
  const draft = buildAdvisoryDoc({ title: '下書きのセキュリティ情報(状況ページに出ない)' });
  const old = buildAdvisoryDoc({ title: '古いセキュリティ情報(60日より前)' });

  before(async () => {
    t = await boardApp({ verdicts: THRESHOLDS, publicBaseUrl: BASE });
    mod = await member(t, Role.Moderator);
    members = await Promise.all(Array.from({ length: 4 }, () => member(t)));
    await createAdvisories(t.app, [old]);
    // Published 61 days ago: outside the window.
    await t.em().nativeUpdate(Advisory, { id: old.id }, { publishedAt: new Date(Date.now() - 61 * 24 * 3600 * 1000) });
    await createAdvisories(t.app, [newer]);
    await createAdvisories(t.app, [draft], false);
  });
  after(() => t.close());

  it('lists the published advisories of the last 60 days, newest first, each platform with its verdict and reason', async () => {
    const res = await request(t.http).get('/status').expect(200);
    await assertValidHtml(res.text, '/status');
    const shown = blocks(res.text);
    assert.deepEqual(
      shown.map(([id]) => id),
      [newer.id, ID],
    );
    const ms04 = shown.find(([id]) => id === ID)![1];
    assert.equal(ms04.length, 8, 'every platform of MS04-044');
    assert.ok(ms04.every(([, v]) => v === 'insufficient'));
    assert.match(res.text, /報告は0件、判定には3件必要です/);
    assert.match(res.text, /href="\/help\/verdicts"/, 'the page links the explanation');
    assert.match(res.text, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/status.atom">/);
    assert.doesNotMatch(res.text, new RegExp(draft.title), 'no draft');
    assert.doesNotMatch(res.text, /古いセキュリティ情報/, 'nothing older than 60 days');
    // English too.
    const en = await request(t.http).get('/status?lang=en').expect(200);
    assert.match(en.text, /<h1 class="page-title">Patch status<\/h1>/);
    assert.match(en.text, /0 reports so far; 3 needed/);
  });

  it('moves with reports and known issues, on the page, in JSON and in the feed', async () => {
    for (const m of members.slice(0, 3))
      await postThroughForm(t, m, reportForm({ outcome: 'success', platform: 'ws2003', hosts: '10', body: '問題なし。' }));
    let json = await statusJson(t);
    const ws2003 = () => json.advisories.find((a) => a.id === ID)!.verdicts.find((v) => v.platform === 'ws2003')!;
    assert.equal(ws2003().verdict, 'deploy');
    assert.equal(ws2003().reports, 3);
    assert.equal(ws2003().hosts, 30);
    assert.equal(ws2003().label, 'Windows Server 2003');
    assert.match(ws2003().reason, /3件中3件が成功/);

    const issue = await issueThroughForm(t, mod, issueForm({ platforms: ['ws2003'], workaround: '' }));
    json = await statusJson(t);
    assert.equal(ws2003().verdict, 'hold');
    assert.deepEqual(ws2003().knownIssueIds, [issue.id]);
    const page = await request(t.http).get('/status').expect(200);
    assert.deepEqual(
      blocks(page.text)
        .find(([id]) => id === ID)![1]
        .find(([label]) => label === 'Windows Server 2003'),
      ['Windows Server 2003', 'hold'],
    );
    assert.match(page.text, /verdict-chip--hold">適用保留 <strong>1件<\/strong>/, 'the tally counts the held platform');

    const feed = await request(t.http).get('/status.atom').expect(200).expect('Content-Type', 'application/atom+xml; charset=utf-8');
    const parsed = parseFeed(feed.text);
    assert.deepEqual(
      parsed.items.map((i) => i.title),
      ['MS04-044 Windows Server 2003: 適用可 → 適用保留', 'MS04-044 Windows Server 2003: 報告不足 → 適用可'],
    );
    assert.equal(parsed.items[0].url, `${BASE}/advisories/${ID}#verdicts`);
    assert.match(parsed.items[0].content ?? '', /回避策がありません/);
    const etag = feed.headers.etag;
    await request(t.http).get('/status.atom').set('If-None-Match', etag).expect(304);
  });

  it('filters by platform; an unknown platform shows nothing, never everything', async () => {
    const page = await request(t.http).get('/status?platform=ws2003').expect(200);
    const shown = blocks(page.text);
    assert.deepEqual(shown.map(([id]) => id).sort(), [ID, newer.id].filter((id) => shown.some(([s]) => s === id)).sort());
    assert.ok(shown.every(([, lines]) => lines.length === 1 && lines[0][0] === 'Windows Server 2003'));
    assert.match(page.text, /<option value="ws2003" selected>Windows Server 2003<\/option>/);
    const json = await statusJson(t, '?platform=ws2003');
    assert.equal(json.platform, 'ws2003');
    assert.ok(json.advisories.every((a) => a.verdicts.length === 1 && a.verdicts[0].platform === 'ws2003'));

    for (const odd of ['no-such-platform', 'x'.repeat(500), '%00', '<script>']) {
      const res = await request(t.http)
        .get(`/status?platform=${encodeURIComponent(odd)}`)
        .expect(200);
      assert.deepEqual(blocks(res.text), [], odd);
      assert.match(res.text, /このプラットフォームを対象とするものはありません/);
      assert.doesNotMatch(res.text, /<script>/);
    }
    const arrays = await request(t.http).get('/status?platform=ws2003&platform=win2000-sp4').expect(200);
    assert.ok(blocks(arrays.text).length >= 1, 'a repeated parameter is ignored, not a 500');
  });

  it('JSON for scripts: CORS, ETag, absolute addresses; an unpublished advisory leaves the page and the feed', async () => {
    const res = await request(t.http).get('/status.json').expect(200).expect('Access-Control-Allow-Origin', '*');
    await request(t.http).get('/status.json').set('If-None-Match', res.headers.etag).expect(304);
    const body = res.body as StatusJson;
    assert.equal(body.days, 60);
    assert.equal(body.advisories[0].url, `${BASE}/advisories/${newer.id}`);
    assert.match(body.advisories[0].publishedAt, /^\d{4}-\d{2}-\d{2}T/);

    await submit(await member(t, Role.Editor), `/advisories/${ID}/unpublish`, { reason: '誤って公開した' }).expect(303);
    assert.ok(!(await statusJson(t)).advisories.some((a) => a.id === ID));
    assert.deepEqual(parseFeed((await request(t.http).get('/status.atom').expect(200)).text).items, []);
  });
});
