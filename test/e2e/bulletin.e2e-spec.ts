import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { signedInAgent } from '../factories/user.factory';
import { assertValidHtml } from '../support/html';
import { createTestApp, TestApp } from '../support/test-app';

describe('bulletin pages', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
  });
  after(() => t.close());

  it('shows every section of the bulletin, in Japanese by default', async () => {
    const res = await request(t.http)
      .get('/advisories/MS04-044')
      .expect(200)
      .expect('Content-Type', /text\/html; charset=utf-8/);
    const html = res.text;
    assert.match(html, /<html lang="ja">/);
    const expected = [
      // headline facts
      'MS04-044',
      'KB885835',
      'Windowsカーネルがアプリケーションを起動する方法の脆弱性などにより、特権の昇格が行われる危険性',
      '(Windows カーネルおよび LSASS の脆弱性により、特権の昇格が起こる)',
      '登録日',
      '2004年12月16日',
      '更新日',
      // the severity scale with the advisory's level marked
      '1(緊急)',
      '3(警告)',
      '4(注意)',
      '攻撃コードの有無',
      'なし',
      '再起動の必要性',
      '必要',
      'アンインストール',
      '不明',
      '対象環境',
      'サーバ',
      'クライアント',
      '脆弱性識別番号',
      'MS04-044/885835',
      // references and related advisories
      'MS04-044(日本)',
      'MS04-044(US)',
      'よく寄せられる質問',
      'fq04-043',
      'http://support.microsoft.com/default.aspx?scid=kb;ja;891531',
      'MS04-011',
      'MS04-032',
      'MS04-022',
      'MS03-013',
      // urgency scale
      '緊急対応度',
      '適用作業の早期開始',
      'SP待ち',
      '緊急適用',
      // summary and vulnerabilities
      '概要',
      '「Windowsカーネルの脆弱性」と「LSASSの脆弱性」の2種類の脆弱性を解消する',
      'Windowsカーネルの脆弱性',
      'Local Procedure Call(LPC)',
      'LSASSの脆弱性',
      // platforms and lab
      '対象プラットフォーム',
      'Windows NT Server 4.0 Terminal Server Edition',
      'Windows 2000 SP3/SP4',
      'Windows XP SP1/SP1a/SP2',
      'Windows Server 2003',
      '適用テストの結果',
      'Windows NT Server 4.0, Enterprise Edition SP6a',
      'Windows 2000 Advanced Server SP4',
      'Windows Server 2003, Enterprise Edition',
      // editor notes
      'NTカーネルを置き換えるため適用前に十分な検証が必要',
      'システム・パーティションが7.8Gbytesより大きい場合',
      'Windows 2000+VERITAS Backup Exec 8.6の組み合わせで発生する不具合',
      'MBSA 1.21の結果',
      '最新版はVERITAS Backup Exec 9.1',
      // downloads, files, verification, deployment time, UpdateEXPERT
      '修正プログラムのダウンロード先',
      'Windows 2000 用セキュリティ更新プログラム (KB885835)',
      'WindowsNT4Server-KB885835-x86-JPN.exe',
      '725,320',
      'Windows2000-KB885835-x86-JPN.EXE',
      '3,549,176',
      'netapi32.dll',
      'MS04-022と同じ',
      'ntkrpamp.exe',
      '1,726,080',
      '%SystemRoot%\\system32\\drivers\\',
      'mountmgr.sys',
      '展開フォルダ (sp1qfe)',
      '展開フォルダ (sp2gdr/sp2qfe)',
      '展開フォルダ (RTMGDR)',
      '展開フォルダ (RTMQFE)',
      'HyperTerminal Applet Library',
      '背景が薄紫色のファイルは、MS04-011と同じもの',
      '確認方法',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates\\Windows 2000\\SP5\\KB885835\\Filelist',
      '予想適用時間',
      '50台',
      '500台',
      '1時間34分',
      '1時間38分',
      '1時間37分',
      '1時間35分',
      '18分',
      '54分',
      'UpdateEXPERT上の表示',
      'UpdateEXPERT 5.1:[展開ビュー]−[OS]タブに「名前:NT4SVR-KB885835-x86-JPN.exe」で登録',
      'UpdateEXPERT 5.1/6.1:サポート対象外',
    ];
    const text = decode(html);
    const missing = expected.filter((s) => !text.includes(s));
    assert.deepEqual(missing, []);
    assert.match(html, /<li class="scale__step scale__step--2 is-current" aria-current="true">2\(重要\)/);
    assert.match(html, /<li class="scale__step scale__step--early is-current" aria-current="true">早期適用/);
    assert.match(
      html,
      /<a class="thread-link" href="\/advisories\/MS04-044\/thread">\s*<span class="thread-link__label">HFR BBS会議室<\/span>/,
    );
    await assertValidHtml(html, 'bulletin');
  });

  it('speaks English with ?lang=en, remembers it in a cookie, and honours Accept-Language', async () => {
    const res = await request(t.http).get('/advisories/MS04-044?lang=en').expect(200);
    assert.match(res.text, /<html lang="en">/);
    assert.match(res.text, /Severity/);
    assert.match(res.text, /2\(Important\)/);
    assert.match(res.text, /Dec 16, 2004/);
    assert.match(res.text, /1 h 34 min/);
    const cookie = res.headers['set-cookie'] as unknown as string[];
    assert.ok(cookie.some((c) => /^lang=en; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/.test(c)));
    const again = await request(t.http).get('/').set('Cookie', 'lang=en').expect(200);
    assert.match(again.text, /<html lang="en">/);
    const byHeader = await request(t.http).get('/').set('Accept-Language', 'en-GB,en;q=0.8').expect(200);
    assert.match(byHeader.text, /<html lang="en">/);
    assert.equal(byHeader.headers['content-language'], 'en');
    const back = await request(t.http).get('/?lang=ja').set('Cookie', 'lang=en').expect(200);
    assert.match(back.text, /<html lang="ja">/);
  });

  it('links related advisories that exist and shows the others as plain ids', async () => {
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS04-011', updatedOn: '2004-04-14', registeredOn: '2004-04-14' })]);
    const html = (await request(t.http).get('/advisories/MS04-044').expect(200)).text;
    assert.match(html, /<li class="chip"><a href="\/advisories\/MS04-011">MS04-011<\/a><\/li>/);
    assert.match(html, /<li class="chip">MS04-032<\/li>/);
  });

  it('redirects lower-case ids to the canonical address, keeping the rest of it', async () => {
    await request(t.http).get('/advisories/ms04-044').expect(301).expect('Location', '/advisories/MS04-044');
    await request(t.http).get('/advisories/Ms04-044/thread?page=2').expect(301).expect('Location', '/advisories/MS04-044/thread?page=2');
    await request(t.http).get('/advisories/ms04-044.json').expect(301).expect('Location', '/advisories/MS04-044.json');
  });

  it('answers unknown and malformed ids with a readable 404 page', async () => {
    for (const path of [
      '/advisories/MS99-999',
      '/advisories/nonsense',
      '/advisories/%E0%A4%A',
      '/advisories/MS99-999/thread',
      '/no/such/page',
      '/advisories/__proto__',
    ]) {
      const res = await request(t.http).get(path).set('Accept', 'text/html');
      assert.ok(res.status === 404 || res.status === 400, `${path} → ${res.status}`);
      assert.match(res.text, /<html lang="ja">/);
      assert.doesNotMatch(res.text, /at .*\.js:\d+|Error:|node_modules/);
    }
    const res = await request(t.http).get('/advisories/MS99-999').expect(404);
    assert.match(res.text, /ページが見つかりません/);
    await assertValidHtml(res.text, '404');
    const json = await request(t.http).get('/advisories/MS99-999.json').expect(404).expect('Content-Type', /json/);
    assert.equal((json.body as { status: number }).status, 404);
  });

  it('hides drafts from everyone but editors: page, export and thread', async () => {
    const draft = buildAdvisoryDoc({ id: 'MS05-001' });
    await createAdvisories(t.app, [draft], false);
    await request(t.http).get('/advisories/MS05-001').expect(404);
    await request(t.http).get('/advisories/MS05-001.json').expect(404);
    await request(t.http).get('/advisories/MS05-001/thread').expect(404);
    const index = (await request(t.http).get('/').expect(200)).text;
    assert.doesNotMatch(index, /MS05-001/);
    for (const role of [Role.Subscriber, Role.Moderator]) {
      const { agent } = await signedInAgent(t.app, role);
      await agent.get('/advisories/MS05-001').expect(404);
    }
    for (const role of [Role.Editor, Role.Admin]) {
      const { agent } = await signedInAgent(t.app, role);
      const page = await agent.get('/advisories/MS05-001').expect(200);
      assert.match(page.text, /これは未公開の下書きです/);
      await agent.get('/advisories/MS05-001.json').expect(200);
      const published = await agent.get('/advisories/MS04-044').expect(200);
      assert.doesNotMatch(published.text, /未公開の下書き/);
    }
  });

  it('serves pages with a strict CSP and no inline script', async () => {
    for (const path of ['/', '/advisories/MS04-044', '/advisories/MS04-044/thread']) {
      const res = await request(t.http).get(path).expect(200);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
      assert.doesNotMatch(res.text, /<script|\son[a-z]+=|style="/i);
    }
  });

  it('serves the stylesheet with a long cache lifetime', async () => {
    const html = (await request(t.http).get('/').expect(200)).text;
    const href = /href="(\/static\/css\/app\.css\?v=[0-9a-f]+)"/.exec(html)?.[1];
    assert.ok(href);
    const css = await request(t.http)
      .get(href)
      .expect(200)
      .expect('Content-Type', /text\/css/);
    assert.match(String(css.headers['cache-control']), /max-age=31536000/);
  });
});

/** The page text with the entities Handlebars writes turned back into characters. */
function decode(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x3D;/g, '=');
}
