import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';
import { AdvisoryPlatform } from '../../src/advisories/advisory-platform.entity';
import { Advisory } from '../../src/advisories/advisory.entity';
import { runCli } from '../../src/cli';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { buildAdvisoryDoc, createAdvisories, faultyReferenceDocument, referenceDocument } from '../factories/advisory.factory';
import { fieldError, fieldValue, formSubmission } from '../support/forms';
import { assertValidHtml } from '../support/html';
import { htmlMsg, msg } from '../support/i18n';
import { member, Member, resubmit, submit } from '../support/members';
import { createTestApp, TestApp } from '../support/test-app';

const audit = (t: TestApp, id: string) => t.em().find(AuditEntry, { targetType: 'advisory', targetId: id }, { orderBy: { id: 'asc' } });
const text = (html: string) => DomUtils.textContent(parseDocument(html)).replace(/\s+/g, ' ');
/** The page's text (entities decoded) contains the words. */
const has = (html: string, words: string) => assert.ok(text(html).includes(words), `"${words}" not on the page`);

const dir = mkdtempSync(join(tmpdir(), 'hfr-editor-'));

describe('advisory editor', () => {
  let t: TestApp;
  let editor: Member;
  let subscriber: Member;
  before(async () => {
    t = await createTestApp();
    editor = await member(t, Role.Editor);
    subscriber = await member(t);
  });
  after(() => t.close());

  describe('who may use it', () => {
    it('is for editors and admins: guests are asked to sign in, subscribers and moderators refused', async () => {
      await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS09-001' })], false);
      const moderator = await member(t, Role.Moderator);
      const admin = await member(t, Role.Admin);
      const pages = [
        '/editor',
        '/advisories/new',
        '/advisories/import',
        '/advisories/MS09-001/edit',
        '/advisories/MS09-001/preview',
        '/advisories/MS09-001/unpublish',
      ];
      for (const path of pages) {
        await request(t.http).get(path).expect(401);
        await subscriber.agent.get(path).expect(403);
        await moderator.agent.get(path).expect(403);
        // A draft has nothing to unpublish: its preview instead.
        await admin.agent.get(path).expect(path.endsWith('/unpublish') ? 303 : 200);
      }
      for (const path of [
        '/advisories/new',
        '/advisories/MS09-001/edit',
        '/advisories/MS09-001/publish',
        '/advisories/MS09-001/unpublish',
      ]) {
        const res = await submit(subscriber, path, { title: 'x', reason: 'x' });
        assert.equal(res.status, 403, path);
      }
      // The draft itself looks like a missing page to everyone but editors.
      for (const path of ['/advisories/MS09-001', '/advisories/MS09-001.json', '/advisories/MS09-001/thread']) {
        await request(t.http).get(path).expect(404);
        await subscriber.agent.get(path).expect(404);
      }
      assert.equal((await t.em().findOneOrFail(Advisory, 'MS09-001')).status, 'draft');
      assert.equal((await audit(t, 'MS09-001')).length, 0);
    });

    it('links the listing from the header for editors only', async () => {
      const forEditor = await editor.agent.get('/').expect(200);
      assert.match(forEditor.text, /href="\/editor"/);
      const forSubscriber = await subscriber.agent.get('/').expect(200);
      assert.doesNotMatch(forSubscriber.text, /href="\/editor"/);
    });
  });

  describe('the form', () => {
    it('creates a draft with repeating groups, rows added by buttons without script and input kept', async () => {
      let page = await editor.agent.get('/advisories/new').expect(200);
      await assertValidHtml(page.text, 'new form');
      assert.equal(fieldValue(page.text, 'platforms.0.key'), '', 'one empty platform row to start with');

      // Fill in the basics and the first platform, then ask for a second platform row.
      page = await resubmit(
        editor,
        page.text,
        '/advisories/new',
        {
          id: 'ms10-001',
          title: '新しいセキュリティ情報',
          'kb.0': '975025',
          registeredOn: '2010-01-12',
          updatedOn: '2010-01-12',
          severity: '1',
          countermeasure: 'urgent',
          exploitCodePublic: 'false',
          rebootRequired: 'true',
          summary: '一段落目。\n\n二段落目。',
          'platforms.0.key': 'win2000-sp4',
          'platforms.0.label': 'Windows 2000 SP4',
          'platforms.0.product': 'Windows 2000',
        },
        { name: 'add', value: 'platforms' },
      );
      assert.equal(page.status, 200);
      assert.match(
        formSubmission(page.text, '/advisories/new', { name: 'add', value: 'packages' }).action,
        /^\/advisories\/new#f-packages-0-row$/,
        'the next add button scrolls to the row it makes',
      );
      assert.equal(fieldValue(page.text, 'title'), '新しいセキュリティ情報', 'what was typed is kept');
      assert.equal(fieldValue(page.text, 'summary'), '一段落目。\n\n二段落目。');
      assert.equal(fieldValue(page.text, 'platforms.1.key'), '', 'the new row');
      assert.equal(await t.em().count(Advisory, { id: 'MS10-001' }), 0, 'adding a row writes nothing');

      page = await resubmit(
        editor,
        page.text,
        '/advisories/new',
        { 'platforms.1.key': 'ws2003', 'platforms.1.label': 'Windows Server 2003', 'platforms.1.product': 'Windows Server 2003' },
        { name: 'add', value: 'packages' },
      );
      page = await resubmit(editor, page.text, '/advisories/new', {}, { name: 'add', value: 'references' });
      page = await resubmit(editor, page.text, '/advisories/new', {}, { name: 'add', value: 'editorNotes' });
      page = await resubmit(editor, page.text, '/advisories/new', {}, { name: 'add', value: 'packages.0.files' });
      page = await resubmit(editor, page.text, '/advisories/new', {}, { name: 'add', value: 'packages.0.files' });
      page = await resubmit(editor, page.text, '/advisories/new', {}, { name: 'add', value: 'labTestedOn' });
      assert.equal(page.status, 200);
      await assertValidHtml(page.text, 'form with rows added');
      // The package offers the platforms typed above as checkboxes.
      assert.match(page.text, /name="packages\.0\.platforms" value="ws2003"/);

      const fields = {
        'packages.0.platforms': 'ws2003',
        'packages.0.fileName': 'WindowsServer2003-KB975025-x86-JPN.exe',
        'packages.0.date': '2009-12-01',
        'packages.0.version': '1.0.0.0',
        'packages.0.size': '1,234,567',
        'packages.0.deployMinutes.50': '12',
        'packages.0.deployMinutes.500': '80',
        'packages.0.files.0.folder': '%SystemRoot%\\system32\\',
        'packages.0.files.0.name': 'a.dll',
        'packages.0.files.0.date': '2009-11-30',
        'packages.0.files.0.version': '5.2.3790.4000',
        'packages.0.files.0.size': '1000',
        'packages.0.files.1.folder': '%SystemRoot%\\system32\\',
        'packages.0.files.1.name': 'b.dll',
        'packages.0.files.1.date': '2009-11-30',
        'packages.0.files.1.version': '5.2.3790.4000',
        'packages.0.files.1.size': '2000',
        'packages.0.files.1.sameAs': 'ms09-050',
        'references.0.kind': 'kb',
        'references.0.label': '975025',
        'references.0.url': 'https://support.example/kb/975025',
        'editorNotes.0.title': '注意点',
        'editorNotes.0.body': '再起動が必要。',
        'editorNotes.0.references': '975025',
        'labTestedOn.0': 'Windows Server 2003, Standard Edition',
      };
      const saved = await resubmit(editor, page.text, '/advisories/new', fields);
      assert.equal(saved.status, 303, text(saved.text).slice(0, 500));
      assert.equal(saved.headers.location, '/advisories/MS10-001/edit');

      const a = await t.em().findOneOrFail(Advisory, 'MS10-001', { populate: ['platforms'] });
      assert.equal(a.status, 'draft');
      assert.deepEqual(a.kb, ['975025']);
      assert.equal(a.summary, '一段落目。\n\n二段落目。', 'textarea line ends are stored as LF');
      assert.deepEqual(
        a.platforms.getItems().map((p) => p.key),
        ['win2000-sp4', 'ws2003'],
      );
      assert.equal(a.packages[0].size, 1234567);
      assert.deepEqual(a.packages[0].deployMinutes, { 50: 12, 500: 80 });
      assert.deepEqual(
        a.packages[0].files.map((f) => [f.name, f.sameAs]),
        [
          ['a.dll', undefined],
          ['b.dll', 'MS09-050'],
        ],
      );
      assert.deepEqual(a.editorNotes, [{ title: '注意点', body: '再起動が必要。', references: ['975025'] }]);
      assert.equal(a.exploitCodePublic, false);
      assert.equal(a.uninstallable, null);
      const entries = await audit(t, 'MS10-001');
      assert.deepEqual(
        entries.map((e) => [e.action, e.actorName]),
        [['advisory.create', editor.user.username]],
      );

      const edit = await editor.agent.get('/advisories/MS10-001/edit').expect(200);
      has(edit.text, msg('editor.flash.created'));
      await assertValidHtml(edit.text, 'edit form');
      const listing = await editor.agent.get('/editor').expect(200);
      await assertValidHtml(listing.text, 'listing');
      assert.match(
        text(listing.text),
        new RegExp(`MS10-001.*${msg('editor.status.draft')}.*${msg('editor.action.create')} · ${editor.user.username}`),
      );
    });

    it('refuses a bad form with 422: messages beside the fields and in a summary, input kept verbatim, nothing written', async () => {
      const doc = buildAdvisoryDoc({ id: 'MS10-002' });
      await createAdvisories(
        t.app,
        [
          {
            ...doc,
            packages: [
              {
                platforms: ['ws2003'],
                fileName: 'x.exe',
                date: '2010-01-01',
                version: '1.0',
                size: 10,
                files: [{ folder: 'C:\\', name: 'y.dll', date: '2010-01-01', version: '1.0', size: 5 }],
              },
            ],
          },
        ],
        false,
      );
      const before = await t.em().findOneOrFail(Advisory, 'MS10-002');
      const page = await editor.agent.get('/advisories/MS10-002/edit').expect(200);
      const res = await resubmit(editor, page.text, '/advisories/MS10-002/edit', {
        title: '   ',
        'packages.0.files.0.size': '12 KB',
        'platforms.1.key': 'Windows 2003',
        'packages.0.deployMinutes.100': '-3',
        updatedOn: '2008-01-01',
      });
      assert.equal(res.status, 422);
      await assertValidHtml(res.text, '422 form');
      assert.equal(fieldError(res.text, 'f-packages-0-files-0-size'), msg('editor.problem.size'));
      assert.equal(fieldError(res.text, 'f-title'), msg('editor.problem.required'));
      assert.equal(fieldError(res.text, 'f-platforms-1-key'), msg('editor.problem.platformKey'));
      assert.equal(fieldError(res.text, 'f-packages-0-deployMinutes-100'), msg('editor.problem.minutes'));
      assert.equal(fieldError(res.text, 'f-updatedOn'), msg('editor.problem.updatedBeforeRegistered'));
      assert.equal(fieldValue(res.text, 'packages.0.files.0.size'), '12 KB', 'typed input comes back as typed');
      assert.equal(fieldValue(res.text, 'platforms.1.key'), 'Windows 2003');
      // The summary at the top names each field and links to it.
      const summary = text(res.text);
      assert.ok(
        summary.includes(
          `${msg('editor.row.package', { n: 1 })} › ${msg('editor.row.file', { n: 1 })} › ${msg('editor.field.size')}: ${msg('editor.problem.size')}`,
        ),
        summary,
      );
      assert.match(res.text, /<a href="#f-packages-0-files-0-size">/);
      assert.match(res.text, /aria-invalid="true" aria-describedby="f-packages-0-files-0-size-error"/);
      const after = await t.em().findOneOrFail(Advisory, 'MS10-002');
      assert.deepEqual(after.packages, before.packages);
      assert.equal(after.title, before.title);
      assert.equal((await audit(t, 'MS10-002')).length, 0);
    });

    it('removes ticked rows, and refuses a field the form does not have (prototype names included)', async () => {
      const page = await editor.agent.get('/advisories/MS10-001/edit').expect(200);
      const refreshed = await resubmit(
        editor,
        page.text,
        '/advisories/MS10-001/edit',
        { 'packages.0.files.0._remove': '1' },
        { name: 'do', value: 'refresh' },
      );
      assert.equal(refreshed.status, 200);
      assert.equal(fieldValue(refreshed.text, 'packages.0.files.0.name'), 'b.dll');
      assert.equal(fieldValue(refreshed.text, 'packages.0.files.1.name'), undefined);
      const saved = await resubmit(editor, refreshed.text, '/advisories/MS10-001/edit');
      assert.equal(saved.status, 303);
      assert.deepEqual(
        (await t.em().findOneOrFail(Advisory, 'MS10-001')).packages[0].files.map((f) => f.name),
        ['b.dll'],
      );
      const edit = (await audit(t, 'MS10-001')).pop()!;
      assert.equal(edit.action, 'advisory.edit');
      assert.deepEqual(edit.detail?.changed, ['packages']);

      for (const name of ['__proto__.polluted', 'constructor.prototype.polluted', 'packages.0.__proto__', 'role']) {
        const res = await resubmit(editor, page.text, '/advisories/MS10-001/edit', { [name]: 'yes' });
        assert.equal(res.status, 422, name);
        has(res.text, msg('form.unknownField'));
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('keeps the id fixed once created, refuses a second advisory with an existing id, and a form saved over a newer save', async () => {
      const page = await editor.agent.get('/advisories/MS10-001/edit').expect(200);
      assert.equal(fieldValue(page.text, 'id'), undefined, 'the edit form has no id field');
      const renamed = await resubmit(editor, page.text, '/advisories/MS10-001/edit', { id: 'MS10-099', title: '改名' });
      assert.equal(renamed.status, 422);
      has(renamed.text, msg('editor.problem.idFixed'));
      assert.equal(await t.em().count(Advisory, { id: 'MS10-099' }), 0);
      assert.notEqual((await t.em().findOneOrFail(Advisory, 'MS10-001')).title, '改名');

      const fresh = await editor.agent.get('/advisories/new').expect(200);
      const taken = await resubmit(editor, fresh.text, '/advisories/new', {
        id: 'MS10-001',
        title: '重複',
        severity: '2',
        countermeasure: 'early',
        'platforms.0.key': 'x',
        'platforms.0.label': 'X',
        'platforms.0.product': 'X',
      });
      assert.equal(taken.status, 422);
      assert.equal(fieldError(taken.text, 'f-id'), msg('editor.problem.idTaken'));

      // Someone saves in between: the older form is refused with its input kept.
      const other = await member(t, Role.Editor);
      const theirs = await other.agent.get('/advisories/MS10-001/edit').expect(200);
      assert.equal((await resubmit(other, theirs.text, '/advisories/MS10-001/edit', { title: '先に保存' })).status, 303);
      const stale = await resubmit(editor, page.text, '/advisories/MS10-001/edit', { title: '後から保存' });
      assert.equal(stale.status, 422);
      has(stale.text, msg('editor.problem.staleRevision'));
      assert.equal(fieldValue(stale.text, 'title'), '後から保存');
      assert.equal((await t.em().findOneOrFail(Advisory, 'MS10-001')).title, '先に保存');
    });

    it('speaks English with ?lang=en', async () => {
      const page = await editor.agent.get('/advisories/new?lang=en').expect(200);
      assert.match(page.text, /<h1 class="page-title">New advisory<\/h1>/);
      assert.match(page.text, /Add a package/);
      await editor.agent.get('/?lang=ja').expect(200);
    });
  });

  describe('preview, publish and unpublish', () => {
    it('previews the draft exactly as the bulletin page, with a banner, for editors only', async () => {
      const res = await editor.agent.get('/advisories/MS10-001/preview').expect(200);
      await assertValidHtml(res.text, 'preview');
      has(res.text, msg('editor.preview.bannerDraft'));
      assert.match(res.text, /<h1 id="bulletin-title" class="bulletin__title">先に保存<\/h1>/);
      assert.match(res.text, /a\.dll|b\.dll/);
      await subscriber.agent.get('/advisories/MS10-001/preview').expect(403);
      await request(t.http).get('/advisories/MS10-001/preview').expect(401);
    });

    it('publishes: the thread is created, the advisory is on the board and its thread open to guests', async () => {
      assert.equal(await t.em().count(Thread, { advisory: 'MS10-001' }), 0);
      const res = await submit(editor, '/advisories/MS10-001/publish');
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/advisories/MS10-001');
      const a = await t.em().findOneOrFail(Advisory, 'MS10-001');
      assert.equal(a.status, 'published');
      assert.ok(a.publishedAt);
      assert.equal(await t.em().count(Thread, { advisory: 'MS10-001' }), 1);
      assert.match((await request(t.http).get('/').expect(200)).text, /MS10-001/);
      await request(t.http).get('/advisories/MS10-001').expect(200);
      await request(t.http).get('/advisories/MS10-001/thread').expect(200);
      // Publishing twice changes nothing and records nothing.
      assert.equal((await submit(editor, '/advisories/MS10-001/publish')).status, 303);
      assert.equal(await t.em().count(Thread, { advisory: 'MS10-001' }), 1);
      assert.deepEqual((await audit(t, 'MS10-001')).filter((e) => e.action === 'advisory.publish').length, 1);
    });

    it('unpublishes with a reason: bulletin, thread, posts and embeds are gone for guests, and come back on republish', async () => {
      const poster = await member(t);
      const posted = await submit(poster, '/advisories/MS10-001/thread', {
        body: '問題なく適用できた。',
        outcome: 'success',
        platform: 'ws2003',
        hosts: '3',
        software: '',
      });
      assert.equal(posted.status, 303);
      const post = await t.em().findOneOrFail(Post, { thread: { advisory: 'MS10-001' }, number: 1 });
      const thread = await t.em().findOneOrFail(Thread, { advisory: 'MS10-001' });
      const publicAddresses = [
        '/advisories/MS10-001',
        '/advisories/MS10-001.json',
        '/advisories/MS10-001/thread',
        `/posts/${post.id}`,
        '/advisories/MS10-001/summary.json',
        '/advisories/MS10-001/embed',
        '/advisories/MS10-001/badge.svg',
        '/advisories/MS10-001/bulletin.txt',
        '/advisories/MS10-001/known-issues',
      ];
      for (const path of publicAddresses)
        await request(t.http)
          .get(path)
          .expect((r) => assert.ok(r.status === 200 || r.status === 302, `${path}: ${r.status}`));

      const form = await editor.agent.get('/advisories/MS10-001/unpublish').expect(200);
      await assertValidHtml(form.text, 'unpublish form');
      const noReason = await submit(editor, '/advisories/MS10-001/unpublish', { reason: '  ' });
      assert.equal(noReason.status, 422);
      await assertValidHtml(noReason.text, 'unpublish 422');
      assert.equal((await t.em().findOneOrFail(Advisory, 'MS10-001')).status, 'published');

      const res = await submit(editor, '/advisories/MS10-001/unpublish', { reason: 'KB番号の誤りを確認中' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/editor');
      for (const path of publicAddresses) {
        await request(t.http).get(path).expect(404);
        await poster.agent.get(path).expect(404);
      }
      assert.doesNotMatch((await request(t.http).get('/').expect(200)).text, /MS10-001/);
      // Kept, unseen: the thread and its post.
      assert.equal((await t.em().findOneOrFail(Thread, { advisory: 'MS10-001' })).id, thread.id);
      assert.equal(await t.em().count(Post, { thread }), 1);
      const unpublished = (await audit(t, 'MS10-001')).pop()!;
      assert.equal(unpublished.action, 'advisory.unpublish');
      assert.equal(unpublished.reason, 'KB番号の誤りを確認中');
      const listing = await editor.agent.get('/editor').expect(200);
      assert.match(text(listing.text), /公開を取り消しました/);
      assert.match(
        text(listing.text),
        new RegExp(`MS10-001.*${msg('editor.status.draft')}.*${msg('editor.action.unpublish')}.*KB番号の誤りを確認中`),
      );

      assert.equal((await submit(editor, '/advisories/MS10-001/publish')).status, 303);
      assert.equal((await t.em().findOneOrFail(Thread, { advisory: 'MS10-001' })).id, thread.id, 'the same thread comes back');
      const back = await request(t.http).get('/advisories/MS10-001/thread').expect(200);
      assert.match(back.text, /問題なく適用できた。/);
      await request(t.http).get(`/posts/${post.id}`).expect(302);
      assert.deepEqual((await audit(t, 'MS10-001')).map((e) => e.action).slice(-3), [
        'advisory.publish',
        'advisory.unpublish',
        'advisory.publish',
      ]);
    });

    it('shows the editor actions in the audit log', async () => {
      const log = await editor.agent.get('/mod/log?advisory=MS10-001').expect(200);
      for (const action of ['advisory.create', 'advisory.edit', 'advisory.publish', 'advisory.unpublish'])
        assert.ok(log.text.includes(`title="${action}">${htmlMsg(`audit.action.${action}`)}</td>`), action);
      assert.match(log.text, /KB番号の誤りを確認中/);
    });

    it('edits a published advisory in place: platform rows keep their ids and field reports stay attached', async () => {
      await createAdvisories(t.app, [referenceDocument()], true);
      const poster = await member(t);
      const posted = await submit(poster, '/advisories/MS04-044/thread', {
        body: 'バックアップが失敗する。',
        outcome: 'problem',
        platform: 'win2000-sp4',
        hosts: '40',
        software: 'VERITAS Backup Exec 8.6',
      });
      assert.equal(posted.status, 303);
      const platformsBefore = await t.em().find(AdvisoryPlatform, { advisory: 'MS04-044' }, { orderBy: { position: 'asc' } });
      const page = await editor.agent.get('/advisories/MS04-044/edit').expect(200);
      has(page.text, msg('editor.edit.publishedNote'));
      const saved = await resubmit(editor, page.text, '/advisories/MS04-044/edit', {
        title: '改訂: Windowsカーネルの脆弱性',
        'platforms.3.label': 'Windows 2000 Service Pack 4',
      });
      assert.equal(saved.status, 303);
      const a = await t.em().findOneOrFail(Advisory, 'MS04-044', { populate: ['platforms'] });
      assert.equal(a.status, 'published', 'editing keeps it published');
      assert.deepEqual(
        a.platforms.getItems().map((p) => [p.id, p.key]),
        platformsBefore.map((p) => [p.id, p.key]),
      );
      assert.equal(a.platforms.getItems()[3].label, 'Windows 2000 Service Pack 4');
      const report = await t.em().findOneOrFail(FieldReport, { post: { thread: { advisory: 'MS04-044' } } }, { populate: ['platform'] });
      assert.equal(report.platform?.getEntity().key, 'win2000-sp4');
      const thread = await request(t.http).get('/advisories/MS04-044/thread').expect(200);
      assert.match(thread.text, /Windows 2000 Service Pack 4/);
      assert.match((await request(t.http).get('/advisories/MS04-044').expect(200)).text, /改訂: Windowsカーネルの脆弱性/);
    });
  });

  describe('JSON upload', () => {
    const upload = (
      m: Member,
      file: { name: string; content: string | Buffer } | null,
      fields: Record<string, string> = {},
      token: string | null = m.csrf,
      query = '',
    ) => {
      let req = m.agent.post(`/advisories/import${query}`);
      if (token !== null) req = req.field('_csrf', token);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      if (file)
        req = req.attach('file', Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), {
          filename: file.name,
          contentType: 'application/json',
        });
      else if (!Object.keys(fields).length && token === null) req = req.field('json', '');
      return req;
    };

    it('shows the upload form', async () => {
      const page = await editor.agent.get('/advisories/import').expect(200);
      await assertValidHtml(page.text, 'import form');
      assert.match(page.text, /enctype="multipart\/form-data"/);
    });

    it('refuses an upload without the CSRF token, with a wrong one, or from another origin: 403 and nothing written', async () => {
      const doc = JSON.stringify(buildAdvisoryDoc({ id: 'MS11-001' }));
      assert.equal((await upload(editor, { name: 'a.json', content: doc }, {}, null)).status, 403);
      assert.equal((await upload(editor, { name: 'a.json', content: doc }, {}, 'x'.repeat(43))).status, 403);
      assert.equal((await upload(editor, { name: 'a.json', content: doc }).set('Origin', 'https://evil.example')).status, 403);
      assert.equal((await upload(subscriber, { name: 'a.json', content: doc })).status, 403);
      assert.equal(await t.em().count(Advisory, { id: 'MS11-001' }), 0);
      // A multipart post anywhere else finds no token at all.
      assert.equal(
        (await editor.agent.post('/advisories/MS10-001/unpublish').field('_csrf', editor.csrf).field('reason', 'x')).status,
        403,
      );
    });

    it('imports a valid file as a draft, or published with its thread, with audit entries', async () => {
      const res = await upload(editor, { name: 'ms11-002.json', content: JSON.stringify(buildAdvisoryDoc({ id: 'MS11-002' })) });
      assert.equal(res.status, 303, text(res.text).slice(0, 300));
      assert.equal(res.headers.location, '/editor');
      assert.equal((await t.em().findOneOrFail(Advisory, 'MS11-002')).status, 'draft');
      const listing = await editor.agent.get('/editor').expect(200);
      assert.match(text(listing.text), new RegExp(`MS11-002: ${msg('editor.import.created')} · ${msg('editor.status.draft')}`));

      const pub = await upload(
        editor,
        { name: 'ms11-003.json', content: JSON.stringify([buildAdvisoryDoc({ id: 'MS11-003' }), buildAdvisoryDoc({ id: 'MS11-004' })]) },
        { publish: 'on' },
      );
      assert.equal(pub.status, 303);
      for (const id of ['MS11-003', 'MS11-004']) {
        assert.equal((await t.em().findOneOrFail(Advisory, id)).status, 'published');
        assert.equal(await t.em().count(Thread, { advisory: id }), 1);
        assert.deepEqual(
          (await audit(t, id)).map((e) => [e.action, e.actorName, e.detail?.via]),
          [
            ['advisory.import', editor.user.username, 'upload'],
            ['advisory.publish', editor.user.username, 'upload'],
          ],
        );
      }
    });

    it('accepts pasted JSON instead of a file', async () => {
      const res = await upload(editor, null, { json: JSON.stringify(buildAdvisoryDoc({ id: 'MS11-005' })) });
      assert.equal(res.status, 303);
      assert.equal(await t.em().count(Advisory, { id: 'MS11-005' }), 1);
    });

    it("lists the problems of a bad file as the CLI does, in the page's language, keeps the pasted text, and writes nothing (arrays all or nothing)", async () => {
      const bad = faultyReferenceDocument('MS11-010');
      const good = buildAdvisoryDoc({ id: 'MS11-011' });
      const content = JSON.stringify([good, bad], null, 2);
      const res = await upload(editor, { name: 'batch.json', content });
      assert.equal(res.status, 422);
      await assertValidHtml(res.text, 'import 422');

      // The same file through the command line: the same problems at the same places, the CLI's in English.
      const path = join(dir, 'batch.json');
      writeFileSync(path, content);
      const err: string[] = [];
      assert.equal(await runCli(['advisories:import', path], { log: () => undefined, error: (s) => err.push(s) }, t.config), 1);
      const cliLines = err
        .join('\n')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(path, 'batch.json'));
      assert.ok(cliLines.includes('batch.json: [1].packages[2].files[5].size: must be a non-negative integer'));
      assert.equal(cliLines[cliLines.length - 1], '2 problems found; nothing was imported.');
      const shown = DomUtils.findAll((e) => e.name === 'code', parseDocument(res.text).children).map((e) => DomUtils.textContent(e));
      const place = (line: string) => line.split(': ').slice(0, 2).join(': ');
      assert.deepEqual(shown.map(place), cliLines.slice(0, -1).map(place));
      assert.ok(shown.includes(`batch.json: [1].packages[2].files[5].size: ${msg('editor.problem.size')}`), shown.join('\n'));
      assert.ok(text(res.text).includes(msg('editor.import.summary', { count: 2 })));
      const english = await upload(editor, { name: 'batch.json', content }, {}, editor.csrf, '?lang=en');
      await editor.agent.get('/?lang=ja').expect(200); // the editor's pages stay Japanese for the tests after this one
      assert.ok(text(english.text).includes('batch.json: [1].packages[2].files[5].size: A whole number of bytes (0 or more).'));
      assert.ok(text(english.text).includes('2 problems in all.'));
      assert.equal(await t.em().count(Advisory, { id: { $in: ['MS11-010', 'MS11-011'] } }), 0, 'the valid one is not written either');

      const pasted = await upload(editor, null, { json: '{"id": "MS11-012",' });
      assert.equal(pasted.status, 422);
      assert.ok(text(pasted.text).includes(`${msg('editor.import.pastedName')}: (file): ${msg('editor.problem.notJson', { detail: '' })}`));
      assert.equal(fieldValue(pasted.text, 'json'), '{"id": "MS11-012",');
      const twice = await upload(editor, null, { json: JSON.stringify([good, good]) });
      assert.ok(text(twice.text).includes(`MS11-011: ${msg('editor.problem.duplicateId')}`));
    });

    it('refuses what is no JSON file, nothing at all, both at once, and files over the limit', async () => {
      const notJson = await editor.agent
        .post('/advisories/import')
        .field('_csrf', editor.csrf)
        .attach('file', Buffer.from('MZ...'), { filename: 'patch.exe', contentType: 'application/octet-stream' });
      assert.equal(notJson.status, 422);
      has(notJson.text, msg('editor.import.notJson'));
      const nothing = await upload(editor, null, { json: '  ' });
      assert.equal(nothing.status, 422);
      has(nothing.text, msg('editor.import.nothing'));
      const both = await upload(editor, { name: 'a.json', content: '{}' }, { json: '{}' });
      assert.equal(both.status, 422);
      const huge = await upload(editor, { name: 'huge.json', content: Buffer.alloc(1024 * 1024 + 10, 0x20) });
      assert.equal(huge.status, 413);
      has(huge.text, msg('editor.import.tooLarge', { size: 1024 }));
      await assertValidHtml(huge.text, 'import 413');
    });
  });

  describe('round trip', () => {
    it('uploads MS04-044, submits its edit form unchanged, and exports the very same bytes', async () => {
      const seed = referenceDocument();
      seed.id = 'MS04-045';
      const res = await editor.agent
        .post('/advisories/import')
        .field('_csrf', editor.csrf)
        .attach('file', Buffer.from(JSON.stringify(seed, null, 2)), { filename: 'MS04-045.json', contentType: 'application/json' });
      assert.equal(res.status, 303);
      const before = (await editor.agent.get('/advisories/MS04-045.json').expect(200)).text;
      assert.equal(before, JSON.stringify(seed));

      const page = await editor.agent.get('/advisories/MS04-045/edit').expect(200);
      await assertValidHtml(page.text, 'edit form of the reference bulletin');
      const form = formSubmission(page.text, '/advisories/MS04-045/edit', { name: 'do', value: 'save' });
      assert.ok(form.fields.length > 200, `the reference bulletin is a big form (${form.fields.length} fields)`);
      const saved = await editor.agent.post('/advisories/MS04-045/edit').type('form').send(form.body);
      assert.equal(saved.status, 303, text(saved.text).slice(0, 500));
      const afterText = (await editor.agent.get('/advisories/MS04-045.json').expect(200)).text;
      assert.equal(afterText, before);
      const edit = (await audit(t, 'MS04-045')).pop()!;
      assert.equal(edit.action, 'advisory.edit');
      assert.deepEqual(edit.detail?.changed, [], 'nothing changed');
    });
  });
});
