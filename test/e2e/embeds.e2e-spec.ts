import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createFieldReport } from '../factories/field-report.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createUser } from '../factories/user.factory';
import { assertValidHtml } from '../support/html';
import { createTestApp, TestApp } from '../support/test-app';

/** The parts of summary.json these tests read. */
interface Summary {
  advisory: { threadUrl: string };
  counts: { reports: number };
  platforms: { key: string; outcomes: Record<string, number> }[];
  knownIssues: { open: { title: string; status: string; workaround: string }[] };
}

describe('embeds for the bulletin site: summary.json, badge.svg, embed', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ bulletinSites: ['https://bulletin.example'], publicBaseUrl: 'https://bbs.example' });
    await createAdvisories(t.app, [referenceDocument()]);
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS05-001' })], false);
    const mod = await createUser(t.app, { role: Role.Moderator });
    const issue = { title: 'Backup Exec 8.6 <失敗>', symptom: '失敗する', platforms: ['win2000-sp4'], workaround: 'サポートに連絡' };
    await createKnownIssue(t.app, mod, { ...issue, status: 'mitigated', note: '確認' });
    await createFieldReport(t.app, await createUser(t.app), { body: '失敗', software: '' });
  });
  after(() => t.close());

  it('summary.json: counts, platforms and known issues with absolute URLs, CORS-readable, cacheable, 304 on a matching ETag', async () => {
    const res = await request(t.http)
      .get('/advisories/MS04-044/summary.json')
      .expect(200)
      .expect('Content-Type', /application\/json; charset=utf-8/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['cache-control']), /max-age=60/);
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    const summary = res.body as Summary;
    assert.equal(summary.advisory.threadUrl, 'https://bbs.example/advisories/MS04-044/thread');
    assert.deepEqual(summary.counts.reports, 1);
    assert.equal(summary.platforms.find((p) => p.key === 'win2000-sp4')?.outcomes.problem, 1);
    assert.equal(summary.knownIssues.open[0].title, 'Backup Exec 8.6 <失敗>');
    assert.equal(summary.knownIssues.open[0].status, 'mitigated');
    assert.equal(summary.knownIssues.open[0].workaround, 'サポートに連絡');
    await request(t.http).get('/advisories/MS04-044/summary.json').set('If-None-Match', etag).expect(304);
    await request(t.http).get('/advisories/MS04-044/summary.json').set('If-None-Match', '"other"').expect(200);
    await request(t.http).get('/advisories/ms04-044/summary.json').expect(301);
  });

  it('badge.svg: safe SVG with the counts, escaped, no script', async () => {
    const res = await request(t.http)
      .get('/advisories/MS04-044/badge.svg')
      .expect(200)
      .expect('Content-Type', /image\/svg\+xml/);
    const svg = (res.body as Buffer).toString();
    assert.match(svg, /1 report · 1 open issue</);
    assert.doesNotMatch(svg, /<script|on\w+=|href=/i);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    await request(t.http).get('/advisories/MS04-044/badge.svg').set('If-None-Match', String(res.headers.etag)).expect(304);
  });

  it('embed: framable only by the configured bulletin sites, links out of the frame, valid and escaped', async () => {
    const res = await request(t.http).get('/advisories/MS04-044/embed').expect(200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors https:\/\/bulletin\.example/);
    assert.doesNotMatch(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.match(res.text, /Backup Exec 8\.6 &lt;失敗&gt;/);
    assert.match(res.text, /target="_top"/);
    assert.doesNotMatch(res.text, /<script/);
    await assertValidHtml(res.text, 'embed');
    // Other pages stay unframable.
    const page = await request(t.http).get('/advisories/MS04-044').expect(200);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  it('bulletin.txt: the mail-ready bulletin in UTF-8 with every section, the thread address and the known issues', async () => {
    const res = await request(t.http)
      .get('/advisories/MS04-044/bulletin.txt')
      .expect(200)
      .expect('Content-Type', 'text/plain; charset=utf-8');
    const text = res.text;
    for (const s of [
      'HotFix Alert: MS04-044 (KB885835)',
      '【登録日】2004/12/16',
      'HFR BBS会議室: https://bbs.example/advisories/MS04-044/thread',
      '深刻度: 2(重要)',
      '対策: 早期適用',
      'アンインストール: 不明',
      '■概要',
      '■Windowsカーネルの脆弱性',
      'Windows 2000: Windows 2000 SP3/SP4',
      '■適用テストの結果',
      '■MBSA 1.21の結果',
      '‥‥‥ 適用されるファイル情報 ‥‥‥',
      'ntoskrnl.exe 2004/11/11 4.0.1381.7327 1,001,456',
      '展開フォルダ (sp1qfe)',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates\\Windows 2000\\SP5\\KB885835\\Filelist',
      '1時間34分',
      '■UpdateEXPERT上の表示',
      '‥‥‥ 既知の問題 ‥‥‥',
      '[回避策あり] Backup Exec 8.6 <失敗> (Windows 2000 SP4)',
      '  回避策: サポートに連絡',
      'https://bbs.example/advisories/MS04-044/known-issues#ki',
    ])
      assert.ok(text.includes(s), s);
    assert.doesNotMatch(text, /&lt;|&amp;/);
  });

  it('bulletin.txt?since=: an update bulletin listing new known issues and status changes since the date', async () => {
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const text = (await request(t.http).get(`/advisories/MS04-044/bulletin.txt?since=${today}`).expect(200)).text;
    assert.match(text, /^HotFix Alert: MS04-044 \(KB885835\) \(更新のお知らせ\)/);
    assert.match(text, /以降の変更/);
    assert.match(text, /【新規】 \[回避策あり\] Backup Exec 8\.6 <失敗>/);
    const later = (await request(t.http).get('/advisories/MS04-044/bulletin.txt?since=2999-01-01').expect(200)).text;
    assert.match(later, /この期間に既知の問題の変更はありません。/);
    for (const bad of ['yesterday', '2004-13-45', '2004/12/16', '%00']) {
      const res = await request(t.http).get(`/advisories/MS04-044/bulletin.txt?since=${bad}`);
      assert.equal(res.status, 400, bad);
    }
  });

  it('never exposes drafts or unknown ids', async () => {
    for (const path of [
      '/advisories/MS05-001/bulletin.txt',
      '/advisories/MS05-001/summary.json',
      '/advisories/MS05-001/badge.svg',
      '/advisories/MS05-001/embed',
      '/advisories/MS99-999/summary.json',
      '/advisories/nonsense/embed',
    ]) {
      const res = await request(t.http).get(path);
      assert.equal(res.status, 404, path);
    }
  });
});
