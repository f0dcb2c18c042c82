import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import request from 'supertest';
import { AdvisoryDocument } from '../../src/advisories/advisory-format';
import { Advisory } from '../../src/advisories/advisory.entity';
import { Citation } from '../../src/citations/citation.entity';
import { MAX_CITATIONS } from '../../src/citations/citations.service';
import { runCli } from '../../src/cli';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { BULLETIN, ID, KI, THREAD } from '../support/board';
import { all, El, elementById, hasClass, one, textOf } from '../support/dom';
import { fieldError, fieldValue } from '../support/forms';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { member, Member, resubmit, submit } from '../support/members';
import { issueThroughForm, postThroughForm } from '../support/posting';
import { createTestApp, TestApp } from '../support/test-app';

// Editors cite a post or a known issue by pasting its address into an editor note; the cited item is a
// link on the bulletin, and links back to the bulletin from the thread and the known-issue pages.

/** The advisory's edit form sent back as a browser would, with some fields changed and 保存 clicked. */
async function saveForm(m: Member, id: string, changes: Record<string, string>) {
  const page = await m.agent.get(`/advisories/${id}/edit`).expect(200);
  return resubmit(m, page.text, `/advisories/${id}/edit`, changes);
}

/** A known issue with only what the form requires; returns its id. */
async function createIssue(t: TestApp, m: Member, title: string, advisoryId = ID): Promise<number> {
  return (await issueThroughForm(t, m, { title, symptom: `${title}の症状。`, status: 'confirmed', note: '報告が複数ある。' }, advisoryId))
    .id;
}

const citationsOf = async (t: TestApp, id: string) =>
  (await t.em().find(Citation, { advisory: id }, { orderBy: [{ noteIndex: 'asc' }, { kind: 'asc' }, { targetId: 'asc' }] })).map(
    (c) => `${c.noteIndex}:${c.kind}:${c.targetId}`,
  );

/** The links inside an element, as [text, href]. */
const linksIn = (e: El | null) => (e ? all(e, (x) => x.name === 'a').map((a) => [textOf(a), a.attribs.href]) : []);
/** The cited items of a note that are links, as [label, href] (the note's reference links left out). */
const citedIn = (e: El | null) =>
  e ? all(e, (x) => x.name === 'a' && hasClass(x, 'citation')).map((a) => [textOf(a), a.attribs.href]) : [];
/** The cited items of a note that are not links: their text. */
const unlinkedIn = (e: El | null) => (e ? all(e, (x) => hasClass(x, 'citation--unavailable')).map(textOf) : []);
const backlink = (advisoryId: string, note: number) => [
  msg('citation.citedBy', { advisory: advisoryId }),
  `/advisories/${advisoryId}#note-${note}`,
];

const dir = mkdtempSync(join(tmpdir(), 'hfr-citations-'));

describe('citations from editor notes', () => {
  let t: TestApp;
  let base: string;
  let editor: Member;
  let moderator: Member;
  let author: Member;
  let report: Post;
  let issueId: number;
  const issueTitle = 'Backup Exec 8.6 のスケジュール・バックアップが失敗する';

  before(async () => {
    t = await createTestApp();
    base = t.config.publicBaseUrl;
    await createAdvisories(t.app, [referenceDocument()]);
    editor = await member(t, Role.Editor);
    moderator = await member(t, Role.Moderator);
    author = await member(t);
    report = await postThroughForm(t, author, { body: 'Backup Exec のジョブが 57480 で失敗した。' });
    issueId = await createIssue(t, moderator, issueTitle);
  });
  after(() => t.close());

  it('an editor cites a post and a known issue in a note through the form: links on the bulletin, backlinks beside them', async () => {
    const body = `現場の報告 /posts/${report.id} を参照。\n既知の問題は ${base}${KI}#ki${issueId} にまとめた。`;
    const res = await saveForm(editor, ID, { 'editorNotes.2.body': body });
    assert.equal(res.status, 303, fieldError(res.text, 'f-editorNotes-2-body') ?? res.text.slice(0, 300));
    assert.deepEqual(await citationsOf(t, ID), [`2:known-issue:${issueId}`, `2:post:${report.id}`]);
    assert.equal((await t.em().findOneOrFail(Advisory, ID)).editorNotes[2].body, body, 'the note keeps the text as typed');

    // The bulletin: the cited items as links with readable labels, the note with its stable anchor.
    const page = await request(t.http).get(BULLETIN).expect(200);
    await assertValidHtml(page.text, 'bulletin');
    const note = elementById(page.text, 'note-3');
    assert.ok(note, 'the third note has the anchor note-3');
    assert.deepEqual(citedIn(note), [
      [msg('citation.post', { number: report.number, advisory: ID }), `${THREAD}#p${report.number}`],
      [msg('citation.issue', { title: issueTitle }), `${KI}#ki${issueId}`],
    ]);
    assert.equal(msg('citation.post', { number: 1, advisory: ID }), '投稿 #1（MS04-044 の会議室）');
    assert.match(textOf(note), /現場の報告 投稿 #\d+（MS04-044 の会議室） を参照。/);
    // The summary heading the bulletin points at the note citing the issue.
    assert.deepEqual(
      linksIn(one(parseDocument(page.text), (e) => hasClass(e, 'ki-summary'))).filter(([, href]) => href.includes('#note-')),
      [backlink(ID, 3)],
    );
    const en = await request(t.http).get(`${BULLETIN}?lang=en`).expect(200);
    assert.deepEqual(
      citedIn(elementById(en.text, 'note-3')).map(([text]) => text),
      [`Post #${report.number} (MS04-044 thread)`, `Known issue: ${issueTitle}`],
    );

    // The thread: the cited post, and the summary's issue, link back to the note.
    const thread = await request(t.http).get(THREAD).expect(200);
    await assertValidHtml(thread.text, 'thread');
    const post = elementById(thread.text, `p${report.number}`);
    assert.deepEqual(
      linksIn(post).filter(([, href]) => href.includes('#note-')),
      [backlink(ID, 3)],
    );
    const summary = one(parseDocument(thread.text), (e) => hasClass(e, 'ki-summary'));
    assert.deepEqual(
      linksIn(summary).filter(([, href]) => href.includes('#note-')),
      [backlink(ID, 3)],
    );

    // The known-issue page: the issue's card links back too.
    const issues = await request(t.http).get(KI).expect(200);
    await assertValidHtml(issues.text, 'known issues');
    assert.deepEqual(
      linksIn(elementById(issues.text, `ki${issueId}`)).filter(([, href]) => href.includes('#note-')),
      [backlink(ID, 3)],
    );

    // Nothing new in the import format: the export carries the note's text as it was saved.
    const exported = (await request(t.http).get(`${BULLETIN}.json`).expect(200)).body as AdvisoryDocument;
    assert.equal(exported.editorNotes[2].body, body);
  });

  it('re-saving replaces the citations: a post no longer cited loses its backlink', async () => {
    const other = await postThroughForm(t, author, { body: '別の環境でも同じだった。' });
    const res = await saveForm(editor, ID, {
      'editorNotes.2.body': '引用なしの本文。',
      'editorNotes.4.body': `再現報告: /posts/${other.id}`,
    });
    assert.equal(res.status, 303);
    assert.deepEqual(await citationsOf(t, ID), [`4:post:${other.id}`]);
    const thread = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(
      linksIn(elementById(thread.text, `p${report.number}`)).filter(([, href]) => href.includes('#note-')),
      [],
      'no backlink once the note no longer cites it',
    );
    assert.deepEqual(
      linksIn(elementById(thread.text, `p${other.number}`)).filter(([, href]) => href.includes('#note-')),
      [backlink(ID, 5)],
    );
    const summary = one(parseDocument(thread.text), (e) => hasClass(e, 'ki-summary'));
    assert.deepEqual(
      linksIn(summary).filter(([, href]) => href.includes('#note-')),
      [],
    );
    assert.equal(
      linksIn(elementById((await request(t.http).get(KI).expect(200)).text, `ki${issueId}`)).filter(([, href]) => href.includes('#note-'))
        .length,
      0,
    );
  });

  it('shows a hidden or deleted post as plain text without its content, and gives it no backlink', async () => {
    const secret = 'ここに社内サーバ名 SRV-SECRET-42 が書いてある';
    const hidden = await postThroughForm(t, author, { body: secret });
    const deleted = await postThroughForm(t, author, { body: '取り消した投稿 DELETED-TEXT-7' });
    assert.equal((await submit(moderator, `/posts/${hidden.id}/hide`, { reason: '社内情報を含む' })).status, 303);
    assert.equal((await submit(author, `/posts/${deleted.id}/delete`)).status, 303);
    const res = await saveForm(editor, ID, {
      'editorNotes.0.body': `報告 /posts/${hidden.id} と /posts/${deleted.id} と /posts/${report.id}。`,
      'editorNotes.4.body': '引用なし。',
    });
    assert.equal(res.status, 303, 'a hidden post exists: the form accepts the citation');
    assert.deepEqual(await citationsOf(t, ID), [`0:post:${report.id}`, `0:post:${hidden.id}`, `0:post:${deleted.id}`]);

    const page = await request(t.http).get(BULLETIN).expect(200);
    await assertValidHtml(page.text, 'bulletin with hidden citation');
    const note = elementById(page.text, 'note-1');
    assert.deepEqual(citedIn(note), [[msg('citation.post', { number: report.number, advisory: ID }), `${THREAD}#p${report.number}`]]);
    assert.deepEqual(unlinkedIn(note), [
      msg('citation.post.hidden', { number: hidden.number, advisory: ID }),
      msg('citation.post.hidden', { number: deleted.number, advisory: ID }),
    ]);
    assert.doesNotMatch(page.text, /SRV-SECRET-42|DELETED-TEXT-7/);
    const thread = await request(t.http).get(THREAD).expect(200);
    assert.doesNotMatch(thread.text, /SRV-SECRET-42/);
    assert.deepEqual(
      linksIn(elementById(thread.text, `p${hidden.number}`)).filter(([, href]) => href.includes('#note-')),
      [],
    );
    assert.deepEqual(
      linksIn(elementById(thread.text, `p${deleted.number}`)).filter(([, href]) => href.includes('#note-')),
      [],
    );

    // A moderator may read the hidden post: for them it is a link.
    const forModerator = await moderator.agent.get(BULLETIN).expect(200);
    assert.deepEqual(
      citedIn(elementById(forModerator.text, 'note-1')).map(([, href]) => href),
      [`${THREAD}#p${hidden.number}`, `${THREAD}#p${report.number}`],
    );
  });

  it('links back only from a published bulletin, and never names a draft thread to guests', async () => {
    const draft = buildAdvisoryDoc({ editorNotes: [{ title: '現場の声', body: `参考: /posts/${report.id}` }] });
    await createAdvisories(t.app, [draft], false);
    assert.deepEqual(await citationsOf(t, draft.id), [`0:post:${report.id}`]);
    const before = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(
      linksIn(elementById(before.text, `p${report.number}`)).filter(([, href]) => href.includes(draft.id)),
      [],
      'no backlink while the citing bulletin is a draft',
    );

    assert.equal((await submit(editor, `/advisories/${draft.id}/publish`)).status, 303);
    const published = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(
      linksIn(elementById(published.text, `p${report.number}`)).filter(([, href]) => href.includes(draft.id)),
      [backlink(draft.id, 1)],
    );

    assert.equal((await submit(editor, `/advisories/${draft.id}/unpublish`, { reason: '内容を見直す' })).status, 303);
    const again = await request(t.http).get(THREAD).expect(200);
    assert.deepEqual(
      linksIn(elementById(again.text, `p${report.number}`)).filter(([, href]) => href.includes(draft.id)),
      [],
    );

    // A post in the thread of an advisory taken back to draft: unavailable to guests, without its number or advisory.
    const later = buildAdvisoryDoc();
    await createAdvisories(t.app, [later], true);
    const inDraft = await postThroughForm(t, author, { body: '下書きに戻る前の報告 DRAFT-ONLY-9' }, later.id);
    const issueInDraft = await createIssue(t, moderator, '下書きの既知の問題', later.id);
    assert.equal((await submit(editor, `/advisories/${later.id}/unpublish`, { reason: '差し替え' })).status, 303);
    const res = await saveForm(editor, ID, {
      'editorNotes.1.body': `関連: /posts/${inDraft.id} /advisories/${later.id}/known-issues#ki${issueInDraft}`,
    });
    assert.equal(res.status, 303);
    const page = await request(t.http).get(BULLETIN).expect(200);
    const note = elementById(page.text, 'note-2');
    assert.deepEqual(citedIn(note), []);
    assert.deepEqual(unlinkedIn(note), [msg('citation.post.unavailable'), msg('citation.issue.unavailable')]);
    assert.doesNotMatch(textOf(note), new RegExp(`${later.id}|DRAFT-ONLY|下書きの既知の問題`));
    // Editors see drafts: for them both are links.
    const forEditor = await editor.agent.get(BULLETIN).expect(200);
    assert.deepEqual(
      citedIn(elementById(forEditor.text, 'note-2')).map(([, href]) => href),
      [`/advisories/${later.id}/thread#p${inDraft.number}`, `/advisories/${later.id}/known-issues#ki${issueInDraft}`],
    );
  });

  it('refuses a citation of what does not exist in the form: 422 on that note, input kept, nothing written', async () => {
    const stored = (await t.em().findOneOrFail(Advisory, ID)).editorNotes;
    const citations = await citationsOf(t, ID);
    const audits = await t.em().count(AuditEntry, { targetId: ID });
    const typed = `存在しない /posts/99999999 と ${base}${KI}#ki${issueId + 1000}\r\n実在: /posts/${report.id}`;
    const res = await saveForm(editor, ID, { 'editorNotes.3.body': typed });
    assert.equal(res.status, 422);
    await assertValidHtml(res.text, 'form with a citation error');
    const error = fieldError(res.text, 'f-editorNotes-3-body') ?? '';
    assert.ok(error.includes(msg('editor.problem.unknownCitation', { value: '/posts/99999999' })), error);
    assert.ok(error.includes(msg('editor.problem.unknownCitation', { value: `${base}${KI}#ki${issueId + 1000}` })), error);
    assert.equal(fieldValue(res.text, 'editorNotes.3.body'), typed.replace(/\r\n/g, '\n'), 'what was typed is kept');
    const summary = one(parseDocument(res.text), (e) => hasClass(e, 'error-summary'));
    assert.deepEqual(
      linksIn(summary).map(([, href]) => href),
      ['#f-editorNotes-3-body'],
      'the error summary links to the note, the only problem',
    );
    assert.deepEqual((await t.em().findOneOrFail(Advisory, ID)).editorNotes, stored);
    assert.deepEqual(await citationsOf(t, ID), citations);
    assert.equal(await t.em().count(AuditEntry, { targetId: ID }), audits);

    // A known issue exists only at its own advisory's address.
    const elsewhere = await saveForm(editor, ID, { 'editorNotes.3.body': `/advisories/MS09-999/known-issues#ki${issueId}` });
    assert.equal(elsewhere.status, 422);
    // The new-advisory form refuses the same way, and creates nothing.
    const page = await editor.agent.get('/advisories/new').expect(200);
    const doc = buildAdvisoryDoc();
    const changes: Record<string, string> = {
      id: doc.id,
      title: doc.title,
      'kb.0': doc.kb[0],
      registeredOn: doc.registeredOn,
      updatedOn: doc.updatedOn,
      severity: '2',
      countermeasure: 'early',
      'platforms.0.key': 'win2000-sp4',
      'platforms.0.label': 'Windows 2000 SP4',
      'platforms.0.product': 'Windows 2000',
      summary: '概要。',
      'editorNotes.0.title': '注記',
      'editorNotes.0.body': '/posts/99999998',
    };
    const created = await resubmit(editor, page.text, '/advisories/new', changes);
    assert.equal(created.status, 422);
    assert.ok((fieldError(created.text, 'f-editorNotes-0-body') ?? '').includes('/posts/99999998'));
    const summaryItems = all(
      one(parseDocument(created.text), (e) => hasClass(e, 'error-summary'))!,
      (e) => e.name === 'li',
    );
    assert.deepEqual(
      summaryItems.map((li) => one(li, (e) => e.name === 'a')?.attribs.href),
      ['#f-editorNotes-0-body'],
      'the citation is the only problem',
    );
    assert.equal(await t.em().count(Advisory, { id: doc.id }), 0);
    assert.equal(await t.em().count(Citation, { advisory: doc.id }), 0);
  });

  it('imports a note citing what does not exist: the text kept, only what resolves stored, a warning line (CLI)', async () => {
    const doc = buildAdvisoryDoc({
      editorNotes: [
        { title: '引用', body: `報告 ${base}/posts/${report.id} と存在しない /posts/99999997 を参照。` },
        { title: '既知の問題', body: `${KI}#ki${issueId}` },
      ],
    });
    const path = join(dir, 'cites.json');
    writeFileSync(path, JSON.stringify(doc, null, 2));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['advisories:import', path, '--publish'], { log: (s) => out.push(s), error: (s) => err.push(s) }, t.config);
    assert.equal(code, 0, err.join('\n'));
    assert.match(out.join('\n'), new RegExp(`${doc.id}: created, published`));
    assert.deepEqual(err, [
      `warning: ${doc.id}: editorNotes[0].body: cites /posts/99999997, which does not exist; kept as text, not linked`,
    ]);
    assert.deepEqual(await citationsOf(t, doc.id), [`0:post:${report.id}`, `1:known-issue:${issueId}`]);

    // Export gives back exactly what was imported.
    const exported = await request(t.http).get(`/advisories/${doc.id}.json`).expect(200);
    assert.equal(JSON.stringify(exported.body), JSON.stringify(doc));

    const page = await request(t.http).get(`/advisories/${doc.id}`).expect(200);
    await assertValidHtml(page.text, 'imported bulletin');
    const note = elementById(page.text, 'note-1');
    assert.deepEqual(
      citedIn(note).map(([, href]) => href),
      [`${THREAD}#p${report.number}`],
    );
    assert.ok(textOf(note).includes('存在しない /posts/99999997 を参照。'), 'an address naming nothing stays the text it was');
    assert.deepEqual(
      citedIn(elementById(page.text, 'note-2')).map(([, href]) => href),
      [`${KI}#ki${issueId}`],
    );
    const thread = await request(t.http).get(THREAD).expect(200);
    assert.ok(linksIn(elementById(thread.text, `p${report.number}`)).some(([, href]) => href === `/advisories/${doc.id}#note-1`));
  });

  it('imports through the upload page the same way, the warning shown with the result', async () => {
    const doc = buildAdvisoryDoc({
      editorNotes: [{ title: '引用', body: `/posts/${report.id} と /advisories/${ID}/known-issues#ki99999996` }],
    });
    const res = await editor.agent
      .post('/advisories/import')
      .field('_csrf', editor.csrf)
      .attach('file', Buffer.from(JSON.stringify(doc)), { filename: 'cites.json', contentType: 'application/json' });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.deepEqual(await citationsOf(t, doc.id), [`0:post:${report.id}`]);
    const listing = await editor.agent.get('/editor').expect(200);
    await assertValidHtml(listing.text, 'editor listing with a warning');
    const warning = msg('editor.import.citationWarning', {
      id: doc.id,
      field: `${msg('editor.row.note', { n: 1 })} › ${msg('editor.field.body')}`,
      message: msg('editor.problem.unknownCitation', { value: `/advisories/${ID}/known-issues#ki99999996` }),
    });
    assert.ok(textOf(parseDocument(listing.text)).includes(warning), warning);
    assert.equal(JSON.stringify((await editor.agent.get(`/advisories/${doc.id}.json`).expect(200)).body), JSON.stringify(doc));
  });

  it('stores at most 200 citations per bulletin and says which note went past it', async () => {
    const notes = Array.from({ length: MAX_CITATIONS + 1 }, (_, i) => ({ title: `注記 ${i + 1}`, body: `/posts/${report.id}` }));
    const doc = buildAdvisoryDoc({ editorNotes: notes });
    const [outcome] = await createAdvisories(t.app, [doc], false);
    assert.deepEqual(outcome.warnings, [
      {
        path: `editorNotes[${MAX_CITATIONS}].body`,
        key: 'editor.problem.tooManyCitations',
        params: { max: MAX_CITATIONS },
        message: `cites more than ${MAX_CITATIONS} posts and known issues in all notes`,
      },
    ]);
    assert.equal(await t.em().count(Citation, { advisory: doc.id }), MAX_CITATIONS);
  });

  it('prints cited items as absolute addresses in bulletin.txt', async () => {
    const res = await saveForm(editor, ID, {
      'editorNotes.0.body': `報告 /posts/${report.id} と ${base}${KI}#ki${issueId}。`,
      'editorNotes.1.body': '',
      'editorNotes.4.body': 'なし',
    });
    assert.equal(res.status, 303);
    const text = (await request(t.http).get(`${BULLETIN}/bulletin.txt`).expect(200)).text;
    assert.ok(text.includes(`報告 ${base}/posts/${report.id} と ${base}${KI}#ki${issueId}。`), text.slice(0, 2000));
    assert.doesNotMatch(text, /(^|[\s\u3000、。「（(])\/posts\/\d/m, 'no relative address left');
  });
});
