import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import request from 'supertest';
import { joinPlatformLabels } from '../../src/advisories/advisory.view-model';
import { LIMITS } from '../../src/common/limits';
import { KnownIssueEvent } from '../../src/known-issues/known-issue-event.entity';
import { KnownIssueEvidence } from '../../src/known-issues/known-issue-evidence.entity';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { AccountState, User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createConfirmation } from '../factories/field-report.factory';
import { boardApp, BULLETIN, ID, KI, THREAD } from '../support/board';
import { all, byClass, byId, El, hasClass, one, pageProblem, textOf } from '../support/dom';
import { fieldError, formPairs } from '../support/forms';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { formBody, guest, member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { isTrendPicture } from '../support/hostile';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Set-up: the reference bulletin MS04-044 (8 platforms) on a fresh database per describe block.
// Known issues are only ever made over HTTP, through the moderators' form.
// ---------------------------------------------------------------------------------------------

/** The bulletin's own link for KB891531 (its references list carries it). */
const KB891531_URL = 'http://support.microsoft.com/default.aspx?scid=kb;ja;891531';
const LABELS: Record<string, string> = Object.fromEntries(referenceDocument().platforms.map((p) => [p.key, p.label]));
const labelsOf = (keys: string[]) => joinPlatformLabels(keys.map((k) => LABELS[k]));

const statusLabel = (s: string) => msg(`knownIssue.status.${s}`);

/** A field report whose body names the event the known issue is about. */
const report = (over: Record<string, string> = {}) =>
  reportForm({ body: 'スケジュール・バックアップが失敗し、イベント ID 57480 が記録される。', ...over });

/** What the edit form would send as it stands: every field's current value (checked boxes, selected option). */
async function editFormValues(mod: Member, id: number): Promise<[string, string][]> {
  const page = await mod.agent.get(`/known-issues/${id}/edit`).expect(200);
  return formPairs(page.text, `/known-issues/${id}/edit`).filter(([k]) => k !== '_csrf');
}

/** Edits through the real form: its current values, with `over` replacing whole fields. */
function editIssue(mod: Member, id: number, current: [string, string][], over: Record<string, string | string[]>) {
  const kept = current.filter(([k]) => !(k in over));
  const added = Object.entries(over).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]],
  );
  return submit(mod, `/known-issues/${id}/edit`, [...kept, ...added]);
}

async function changeStatus(mod: Member, id: number, status: string, note: string, over: Record<string, string | string[]> = {}) {
  const current = await editFormValues(mod, id);
  const res = await editIssue(mod, id, current, { status, note, ...over });
  assert.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
  assert.equal(res.headers.location, `${KI}#ki${id}`);
}

// ---------------------------------------------------------------------------------------------
// Database checks.
// ---------------------------------------------------------------------------------------------

const issueRow = (t: TestApp, id: number) => t.em().findOneOrFail(KnownIssue, id);
const eventsOf = (t: TestApp, id: number) => t.em().find(KnownIssueEvent, { knownIssue: id }, { orderBy: { id: 'asc' } });
const auditOf = (t: TestApp, action: string, id: number) =>
  t.em().find(AuditEntry, { action, targetType: 'known-issue', targetId: String(id) }, { orderBy: { id: 'asc' } });

/** Everything a refused known-issue action must leave exactly as it was. */
async function snapshot(t: TestApp) {
  const em = t.em();
  const issues = await em.find(KnownIssue, {}, { orderBy: { id: 'asc' } });
  return {
    issues: issues.map((i) =>
      JSON.stringify([
        i.id,
        i.title,
        i.symptom,
        i.platforms,
        i.software,
        i.workaround,
        i.resolution,
        i.references,
        i.status,
        i.position,
        i.evidenceCount,
        i.updatedAt.getTime(),
      ]),
    ),
    events: await em.count(KnownIssueEvent, {}),
    evidence: (await em.find(KnownIssueEvidence, {}, { orderBy: { id: 'asc' } })).map((e) => `${e.knownIssue.id}:${e.post.id}`),
    audit: await em.count(AuditEntry, {}),
    notifications: await em.count(Notification, {}),
    unread: (await em.find(User, {}, { orderBy: { id: 'asc' } })).map((u) => u.unreadNotifications),
  };
}

async function assertNothingChanged(t: TestApp, before: Awaited<ReturnType<typeof snapshot>>, what: string) {
  assert.deepEqual(await snapshot(t), before, `nothing was written: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Page parsing (htmlparser2: entities decoded, textarea read as text).
// ---------------------------------------------------------------------------------------------

const valuesOf = (pairs: [string, string][], name: string) => pairs.filter(([k]) => k === name).map(([, v]) => v);
const valueOf = (pairs: [string, string][], name: string) => valuesOf(pairs, name)[0];

/** A known issue's card on the advisory's known-issues page. */
const card = (html: string, id: number) => byId(parseDocument(html), `ki${id}`);

/** The history of a card: one line per step, "from → to", who, the note, and its date. */
function history(cardEl: El) {
  return all(cardEl, (e) => e.name === 'li' && hasClass(e, 'timeline__step')).map((li) => ({
    what: textOf(byClass(li, 'timeline__what')),
    who: textOf(byClass(li, 'timeline__who')),
    note: textOf(byClass(li, 'timeline__note')),
    at: textOf(one(li, (e) => e.name === 'time')),
  }));
}

/** The summary heading a bulletin or thread: its open items, then the resolved ones inside <details>. */
function summary(html: string) {
  const section = one(parseDocument(html), (e) => e.name === 'section' && hasClass(e, 'ki-summary'));
  assert.ok(section, 'a known-issues summary');
  const details = one(section, (e) => e.name === 'details');
  const items = (root: El | null, inDetails: boolean) =>
    root
      ? all(root, (e) => e.name === 'li' && hasClass(e, 'ki') && (inDetails || !isInside(e, 'details'))).map((li) => ({
          href: one(li, (e) => e.name === 'a' && hasClass(e, 'ki__title'))?.attribs.href ?? '',
          title: textOf(one(li, (e) => hasClass(e, 'ki__title'))),
          status: textOf(byClass(li, 'ki-status')),
          platforms: textOf(byClass(li, 'ki__platforms')),
          workaround: textOf(byClass(li, 'ki__workaround')),
          evidence: textOf(byClass(li, 'ki__evidence')),
        }))
      : [];
  return { open: items(section, false), resolved: items(details, true), hasDetails: !!details, text: textOf(section) };
}

function isInside(e: El, name: string): boolean {
  for (let p = e.parent as El | null; p; p = p.parent as El | null) if (p.name === name) return true;
  return false;
}

/** The issues listed on /known-issues, in order: their ids (from the anchors). */
function listedIds(html: string): number[] {
  return all(parseDocument(html), (e) => e.name === 'a' && hasClass(e, 'ki__title')).map((a) =>
    Number(/#ki(\d+)$/.exec(a.attribs.href)?.[1]),
  );
}

/** No markup smuggled in: no script or img element, no event-handler attribute. */
function assertInert(html: string, label: string) {
  const d = parseDocument(html);
  assert.deepEqual(all(d, (e) => e.name === 'script').length, 0, `${label}: no <script>`);
  assert.deepEqual(all(d, (e) => e.name === 'img' && !isTrendPicture(e)).length, 0, `${label}: no <img>`);
  const handlers = all(d, (e) => Object.keys(e.attribs).some((a) => a.toLowerCase().startsWith('on')));
  assert.deepEqual(
    handlers.map((e) => `<${e.name} ${Object.keys(e.attribs).join(' ')}>`),
    [],
    `${label}: no on* attribute`,
  );
}

// ---------------------------------------------------------------------------------------------

describe('creating a known issue', () => {
  let t: TestApp;
  let mod: Member;
  before(async () => {
    t = await boardApp();
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  it('creates one from scratch: 303 to its anchor, a created event with the note, and an audit entry', async () => {
    const form = await mod.agent.get(`${KI}/new`).expect(200);
    await assertValidHtml(form.text, 'new known-issue form');
    const blank = formPairs(form.text, KI);
    assert.equal(valueOf(blank, 'status'), 'investigating', 'a new issue starts as investigating');
    assert.deepEqual(valuesOf(blank, 'platforms'), [], 'no platform checked');
    assert.equal(valueOf(blank, 'from'), undefined, 'no report to link');

    const issue = await issueThroughForm(t, mod, issueForm({ platforms: ['ws2003', 'win2000-sp4'] }));
    assert.equal(issue.title, 'Backup Exec 8.6 のスケジュール・バックアップが失敗する');
    assert.equal(issue.status, 'investigating');
    assert.deepEqual(issue.platforms, ['win2000-sp4', 'ws2003'], "kept in the bulletin's order of platforms");
    assert.deepEqual(issue.references, ['891531']);
    assert.equal(issue.evidenceCount, 0);
    assert.equal(issue.createdBy.id, mod.user.id);
    assert.equal(issue.position, 1);

    const events = await eventsOf(t, issue.id);
    assert.deepEqual(
      events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note, e.actor.id]),
      [['created', null, 'investigating', '複数の購読者から同じ症状の報告。', mod.user.id]],
    );
    const audit = await auditOf(t, 'known-issue.create', issue.id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorId, mod.user.id);
    assert.equal(audit[0].actorName, mod.user.username);
    assert.equal(audit[0].reason, '複数の購読者から同じ症状の報告。');
    assert.equal(audit[0].detail?.advisory, ID);

    const page = await mod.agent.get(KI).expect(200);
    await assertValidHtml(page.text, 'known-issues page (moderator)');
    const c = card(page.text, issue.id)!;
    assert.ok(c, 'the issue has its anchor on the page');
    assert.equal(textOf(one(c, (e) => e.name === 'h2')), issue.title);
    assert.ok(textOf(c).includes(statusLabel('investigating')));
    assert.ok(textOf(c).includes(labelsOf(['win2000-sp4', 'ws2003'])), textOf(c));
    assert.deepEqual(
      history(c).map((h) => [h.what, h.who, h.note]),
      [[statusLabel('investigating'), mod.user.username, '複数の購読者から同じ症状の報告。']],
    );
    await assertValidHtml((await request(t.http).get(KI).expect(200)).text, 'known-issues page (guest)');
    // The next one goes below.
    assert.equal((await issueThroughForm(t, mod, issueForm({ title: '二つ目' }))).position, 2);
  });

  it('refuses each invalid field with 422, the message by the field and the input kept, writing nothing', async () => {
    const cases: { over: Record<string, string | string[]>; id: string; key: string }[] = [
      { over: { title: '' }, id: 'ki-title', key: 'knownIssue.title.invalid' },
      { over: { title: '   ' }, id: 'ki-title', key: 'knownIssue.title.invalid' },
      { over: { title: 'あ'.repeat(201) }, id: 'ki-title', key: 'knownIssue.title.invalid' },
      { over: { symptom: '' }, id: 'ki-symptom', key: 'knownIssue.symptom.invalid' },
      { over: { platforms: ['win2000-sp4', 'win2008-r2'] }, id: 'ki-platforms', key: 'knownIssue.platforms.invalid' },
      { over: { references: 'abc' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
      { over: { references: 'KB891531\njavascript:x' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
      { over: { references: 'javascript:alert(1)//http://example.com/' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
      { over: { references: 'ftp://example.com/kb' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
      { over: { status: 'exploded' }, id: 'ki-status', key: 'knownIssue.status.invalid' },
      { over: { note: '' }, id: 'ki-note', key: 'knownIssue.note.required' },
      { over: { note: '   ' }, id: 'ki-note', key: 'knownIssue.note.required' },
      { over: { note: 'n'.repeat(1001) }, id: 'ki-note', key: 'knownIssue.note.required' },
    ];
    for (const c of cases) {
      const label = JSON.stringify(c.over).slice(0, 80);
      const before = await snapshot(t);
      const fields = issueForm({ title: '入力を保持する件名', symptom: '入力を保持する症状', note: '保持するメモ', ...c.over });
      const res = await submit(mod, KI, fields).expect(422);
      assert.equal(fieldError(res.text, c.id), msg(c.key), label);
      // Only the field at fault is marked.
      assert.equal(all(parseDocument(res.text), (e) => hasClass(e, 'field-error')).length, 1, `${label}: one error shown`);
      assert.ok(textOf(byClass(parseDocument(res.text), 'notice--error')).includes(msg('form.hasErrors')), label);
      // What was typed comes back.
      const kept = formPairs(res.text, KI);
      for (const k of ['title', 'symptom', 'software', 'workaround', 'references', 'note'])
        assert.equal(valueOf(kept, k), fields[k], `${label}: ${k} kept`);
      const validPlatforms = (fields.platforms as string[]).filter((p) => p in LABELS);
      assert.deepEqual(valuesOf(kept, 'platforms'), validPlatforms, `${label}: platforms kept`);
      if (c.over.status === undefined) assert.equal(valueOf(kept, 'status'), 'investigating', `${label}: status kept`);
      await assertNothingChanged(t, before, label);
    }
    const res = await submit(mod, KI, issueForm({ title: '', symptom: '', note: '' })).expect(422);
    await assertValidHtml(res.text, 'known-issue form with errors');
    for (const [id, key] of [
      ['ki-title', 'knownIssue.title.invalid'],
      ['ki-symptom', 'knownIssue.symptom.invalid'],
      ['ki-note', 'knownIssue.note.required'],
    ]) {
      assert.equal(fieldError(res.text, id), msg(key));
      assert.equal(byId(parseDocument(res.text), id)?.attribs['aria-invalid'], 'true', `${id} is marked invalid`);
    }
  });

  it("accepts KB numbers as KB891531, 891531 or full-width digits and https URLs; the bulletin's KB links to its URL", async () => {
    const issue = await issueThroughForm(
      t,
      mod,
      issueForm({
        title: '参照の形式',
        references:
          'KB891531\n891531\n８９１５３１\nＫＢ２２４５２６\nkb885835\n https://support.microsoft.com/kb/891531 \nhttp://www.example.com/a?b=1&c=2',
      }),
    );
    assert.deepEqual(
      issue.references,
      ['891531', '224526', '885835', 'https://support.microsoft.com/kb/891531', 'http://www.example.com/a?b=1&c=2'],
      'normalised, each once',
    );
    const page = await request(t.http).get(KI).expect(200);
    await assertValidHtml(page.text, 'known-issues page with references');
    const fact = one(
      card(page.text, issue.id)!,
      (e) => e.name === 'div' && textOf(one(e, (x) => x.name === 'dt')) === msg('knownIssue.references'),
    );
    const refs = fact && one(fact, (e) => e.name === 'dd');
    assert.ok(refs, 'the references are shown');
    const links = all(refs, (e) => e.name === 'a').map((a) => [textOf(a), a.attribs.href]);
    assert.deepEqual(links, [
      ['KB891531', KB891531_URL],
      ['KB224526', 'http://support.microsoft.com/default.aspx?scid=kb;ja;224526'],
      ['https://support.microsoft.com/kb/891531', 'https://support.microsoft.com/kb/891531'],
      ['http://www.example.com/a?b=1&c=2', 'http://www.example.com/a?b=1&c=2'],
    ]);
    // A KB the bulletin does not list is shown, unlinked.
    assert.ok(textOf(refs).includes('KB885835'));
  });
});

describe('promoting a field report', () => {
  let t: TestApp;
  let mod: Member;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let aliceReport: Post;
  before(async () => {
    t = await boardApp();
    [mod, alice, bob, carol] = [await member(t, Role.Moderator), await member(t), await member(t), await member(t)];
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS04-045' })]);
  });
  after(() => t.close());

  it('pre-fills the form from the report: its platform checked, its software and text', async () => {
    aliceReport = await postThroughForm(t, alice, report());
    // The thread offers moderators the way in.
    const thread = await mod.agent.get(THREAD).expect(200);
    assert.ok(
      one(parseDocument(thread.text), (e) => e.name === 'a' && e.attribs.href === `${KI}/new?from=${aliceReport.id}`),
      'a promote link on the report',
    );
    assert.equal(
      one(
        parseDocument((await alice.agent.get(THREAD).expect(200)).text),
        (e) => e.name === 'a' && e.attribs.href === `${KI}/new?from=${aliceReport.id}`,
      ),
      null,
      'not for members',
    );

    const page = await mod.agent.get(`${KI}/new?from=${aliceReport.id}`).expect(200);
    await assertValidHtml(page.text, 'known-issue form from a report');
    const values = formPairs(page.text, KI);
    assert.deepEqual(valuesOf(values, 'platforms'), ['win2000-sp4']);
    assert.equal(valueOf(values, 'software'), 'VERITAS Backup Exec 8.6');
    assert.equal(valueOf(values, 'symptom'), report().body);
    assert.equal(valueOf(values, 'from'), String(aliceReport.id));
    // Software, the report's first sentence, the platform: a suggestion the moderator may change.
    assert.equal(
      valueOf(values, 'title'),
      `VERITAS Backup Exec 8.6: スケジュール・バックアップが失敗し、イベント ID 57480 が記録される (${LABELS['win2000-sp4']})`,
    );
    assert.deepEqual(
      all(byId(parseDocument(page.text), 'ki-status')!, (e) => e.name === 'option').map((o) => o.attribs.value),
      ['investigating', 'confirmed', 'mitigated', 'resolved'],
      'a new issue starts in any status but dismissed',
    );
    assert.equal(
      one(parseDocument(page.text), (e) => hasClass(e, 'ki-alike')),
      null,
      'nothing alike yet: no box',
    );
    assert.ok(textOf(parseDocument(page.text)).includes(msg('knownIssue.fromReport', { id: aliceReport.id })));
  });

  it('links the report as evidence on creation; the page lists it with its confirmations by platform', async () => {
    await createConfirmation(t.app, bob.user, aliceReport, 'win2000-sp4');
    await createConfirmation(t.app, carol.user, aliceReport, 'ws2003');

    const page = await mod.agent.get(`${KI}/new?from=${aliceReport.id}`).expect(200);
    const values = formPairs(page.text, KI).filter(([k]) => k !== '_csrf' && k !== 'title' && k !== 'note');
    const res = await submit(mod, KI, [
      ...values,
      ['title', 'Backup Exec 8.6 のバックアップが失敗する'],
      ['note', 'アリスさんの報告から登録。'],
    ]).expect(303);
    const id = Number(/#ki(\d+)$/.exec(res.headers.location)?.[1]);
    const issue = await issueRow(t, id);
    assert.equal(issue.evidenceCount, 1);
    assert.deepEqual(issue.platforms, ['win2000-sp4']);
    assert.equal(issue.software, 'VERITAS Backup Exec 8.6');
    const evidence = await t.em().find(KnownIssueEvidence, { knownIssue: id });
    assert.deepEqual(
      evidence.map((e) => [e.post.id, e.addedBy.id]),
      [[aliceReport.id, mod.user.id]],
    );
    const audit = await auditOf(t, 'known-issue.create', id);
    assert.equal(audit[0].detail?.fromPost, aliceReport.id);

    const shown = await request(t.http).get(KI).expect(200);
    await assertValidHtml(shown.text, 'known-issues page with evidence');
    const c = card(shown.text, id)!;
    const ev = one(c, (e) => e.name === 'section' && hasClass(e, 'ki-evidence'))!;
    assert.ok(textOf(one(ev, (e) => e.name === 'h3')).endsWith('(1)'));
    const item = one(ev, (e) => e.name === 'li')!;
    assert.equal(one(item, (e) => e.name === 'a')?.attribs.href, `${THREAD}#p${aliceReport.number}`);
    const text = textOf(item);
    for (const part of [
      alice.user.username,
      msg('outcome.problem'),
      'Windows 2000 SP4',
      msg('knownIssue.hosts', { count: 40 }),
      msg('confirm.count', { count: 2 }),
    ])
      assert.ok(text.includes(part), `${part} in ${text}`);
    const chips = all(item, (e) => hasClass(e, 'chip'))
      .map(textOf)
      .sort();
    assert.deepEqual(chips, ['Windows 2000 SP4 1', 'Windows Server 2003 1']);
    // The summary counts the report and the confirmations behind it.
    assert.equal(
      summary((await request(t.http).get(BULLETIN).expect(200)).text).open[0].evidence,
      msg('knownIssue.evidenceCount', { reports: 1, confirmations: 2 }),
    );
  });

  it('refuses, writing nothing, a `from` that is a report of another advisory or not a report', async () => {
    const elsewhere = await postThroughForm(t, alice, report({ body: '別のセキュリティ情報での報告' }), 'MS04-045');
    const plain = await postThroughForm(t, alice, { body: 'ただの投稿' });
    for (const from of [elsewhere.id, plain.id, 999999]) {
      await mod.agent.get(`${KI}/new?from=${from}`).expect(404);
      const before = await snapshot(t);
      const res = await submit(mod, KI, issueForm({ from: String(from) }));
      assert.ok([404, 422].includes(res.status), `from=${from}: ${res.status}`);
      if (res.status === 422) {
        await assertValidHtml(res.text, 'form refused for its report');
        assert.equal(fieldError(res.text, 'ki-from'), msg('knownIssue.evidence.invalid'), 'the reason is shown');
        assert.equal(valueOf(formPairs(res.text, KI), 'title'), issueForm().title, 'the input is kept');
      }
      await assertNothingChanged(t, before, `from=${from}`);
    }
  });
  it('suggests plain text from a Markdown report, and a title within the limit', async () => {
    const long = 'あ'.repeat(LIMITS.knownIssueTitle);
    const md = await postThroughForm(t, carol, report({ body: `**${long}** が止まる。\n\n- [詳細](http://example.com/a)\n- \`code\`` }));
    const values = formPairs((await mod.agent.get(`${KI}/new?from=${md.id}`).expect(200)).text, KI);
    assert.equal(valueOf(values, 'symptom'), `${long} が止まる。\n詳細\ncode`);
    const title = valueOf(values, 'title');
    assert.equal(title.length, LIMITS.knownIssueTitle);
    assert.ok(title.startsWith('VERITAS Backup Exec 8.6: あ') && title.endsWith(`… (${LABELS['win2000-sp4']})`), title);
  });

  describe('issues that look alike', () => {
    let sameSoftware: KnownIssue;
    let sameWords: KnownIssue;
    let fromAlice: KnownIssue;
    let bobReport: Post;
    /** The look-alike box of the new-issue form promoting `post`: each item's issue id, status and reasons. */
    async function alike(post: Post) {
      const page = await mod.agent.get(`${KI}/new?from=${post.id}`).expect(200);
      await assertValidHtml(page.text, 'known-issue form with look-alikes');
      const box = one(parseDocument(page.text), (e) => e.name === 'section' && hasClass(e, 'ki-alike'));
      const items = box ? all(box, (e) => e.name === 'li' && hasClass(e, 'ki-alike__item')) : [];
      return {
        page,
        box,
        items: items.map((li) => ({
          id: Number(li.attribs.id.replace('alike-', '')),
          status: textOf(byClass(li, 'ki-status')),
          why: all(li, (e) => hasClass(e, 'ki-alike__reason')).map(textOf),
          form: one(li, (e) => e.name === 'form')?.attribs.action ?? null,
        })),
      };
    }

    before(async () => {
      fromAlice = await t.em().findOneOrFail(KnownIssue, { title: 'Backup Exec 8.6 のバックアップが失敗する' });
      sameWords = await issueThroughForm(
        t,
        mod,
        issueForm({
          title: 'スケジュール・バックアップが失敗する',
          symptom: 'イベント ID 57480 が記録される。',
          software: 'ARCserve 9',
          platforms: ['ws2003'],
        }),
      );
      sameSoftware = await issueThroughForm(
        t,
        mod,
        issueForm({
          title: 'ジョブの完了通知が届かない',
          symptom: '通知メールが送られない。',
          software: 'VERITAS Backup Exec 8.6',
          platforms: ['winxp-sp1'],
          status: 'confirmed',
        }),
      );
      await issueThroughForm(
        t,
        mod,
        issueForm({
          title: 'NT 4.0 が起動しなくなる',
          symptom: 'ntoskrnl.exe の位置による。',
          software: '',
          platforms: ['nt4-server-sp6a'],
        }),
      );
      // Another bulletin's issue, word for word the report: never offered.
      await issueThroughForm(
        t,
        mod,
        issueForm({ title: 'スケジュール・バックアップが失敗し、イベント ID 57480 が記録される', platforms: [] }),
        'MS04-045',
      );
      bobReport = await postThroughForm(
        t,
        bob,
        report({ body: 'スケジュール・バックアップが毎晩失敗し、イベント ID 57480 が記録されます。' }),
      );
    });

    it('lists the advisory’s look-alikes above the form, the same software first, each with its status and why', async () => {
      const { items, box, page } = await alike(bobReport);
      assert.ok(box, 'the box is shown');
      assert.equal(textOf(one(box, (e) => e.name === 'h2')), msg('knownIssue.alike.title'));
      // Alice's issue (same software, platform and words), then the same software alone, then the same words alone.
      assert.deepEqual(
        items.map((i) => i.id),
        [fromAlice.id, sameSoftware.id, sameWords.id],
        'ranked, without another advisory’s issue or an unrelated one',
      );
      assert.deepEqual(items[0].why.slice(0, 2), [msg('knownIssue.alike.sameSoftware'), msg('knownIssue.alike.samePlatform')]);
      const first = items[1];
      assert.equal(first.status, statusLabel('confirmed'));
      assert.equal(first.why[0], msg('knownIssue.alike.sameSoftware'));
      const words = items.find((i) => i.id === sameWords.id)!;
      assert.ok(!words.why.includes(msg('knownIssue.alike.sameSoftware')));
      assert.ok(
        words.why.some((w) => /^共通の語 \d+$/.test(w)),
        `words in common are counted: ${words.why.join(', ')}`,
      );
      assert.equal(first.form, `/known-issues/${sameSoftware.id}/evidence`);
      // The box comes before the form.
      assert.ok(page.text.indexOf('ki-alike') < page.text.indexOf(`action="${KI}"`));
    });

    it('attaches the report to an existing issue instead of creating one, audited; then shows it attached', async () => {
      const page = (await alike(bobReport)).page;
      const issuesBefore = await t.em().count(KnownIssue, {});
      const res = await submit(
        mod,
        `/known-issues/${sameSoftware.id}/evidence`,
        formPairs(page.text, `/known-issues/${sameSoftware.id}/evidence`),
      ).expect(303);
      assert.equal(res.headers.location, `${KI}#ki${sameSoftware.id}`);
      assert.equal(await t.em().count(KnownIssue, {}), issuesBefore, 'no issue created');
      assert.equal((await issueRow(t, sameSoftware.id)).evidenceCount, 1);
      assert.deepEqual(
        (await t.em().find(KnownIssueEvidence, { knownIssue: sameSoftware.id })).map((e) => [e.post.id, e.addedBy.id]),
        [[bobReport.id, mod.user.id]],
      );
      assert.deepEqual(
        (await auditOf(t, 'known-issue.evidence-add', sameSoftware.id)).map((a) => [a.actorId, a.detail?.post]),
        [[mod.user.id, bobReport.id]],
      );
      const again = (await alike(bobReport)).items.find((i) => i.id === sameSoftware.id)!;
      assert.equal(again.form, null, 'no second attach button');
      assert.ok(
        textOf(byId(parseDocument((await alike(bobReport)).page.text), `alike-${sameSoftware.id}`)).includes(
          msg('knownIssue.alike.linked'),
        ),
      );
    });

    it('shows no box for a report nothing looks like', async () => {
      const lone = await postThroughForm(
        t,
        bob,
        report({ body: 'IIS の管理コンソールが開けない。', software: 'IIS 6.0', platform: 'winxp-sp2' }),
      );
      assert.equal((await alike(lone)).box, null);
    });
  });
});

describe('the status lifecycle', () => {
  let t: TestApp;
  let mod: Member;
  let admin: Member;
  let issue: KnownIssue;
  before(async () => {
    t = await boardApp();
    [mod, admin] = [await member(t, Role.Moderator), await member(t, Role.Admin)];
    issue = await issueThroughForm(t, mod);
  });
  after(() => t.close());

  it('goes investigating → confirmed → mitigated → resolved, each with its note, dated history and audit entry', async () => {
    const form = await mod.agent.get(`/known-issues/${issue.id}/edit`).expect(200);
    await assertValidHtml(form.text, 'edit form');
    const current = formPairs(form.text, `/known-issues/${issue.id}/edit`);
    assert.equal(valueOf(current, 'title'), issue.title);
    assert.equal(valueOf(current, 'references'), '891531');
    assert.equal(valueOf(current, 'status'), 'investigating');
    assert.equal(valueOf(current, 'note'), '', 'a new note each time');

    // A status change without a note is refused.
    const before = await snapshot(t);
    const refused = await editIssue(mod, issue.id, await editFormValues(mod, issue.id), { status: 'confirmed', note: '' }).expect(422);
    assert.equal(fieldError(refused.text, 'ki-note'), msg('knownIssue.note.required'));
    assert.equal(valueOf(formPairs(refused.text, `/known-issues/${issue.id}/edit`), 'status'), 'confirmed', 'the chosen status is kept');
    await assertValidHtml(refused.text, 'edit form with errors');
    await assertNothingChanged(t, before, 'status change without a note');

    const steps: [string, string, Member][] = [
      ['confirmed', 'KB891531 で公開された。', mod],
      ['mitigated', '回避策を確認。', admin],
      ['resolved', '修正版で解決。', mod],
    ];
    for (const [status, note, who] of steps)
      await changeStatus(who, issue.id, status, note, status === 'resolved' ? { resolution: 'Backup Exec 9.1 SP1 で解決。' } : {});
    assert.equal((await issueRow(t, issue.id)).status, 'resolved');

    const events = await eventsOf(t, issue.id);
    assert.deepEqual(
      events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note, e.actor.id]),
      [
        ['created', null, 'investigating', '複数の購読者から同じ症状の報告。', mod.user.id],
        ['status', 'investigating', 'confirmed', 'KB891531 で公開された。', mod.user.id],
        ['status', 'confirmed', 'mitigated', '回避策を確認。', admin.user.id],
        ['status', 'mitigated', 'resolved', '修正版で解決。', mod.user.id],
      ],
    );
    const audit = await auditOf(t, 'known-issue.status', issue.id);
    assert.deepEqual(
      audit.map((a) => [a.actorId, a.reason, a.detail?.from, a.detail?.to]),
      [
        [mod.user.id, 'KB891531 で公開された。', 'investigating', 'confirmed'],
        [admin.user.id, '回避策を確認。', 'confirmed', 'mitigated'],
        [mod.user.id, '修正版で解決。', 'mitigated', 'resolved'],
      ],
    );

    const page = await request(t.http).get(KI).expect(200);
    await assertValidHtml(page.text, 'known-issues page with history');
    const shown = history(card(page.text, issue.id)!);
    assert.deepEqual(
      shown.map((h) => [h.what, h.who, h.note]),
      [
        [statusLabel('investigating'), mod.user.username, '複数の購読者から同じ症状の報告。'],
        [`${statusLabel('investigating')} → ${statusLabel('confirmed')}`, mod.user.username, 'KB891531 で公開された。'],
        [`${statusLabel('confirmed')} → ${statusLabel('mitigated')}`, admin.user.username, '回避策を確認。'],
        [`${statusLabel('mitigated')} → ${statusLabel('resolved')}`, mod.user.username, '修正版で解決。'],
      ],
    );
    for (const h of shown) assert.match(h.at, /^\d{4}年\d{1,2}月\d{1,2}日/, 'each step is dated');
    assert.ok(textOf(card(page.text, issue.id)).includes('Backup Exec 9.1 SP1 で解決。'), 'the resolution is shown');
  });

  it("records an edit that keeps the status as 'edited' with a 'known-issue.edit' audit entry", async () => {
    const b = await issueThroughForm(t, mod, issueForm({ title: '編集される問題', status: 'confirmed' }));
    await changeStatus(mod, b.id, 'confirmed', '回避策を追記。', { workaround: 'サービスを再起動する。' });
    const row = await issueRow(t, b.id);
    assert.equal(row.status, 'confirmed');
    assert.equal(row.workaround, 'サービスを再起動する。');
    assert.ok(row.updatedAt.getTime() >= b.updatedAt.getTime());
    const events = await eventsOf(t, b.id);
    assert.deepEqual(
      events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note]),
      [
        ['created', null, 'confirmed', '複数の購読者から同じ症状の報告。'],
        ['edited', 'confirmed', 'confirmed', '回避策を追記。'],
      ],
    );
    assert.equal((await auditOf(t, 'known-issue.status', b.id)).length, 0);
    const audit = await auditOf(t, 'known-issue.edit', b.id);
    assert.deepEqual(
      audit.map((a) => [a.actorId, a.reason, a.detail?.from, a.detail?.to]),
      [[mod.user.id, '回避策を追記。', 'confirmed', 'confirmed']],
    );
    const page = await request(t.http).get(KI).expect(200);
    assert.deepEqual(
      history(card(page.text, b.id)!).map((h) => h.what),
      [statusLabel('confirmed'), `${statusLabel('confirmed')} → ${statusLabel('confirmed')} (${msg('knownIssue.edited')})`],
    );

    // An edit that sends no status at all (an old form, a script) keeps the status too.
    const current = (await editFormValues(mod, b.id)).filter(([k]) => k !== 'status');
    await editIssue(mod, b.id, current, { note: '状態を送らない編集', title: '編集される問題(改)' }).expect(303);
    const again = await issueRow(t, b.id);
    assert.equal(again.title, '編集される問題(改)');
    assert.equal(again.status, 'confirmed', 'a missing status is no change of status');
    assert.deepEqual((await eventsOf(t, b.id)).at(-1)!.toStatus, 'confirmed');
  });

  it('drops a dismissed issue from the summaries and /known-issues, keeping it under 解決済み・却下', async () => {
    const d = await issueThroughForm(t, mod, issueForm({ title: '却下される問題', status: 'confirmed' }));
    const open = await issueThroughForm(t, mod, issueForm({ title: '未解決のまま' }));
    assert.ok(listedIds((await request(t.http).get('/known-issues').expect(200)).text).includes(d.id));
    await changeStatus(mod, d.id, 'dismissed', '修正プログラムと無関係と判明。');
    assert.deepEqual(
      (await auditOf(t, 'known-issue.status', d.id)).map((a) => a.detail?.to),
      ['dismissed'],
    );

    for (const path of [BULLETIN, THREAD]) {
      const page = await request(t.http).get(path).expect(200);
      await assertValidHtml(page.text, `${path} with a dismissed issue`);
      const s = summary(page.text);
      assert.ok(!s.text.includes('却下される問題'), `${path}: the dismissed issue is not in the summary`);
      assert.deepEqual(
        s.open.map((i) => i.title),
        ['編集される問題(改)', '未解決のまま'],
      );
      assert.deepEqual(
        s.resolved.map((i) => i.title),
        [issue.title],
        `${path}: resolved ones only`,
      );
    }
    const list = await request(t.http).get('/known-issues').expect(200);
    assert.ok(!listedIds(list.text).includes(d.id));
    assert.ok(listedIds(list.text).includes(open.id));

    const page = await request(t.http).get(KI).expect(200);
    await assertValidHtml(page.text, 'known-issues page with closed issues');
    const doc = parseDocument(page.text);
    const closedTitle = one(doc, (e) => e.name === 'h2' && hasClass(e, 'ki-closed-title'))!;
    assert.equal(textOf(closedTitle), '解決済み・却下');
    // Document order: open cards, then the heading, then the resolved and dismissed ones.
    const order = all(doc, (e) => (e.name === 'article' && hasClass(e, 'ki-card')) || e === closedTitle).map((e) =>
      e === closedTitle ? 'closed' : Number(e.attribs.id.slice(2)),
    );
    const at = order.indexOf('closed');
    assert.ok(order.indexOf(open.id) < at, 'the open one above');
    assert.ok(order.indexOf(d.id) > at && order.indexOf(issue.id) > at, 'dismissed and resolved below the heading');
    assert.ok(textOf(byId(doc, `ki${d.id}`)).includes(statusLabel('dismissed')));
  });
});

describe('the statuses allowed next', () => {
  let t: TestApp;
  let mod: Member;
  let issue: KnownIssue;
  before(async () => {
    t = await boardApp();
    mod = await member(t, Role.Moderator);
    issue = await issueThroughForm(t, mod, issueForm({ title: '解決する問題' }));
    await changeStatus(mod, issue.id, 'resolved', '修正版で解決。');
  });
  after(() => t.close());

  it('offers only the statuses allowed next, and refuses a forged other one with 422, changing nothing', async () => {
    const options = async (id: number) =>
      all(
        byId(parseDocument((await mod.agent.get(`/known-issues/${id}/edit`).expect(200)).text), 'ki-status')!,
        (e) => e.name === 'option',
      ).map((o) => [o.attribs.value, o.attribs.selected !== undefined]);
    const fresh = await issueThroughForm(t, mod, issueForm({ title: '選択肢を見る問題' }));
    assert.deepEqual(await options(fresh.id), [
      ['investigating', true],
      ['confirmed', false],
      ['mitigated', false],
      ['resolved', false],
      ['dismissed', false],
    ]);
    await changeStatus(mod, fresh.id, 'mitigated', '回避策あり。');
    assert.deepEqual(await options(fresh.id), [
      ['mitigated', true],
      ['resolved', false],
      ['dismissed', false],
    ]);
    // A resolved issue: only kept, or reopened.
    assert.deepEqual(await options(issue.id), [
      ['resolved', true],
      ['reopen', false],
    ]);
    const page = parseDocument((await mod.agent.get(`/known-issues/${issue.id}/edit`).expect(200)).text);
    assert.equal(
      textOf(one(byId(page, 'ki-status')!, (e) => e.name === 'option' && e.attribs.value === 'reopen')),
      msg('knownIssue.reopen'),
    );
    assert.equal(textOf(byId(page, 'ki-status-help')), msg('knownIssue.reopen.help'));

    const forged: [number, string][] = [
      [fresh.id, 'confirmed'],
      [fresh.id, 'investigating'],
      [fresh.id, 'reopen'],
      [issue.id, 'confirmed'],
      [issue.id, 'dismissed'],
    ];
    for (const [id, status] of forged) {
      const before = await snapshot(t);
      const res = await editIssue(mod, id, await editFormValues(mod, id), { status, note: '偽の変更' }).expect(422);
      await assertValidHtml(res.text, 'edit form refused for its status');
      assert.equal(fieldError(res.text, 'ki-status'), msg('knownIssue.status.notAllowed'), `${id} → ${status}`);
      assert.equal(valueOf(formPairs(res.text, `/known-issues/${id}/edit`), 'note'), '偽の変更', 'the input is kept');
      await assertNothingChanged(t, before, `${id} → ${status}`);
    }
    // A new issue cannot start dismissed.
    const before = await snapshot(t);
    const res = await submit(mod, KI, issueForm({ status: 'dismissed' })).expect(422);
    assert.equal(fieldError(res.text, 'ki-status'), msg('knownIssue.status.notAllowed'));
    await assertNothingChanged(t, before, 'a new issue pinned as dismissed');
  });

  it('reopens a resolved issue only with a note, into its history and the audit log', async () => {
    const before = await snapshot(t);
    const refused = await editIssue(mod, issue.id, await editFormValues(mod, issue.id), { status: 'reopen', note: '' }).expect(422);
    assert.equal(fieldError(refused.text, 'ki-note'), msg('knownIssue.note.required'));
    assert.equal(valueOf(formPairs(refused.text, `/known-issues/${issue.id}/edit`), 'status'), 'reopen', 'the choice is kept');
    await assertNothingChanged(t, before, 'reopening without a note');

    await changeStatus(mod, issue.id, 'reopen', '9.1 SP1 でも再発の報告。');
    assert.equal((await issueRow(t, issue.id)).status, 'investigating');
    const last = (await eventsOf(t, issue.id)).at(-1)!;
    assert.deepEqual(
      [last.kind, last.fromStatus, last.toStatus, last.note],
      ['status', 'resolved', 'investigating', '9.1 SP1 でも再発の報告。'],
    );
    assert.deepEqual(
      (await auditOf(t, 'known-issue.reopen', issue.id)).map((a) => [a.actorId, a.reason, a.detail?.from, a.detail?.to]),
      [[mod.user.id, '9.1 SP1 でも再発の報告。', 'resolved', 'investigating']],
    );
    const shown = history(card((await request(t.http).get(KI).expect(200)).text, issue.id)!).at(-1)!;
    assert.deepEqual(
      [shown.what, shown.note],
      [`${statusLabel('resolved')} → ${statusLabel('investigating')} (${msg('knownIssue.reopened')})`, '9.1 SP1 でも再発の報告。'],
    );
    // Reopened, it moves along again.
    await changeStatus(mod, issue.id, 'confirmed', '再現を確認。');
  });
});

describe('the summary on the bulletin and its thread', () => {
  let t: TestApp;
  let mod: Member;
  let alice: Member;
  let bob: Member;
  let a: KnownIssue;
  let b: KnownIssue;
  let c: KnownIssue;
  let r: KnownIssue;
  before(async () => {
    t = await boardApp();
    [mod, alice, bob] = [await member(t, Role.Moderator), await member(t), await member(t)];
  });
  after(() => t.close());

  it('shows open issues first in moderator order with status, platforms, one-line workaround and counts; resolved ones after in <details>', async () => {
    for (const path of [BULLETIN, THREAD]) {
      const empty = await request(t.http).get(path).expect(200);
      const s = summary(empty.text);
      assert.deepEqual([s.open, s.hasDetails], [[], false]);
      assert.ok(s.text.includes(msg('knownIssues.noneOpen')));
    }
    r = await issueThroughForm(t, mod, issueForm({ title: 'R 解決済みの問題', platforms: ['nt4-server-sp6a'], workaround: '' }));
    await changeStatus(mod, r.id, 'resolved', '解決');
    a = await issueThroughForm(
      t,
      mod,
      issueForm({
        title: 'A 最初の問題',
        platforms: ['win2000-sp3', 'win2000-sp4'],
        workaround: '一行目の回避策\n二行目は出ない',
        status: 'confirmed',
      }),
    );
    b = await issueThroughForm(t, mod, issueForm({ title: 'B 二つ目', platforms: [], workaround: '' }));
    c = await issueThroughForm(
      t,
      mod,
      issueForm({ title: 'C 三つ目', platforms: ['ws2003'], workaround: 'w'.repeat(130), status: 'mitigated' }),
    );

    // Evidence for A: alice's report (linked by herself) with bob's confirmation.
    const rep = await postThroughForm(t, alice, report());
    await createConfirmation(t.app, bob.user, rep, 'win2000-sp4');
    await submit(alice, `/known-issues/${a.id}/evidence`, { post: String(rep.id) }).expect(303);

    for (const path of [BULLETIN, THREAD]) {
      const page = await request(t.http).get(path).expect(200);
      await assertValidHtml(page.text, `${path} with a summary`);
      const s = summary(page.text);
      assert.deepEqual(
        s.open.map((i) => i.title),
        ['A 最初の問題', 'B 二つ目', 'C 三つ目'],
        `${path}: open ones in order`,
      );
      assert.deepEqual(
        s.open.map((i) => i.href),
        [a, b, c].map((i) => `${KI}#ki${i.id}`),
      );
      assert.deepEqual(
        s.open.map((i) => i.status),
        [statusLabel('confirmed'), statusLabel('investigating'), statusLabel('mitigated')],
      );
      assert.deepEqual(
        s.open.map((i) => i.platforms),
        ['Windows 2000 SP3/SP4', '', 'Windows Server 2003'],
      );
      assert.equal(s.open[0].workaround, `${msg('knownIssue.workaround')}: 一行目の回避策`, 'the first line only');
      assert.equal(s.open[1].workaround, '');
      assert.equal(s.open[2].workaround, `${msg('knownIssue.workaround')}: ${'w'.repeat(119)}…`, 'a long line is cut');
      assert.deepEqual(
        s.open.map((i) => i.evidence),
        [
          [1, 1],
          [0, 0],
          [0, 0],
        ].map(([n, m]) => msg('knownIssue.evidenceCount', { reports: n, confirmations: m })),
      );
      assert.ok(s.open[0].evidence.startsWith('報告 1件・確認 1件'));
      assert.ok(s.hasDetails, `${path}: resolved ones in <details>`);
      assert.deepEqual(
        s.resolved.map((i) => [i.title, i.status, i.href]),
        [['R 解決済みの問題', statusLabel('resolved'), `${KI}#ki${r.id}`]],
      );
      assert.ok(s.text.includes(msg('knownIssues.resolvedCount', { count: 1 })));
      assert.ok(
        one(parseDocument(page.text), (e) => e.name === 'a' && e.attribs.href === KI),
        'a link to the full page',
      );
    }
  });

  it("reorders with up and down (audited 'known-issue.reorder')", async () => {
    const order = async (path = BULLETIN) => summary((await request(t.http).get(path).expect(200)).text).open.map((i) => i.title[0]);
    const move = (id: number, direction: string) =>
      submit(mod, `/known-issues/${id}/move`, { direction }).expect(303).expect('Location', `${KI}#ki${id}`);

    await move(c.id, 'up');
    assert.deepEqual(await order(), ['A', 'C', 'B']);
    await move(a.id, 'down');
    assert.deepEqual(await order(), ['C', 'A', 'B']);
    assert.deepEqual(await order(THREAD), ['C', 'A', 'B']);
    // The full page follows the same order.
    const page = await request(t.http).get(KI).expect(200);
    const cards = all(parseDocument(page.text), (e) => e.name === 'article' && hasClass(e, 'ki-card')).map((e) =>
      Number(e.attribs.id.slice(2)),
    );
    assert.deepEqual(cards, [c.id, a.id, b.id, r.id]);

    assert.deepEqual(
      (await auditOf(t, 'known-issue.reorder', c.id)).map((x) => [x.actorId, x.detail?.direction]),
      [[mod.user.id, 'up']],
    );
    assert.deepEqual(
      (await auditOf(t, 'known-issue.reorder', a.id)).map((x) => [x.actorId, x.detail?.direction]),
      [[mod.user.id, 'down']],
    );

    // The last one cannot go further down: nothing moves.
    const last = (await t.em().find(KnownIssue, { advisory: ID }, { orderBy: [{ position: 'desc' }, { id: 'desc' }], limit: 1 }))[0];
    const before = await snapshot(t);
    await move(last.id, 'down');
    await assertNothingChanged(t, before, 'moving the last one down');
  });
});

describe('evidence from members', () => {
  let t: TestApp;
  let mod: Member;
  let alice: Member;
  let bob: Member;
  let issue: KnownIssue;
  let aliceReport: Post;
  let bobReport: Post;
  before(async () => {
    t = await boardApp();
    [mod, alice, bob] = [await member(t, Role.Moderator), await member(t), await member(t)];
    issue = await issueThroughForm(t, mod);
    aliceReport = await postThroughForm(t, alice, report());
    bobReport = await postThroughForm(t, bob, report({ platform: 'win2000-sp3', hosts: '3' }));
  });
  after(() => t.close());

  const evidenceRows = () => t.em().find(KnownIssueEvidence, { knownIssue: issue.id }, { orderBy: { id: 'asc' } });

  it('lets a member link their own visible report, counted, and only once', async () => {
    const page = await alice.agent.get(KI).expect(200);
    await assertValidHtml(page.text, 'known-issues page (member with a report)');
    const form = one(parseDocument(page.text), (e) => e.name === 'form' && e.attribs.action === `/known-issues/${issue.id}/evidence`);
    assert.ok(form, 'her reports are offered');
    assert.deepEqual(
      all(form, (e) => e.name === 'option').map((o) => o.attribs.value),
      [String(aliceReport.id)],
      'only her own',
    );

    await submit(alice, `/known-issues/${issue.id}/evidence`, { post: String(aliceReport.id) })
      .expect(303)
      .expect('Location', `${KI}#ki${issue.id}`);
    assert.equal((await issueRow(t, issue.id)).evidenceCount, 1);
    assert.deepEqual(
      (await evidenceRows()).map((e) => [e.post.id, e.addedBy.id]),
      [[aliceReport.id, alice.user.id]],
    );
    assert.equal(
      summary((await request(t.http).get(BULLETIN).expect(200)).text).open[0].evidence,
      msg('knownIssue.evidenceCount', { reports: 1, confirmations: 0 }),
    );
    const after = await alice.agent.get(KI).expect(200);
    assert.equal(
      one(parseDocument(after.text), (e) => e.name === 'form' && e.attribs.action === `/known-issues/${issue.id}/evidence`),
      null,
      'nothing left to offer',
    );

    const before = await snapshot(t);
    const twice = await submit(alice, `/known-issues/${issue.id}/evidence`, { post: String(aliceReport.id) }).expect(422);
    assert.ok(textOf(parseDocument(twice.text)).includes(msg('knownIssue.evidence.already')));
    await assertValidHtml(twice.text, 'evidence refused');
    await assertNothingChanged(t, before, 'linking twice');
  });

  it("refuses someone else's report, a plain post, a missing one, a silenced member and a guest, writing nothing", async () => {
    const plain = await postThroughForm(t, alice, { body: '報告ではない投稿' });
    const cases: [string, { agent: request.Agent; csrf: string }, string, number[], string | null][] = [
      ["bob's report by alice", alice, String(bobReport.id), [422], 'knownIssue.evidence.notYours'],
      ['a plain post', alice, String(plain.id), [422], 'knownIssue.evidence.invalid'],
      ['a missing post', alice, '999999', [422], 'knownIssue.evidence.invalid'],
      ['not a number', alice, 'abc', [422], 'knownIssue.evidence.invalid'],
      ['a guest', await guest(t), String(bobReport.id), [401, 403], null],
    ];
    for (const [label, who, post, statuses, key] of cases) {
      const before = await snapshot(t);
      const res = await submit(who, `/known-issues/${issue.id}/evidence`, { post });
      assert.ok(statuses.includes(res.status), `${label}: ${res.status}`);
      if (key) assert.ok(textOf(parseDocument(res.text)).includes(msg(key)), `${label}: ${pageProblem(res.text)}`);
      await assertNothingChanged(t, before, label);
    }

    // Bob, silenced, cannot link even his own report.
    await t
      .em()
      .nativeUpdate(
        User,
        { id: bob.user.id },
        { state: AccountState.Silenced, stateUntil: new Date(Date.now() + 3600_000), stateReason: '連続投稿' },
      );
    const before = await snapshot(t);
    const res = await submit(bob, `/known-issues/${issue.id}/evidence`, { post: String(bobReport.id) });
    assert.ok([403, 422].includes(res.status), `silenced: ${res.status}`);
    await assertNothingChanged(t, before, 'a silenced member');
    await t.em().nativeUpdate(User, { id: bob.user.id }, { state: AccountState.Active, stateUntil: null, stateReason: null });
    await submit(bob, `/known-issues/${issue.id}/evidence`, { post: String(bobReport.id) }).expect(303);
    assert.equal((await issueRow(t, issue.id)).evidenceCount, 2);
  });

  it('lets a moderator unlink evidence with a reason (audited), refusing without one', async () => {
    const page = await mod.agent.get(KI).expect(200);
    await assertValidHtml(page.text, 'known-issues page (moderator, with evidence)');
    const action = `/known-issues/${issue.id}/evidence/${bobReport.id}/remove`;
    assert.ok(
      one(parseDocument(page.text), (e) => e.name === 'form' && e.attribs.action === action),
      'an unlink form',
    );
    assert.equal(
      one(parseDocument((await alice.agent.get(KI).expect(200)).text), (e) => e.name === 'form' && e.attribs.action === action),
      null,
      'not for members',
    );

    const reasonInput = one(parseDocument(page.text), (e) => e.attribs.id === `unlink-${issue.id}-${bobReport.id}`);
    assert.equal(reasonInput?.attribs.maxlength, String(LIMITS.reason));
    for (const reason of [undefined, '', '   ', '理'.repeat(LIMITS.reason + 1)]) {
      const before = await snapshot(t);
      const res = await submit(mod, action, reason === undefined ? {} : { reason }).expect(422);
      assert.ok(textOf(parseDocument(res.text)).includes(msg('form.reasonRequired')));
      await assertValidHtml(res.text, 'unlink refused');
      await assertNothingChanged(t, before, `unlink with reason ${JSON.stringify(reason)}`);
    }

    await submit(mod, action, { reason: ' 別の問題の報告だった ' }).expect(303).expect('Location', `${KI}#ki${issue.id}`);
    assert.deepEqual(
      (await evidenceRows()).map((e) => e.post.id),
      [aliceReport.id],
    );
    assert.equal((await issueRow(t, issue.id)).evidenceCount, 1);
    const audit = await auditOf(t, 'known-issue.evidence-remove', issue.id);
    assert.deepEqual(
      audit.map((x) => [x.actorId, x.reason, x.detail?.post]),
      [[mod.user.id, '別の問題の報告だった', bobReport.id]],
    );

    // Not linked (any more): 404, nothing changes.
    const before = await snapshot(t);
    await submit(mod, action, { reason: 'もう一度' }).expect(404);
    await assertNothingChanged(t, before, 'unlinking what is not linked');
  });
});

describe('refusals', () => {
  let t: TestApp;
  let mod: Member;
  let issue: KnownIssue;
  let rep: Post;
  before(async () => {
    t = await boardApp();
    mod = await member(t, Role.Moderator);
    const alice = await member(t);
    issue = await issueThroughForm(t, mod);
    rep = await postThroughForm(t, alice, report());
    await submit(alice, `/known-issues/${issue.id}/evidence`, { post: String(rep.id) }).expect(303);
    await issueThroughForm(t, mod, issueForm({ title: '二つ目' }));
  });
  after(() => t.close());

  const attempts = () => [
    { label: 'GET new', go: (m: { agent: request.Agent; csrf: string }) => m.agent.get(`${KI}/new`) },
    { label: 'GET new from a report', go: (m: { agent: request.Agent; csrf: string }) => m.agent.get(`${KI}/new?from=${rep.id}`) },
    { label: 'POST create', go: (m: { agent: request.Agent; csrf: string }) => submit(m, KI, issueForm({ from: String(rep.id) })) },
    { label: 'GET edit', go: (m: { agent: request.Agent; csrf: string }) => m.agent.get(`/known-issues/${issue.id}/edit`) },
    {
      label: 'POST edit',
      go: (m: { agent: request.Agent; csrf: string }) =>
        submit(m, `/known-issues/${issue.id}/edit`, issueForm({ status: 'resolved', note: '権限なし' })),
    },
    {
      label: 'move down',
      go: (m: { agent: request.Agent; csrf: string }) => submit(m, `/known-issues/${issue.id}/move`, { direction: 'down' }),
    },
    {
      label: 'unlink',
      go: (m: { agent: request.Agent; csrf: string }) =>
        submit(m, `/known-issues/${issue.id}/evidence/${rep.id}/remove`, { reason: '権限なし' }),
    },
  ];

  it('refuses subscribers and editors with 403, changing nothing', async () => {
    for (const role of [Role.Subscriber, Role.Editor]) {
      const m = await member(t, role);
      const page = await m.agent.get(KI).expect(200);
      const d = parseDocument(page.text);
      assert.equal(
        one(d, (e) => e.name === 'a' && (e.attribs.href ?? '').startsWith(`${KI}/new`)),
        null,
        `${role}: no new link`,
      );
      assert.equal(
        one(d, (e) => e.name === 'a' && e.attribs.href === `/known-issues/${issue.id}/edit`),
        null,
        `${role}: no edit link`,
      );
      assert.equal(
        one(d, (e) => e.name === 'form' && (e.attribs.action ?? '').endsWith('/move')),
        null,
        `${role}: no move form`,
      );
      for (const a of attempts()) {
        const before = await snapshot(t);
        const res = await a.go(m);
        assert.equal(res.status, 403, `${role}: ${a.label}`);
        await assertNothingChanged(t, before, `${role}: ${a.label}`);
      }
    }
  });

  it('refuses a guest with 401, changing nothing', async () => {
    const g = await guest(t);
    for (const a of attempts()) {
      const before = await snapshot(t);
      const res = await a.go(g);
      assert.equal(res.status, 401, `guest: ${a.label}`);
      await assertNothingChanged(t, before, `guest: ${a.label}`);
    }
    // Without a session token the CSRF check answers first; still nothing.
    const before = await snapshot(t);
    const res = await request(t.http).post(KI).type('form').send(formBody('x', issueForm()));
    assert.ok([401, 403].includes(res.status));
    await assertNothingChanged(t, before, 'guest without a token');
  });

  it('answers 404 for unknown issues, advisories and evidence', async () => {
    const before = await snapshot(t);
    const missing: [string, () => PromiseLike<{ status: number }>][] = [
      ['GET edit 999999', () => mod.agent.get('/known-issues/999999/edit')],
      ['POST edit 999999', () => submit(mod, '/known-issues/999999/edit', issueForm())],
      ['move 999999', () => submit(mod, '/known-issues/999999/move', { direction: 'up' })],
      ['evidence 999999', () => submit(mod, '/known-issues/999999/evidence', { post: String(rep.id) })],
      ['unlink from 999999', () => submit(mod, `/known-issues/999999/evidence/${rep.id}/remove`, { reason: 'なし' })],
      ['unlink post 999999', () => submit(mod, `/known-issues/${issue.id}/evidence/999999/remove`, { reason: 'なし' })],
      ['GET edit 2147483648', () => mod.agent.get('/known-issues/2147483648/edit')],
      ['move 99999999999', () => submit(mod, '/known-issues/99999999999/move', { direction: 'up' })],
      ['unlink post 2147483648', () => submit(mod, `/known-issues/${issue.id}/evidence/2147483648/remove`, { reason: 'なし' })],
      ['GET advisory MS99-999', () => request(t.http).get('/advisories/MS99-999/known-issues')],
      ['GET new MS99-999', () => mod.agent.get('/advisories/MS99-999/known-issues/new')],
      ['POST create MS99-999', () => submit(mod, '/advisories/MS99-999/known-issues', issueForm())],
    ];
    const got: string[] = [];
    for (const [label, go] of missing) got.push(`${label}: ${(await go()).status}`);
    assert.deepEqual(
      got,
      missing.map(([label]) => `${label}: 404`),
    );
    await assertNothingChanged(t, before, 'unknown ids');
    await assertValidHtml((await request(t.http).get('/advisories/MS99-999/known-issues')).text, '404 page');
  });

  it("hides a draft advisory's known issues from guests and members", async () => {
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS05-001' })], false);
    const admin = await member(t, Role.Admin);
    const draftIssue = await issueThroughForm(t, admin, issueForm({ title: '下書きの問題' }), 'MS05-001');
    await request(t.http).get('/advisories/MS05-001/known-issues').expect(404);
    const m = await member(t);
    await m.agent.get('/advisories/MS05-001/known-issues').expect(404);
    // A moderator who cannot see drafts cannot file issues against one either.
    await mod.agent.get('/advisories/MS05-001/known-issues/new').expect(404);
    const page = await admin.agent.get('/advisories/MS05-001/known-issues').expect(200);
    assert.ok(card(page.text, draftIssue.id), 'the editor-admin sees it');
  });
});

describe('/known-issues across advisories', () => {
  let t: TestApp;
  let mod: Member;
  let veritas: KnownIssue;
  let nt4: KnownIssue;
  let other: KnownIssue;
  let draftIssue: KnownIssue;
  let resolved: KnownIssue;
  let dismissed: KnownIssue;
  const OTHER = 'MS09-500';
  before(async () => {
    t = await boardApp();
    mod = await member(t, Role.Moderator);
    const admin = await member(t, Role.Admin);
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: OTHER })]);
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS09-501' })], false);
    veritas = await issueThroughForm(
      t,
      mod,
      issueForm({ title: 'Backup Exec の問題', platforms: ['win2000-sp4'], software: 'VERITAS Backup Exec 8.6', status: 'investigating' }),
    );
    nt4 = await issueThroughForm(
      t,
      mod,
      issueForm({ title: 'NT4 が起動しない', platforms: ['nt4-server-sp6a', 'nt4-tse-sp6'], software: '', status: 'confirmed' }),
    );
    other = await issueThroughForm(
      t,
      mod,
      issueForm({
        title: '別のセキュリティ情報の問題',
        platforms: ['ws2003'],
        software: 'Symantec AntiVirus',
        status: 'mitigated',
        references: '',
      }),
      OTHER,
    );
    draftIssue = await issueThroughForm(
      t,
      admin,
      issueForm({
        title: '下書きの問題',
        platforms: ['win2000-sp4', 'ws2003'],
        software: 'VERITAS Backup Exec 8.6',
        status: 'confirmed',
        references: '',
      }),
      'MS09-501',
    );
    resolved = await issueThroughForm(t, mod, issueForm({ title: '解決済み', status: 'resolved' }));
    // Dismissed is never a first status: pinned, then dismissed.
    dismissed = await issueThroughForm(t, mod, issueForm({ title: '却下' }));
    await changeStatus(mod, dismissed.id, 'dismissed', '無関係と判明。');
  });
  after(() => t.close());

  const list = async (query: string) => {
    const res = await request(t.http).get(`/known-issues${query}`);
    assert.equal(res.status, 200, `/known-issues${query}: ${res.status}`);
    return res.text;
  };

  it('lists open issues of published advisories, linking each to its advisory and anchor', async () => {
    const html = await list('');
    await assertValidHtml(html, '/known-issues');
    const ids = listedIds(html);
    assert.deepEqual(
      [...ids].sort((x, y) => x - y),
      [veritas.id, nt4.id, other.id].sort((x, y) => x - y),
    );
    for (const hidden of [draftIssue, resolved, dismissed]) assert.ok(!ids.includes(hidden.id), `${hidden.title} is not listed`);
    const d = parseDocument(html);
    const item = one(
      d,
      (e) =>
        e.name === 'li' && one(e, (a) => a.name === 'a' && a.attribs.href === `/advisories/${OTHER}/known-issues#ki${other.id}`) !== null,
    )!;
    assert.ok(item, 'the other advisory’s issue links to its page');
    assert.ok(one(item, (e) => e.name === 'a' && e.attribs.href === `/advisories/${OTHER}`));
    assert.ok(textOf(item).includes(statusLabel('mitigated')));
    assert.ok(textOf(d).includes(msg('knownIssues.count', { count: 3 })));
    // The platform filter offers the keys of the listed issues only (none from the draft).
    const options = all(byId(d, 'f-platform')!, (e) => e.name === 'option').map((o) => o.attribs.value);
    assert.deepEqual(options, ['', 'nt4-server-sp6a', 'nt4-tse-sp6', 'win2000-sp4', 'ws2003']);
  });

  it('filters by status, platform and software (case- and width-insensitive)', async () => {
    const cases: [string, number[]][] = [
      ['?status=confirmed', [nt4.id]],
      ['?status=investigating', [veritas.id]],
      ['?status=mitigated', [other.id]],
      ['?platform=ws2003', [other.id]],
      ['?platform=nt4-tse-sp6', [nt4.id]],
      ['?software=veritas', [veritas.id]],
      ['?software=BACKUP%20EXEC', [veritas.id]],
      [`?software=${encodeURIComponent('ＶＥＲＩＴＡＳ　Ｂａｃｋｕｐ')}`, [veritas.id]],
      [`?software=${encodeURIComponent('ｓｙｍａｎｔｅｃ')}`, [other.id]],
      ['?software=%20symantec%20', [other.id]],
      ['?status=investigating&platform=win2000-sp4&software=veritas', [veritas.id]],
      ['?status=confirmed&software=veritas', []],
    ];
    for (const [query, expected] of cases) {
      const html = await list(query);
      assert.deepEqual(
        listedIds(html).sort((x, y) => x - y),
        [...expected].sort((x, y) => x - y),
        query,
      );
      if (!expected.length) assert.ok(textOf(parseDocument(html)).includes(msg('knownIssues.noneMatching')), query);
    }
    const filtered = await list('?status=confirmed&platform=nt4-tse-sp6&software=x');
    await assertValidHtml(filtered, '/known-issues filtered');
    const d = parseDocument(filtered);
    assert.equal(
      one(byId(d, 'f-status')!, (e) => e.name === 'option' && 'selected' in e.attribs)?.attribs.value,
      'confirmed',
      'the chosen status stays selected',
    );
    assert.equal(one(byId(d, 'f-platform')!, (e) => e.name === 'option' && 'selected' in e.attribs)?.attribs.value, 'nt4-tse-sp6');
    assert.equal(byId(d, 'f-software')?.attribs.value, 'x');
  });

  it('ignores bad filter values, never a 500, and never lists a draft’s issues', async () => {
    const allOpen = [veritas.id, nt4.id, other.id].sort((x, y) => x - y);
    for (const query of [
      '?status=dismissed',
      '?status=resolved',
      '?status=%3Cscript%3E',
      '?status=a&status=b',
      '?status[]=confirmed',
      '?status[a]=1',
      '?software[]=x',
      '?software=a&software=b',
      '?platform[]=ws2003',
      '?platform=a&platform=b',
      '?status=',
      '?software=%20%20',
      '?status=%E3%81%82',
      '?status=CONFIRMED',
    ]) {
      const html = await list(query);
      assert.deepEqual(
        listedIds(html).sort((x, y) => x - y),
        allOpen,
        `${query}: ignored`,
      );
      assert.equal(
        one(byId(parseDocument(html), 'f-status')!, (e) => e.name === 'option' && 'selected' in e.attribs),
        null,
        `${query}: no status selected`,
      );
    }
    await assertValidHtml(await list('?status=%3Cscript%3E&software=%22%3E%3Cimg%20src%3Dx%3E'), '/known-issues with odd filters');
    assertInert(
      await list('?status=%3Cscript%3E&software=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'),
      '/known-issues with odd filters',
    );
    // A NUL byte is refused before any route (400), never a 500.
    assert.equal((await request(t.http).get('/known-issues?status=confirmed%00&software=a%00')).status, 400);
    // A platform nobody has is a filter that matches nothing; a long value is no error either.
    assert.deepEqual(listedIds(await list('?platform=win2008-r2')), []);
    assert.deepEqual(listedIds(await list(`?platform=${'x'.repeat(3000)}&software=${'y'.repeat(3000)}`)), []);
    // The draft's issue matches every filter but is still not listed.
    for (const query of [
      '?status=confirmed',
      '?platform=win2000-sp4',
      '?software=veritas',
      '?status=confirmed&platform=ws2003&software=veritas',
    ]) {
      assert.ok(!listedIds(await list(query)).includes(draftIssue.id), query);
    }
  });
});

describe('notifications of known issues', () => {
  let t: TestApp;
  let mod: Member;
  let watcher: Member;
  let bystander: Member;
  let issue: KnownIssue;
  before(async () => {
    t = await boardApp();
    [mod, watcher, bystander] = [await member(t, Role.Moderator), await member(t), await member(t)];
  });
  after(() => t.close());

  const notificationsOf = (m: Member) => t.em().find(Notification, { user: m.user.id }, { orderBy: { id: 'asc' } });
  const unreadOf = async (m: Member) => (await t.em().findOneOrFail(User, m.user.id)).unreadNotifications;

  it('tells watchers (not the moderator who did it) of a new issue and of each status change, not of a plain edit', async () => {
    await submit(watcher, `${BULLETIN}/watch`).expect(303);
    await submit(mod, `${BULLETIN}/watch`).expect(303);

    issue = await issueThroughForm(t, mod);
    assert.deepEqual(
      (await notificationsOf(watcher)).map((n) => [n.kind, n.knownIssue?.id, n.post, n.actor?.id]),
      [['known-issue', issue.id, null, mod.user.id]],
    );
    assert.equal(await unreadOf(watcher), 1);
    assert.equal((await notificationsOf(mod)).length, 0, 'not the moderator who did it');
    assert.equal(await unreadOf(mod), 0);
    assert.equal((await notificationsOf(bystander)).length, 0, 'not watching, not told');

    await changeStatus(mod, issue.id, 'investigating', '文言の修正', { title: '件名を直した' });
    assert.equal((await notificationsOf(watcher)).length, 1, 'a plain edit tells nobody');

    await changeStatus(mod, issue.id, 'confirmed', '確認');
    assert.deepEqual(
      (await notificationsOf(watcher)).map((n) => n.knownIssue?.id),
      [issue.id, issue.id],
    );
    assert.equal(await unreadOf(watcher), 2);
    assert.equal((await notificationsOf(mod)).length, 0);

    // Another moderator's change reaches the first one, who watches.
    const other = await member(t, Role.Moderator);
    await changeStatus(other, issue.id, 'resolved', '解決');
    assert.equal((await notificationsOf(watcher)).length, 3);
    assert.deepEqual(
      (await notificationsOf(mod)).map((n) => [n.kind, n.actor?.id]),
      [['known-issue', other.user.id]],
    );

    // Moves and evidence are not news.
    await issueThroughForm(t, other, issueForm({ title: '並べ替え用' }));
    assert.equal((await notificationsOf(watcher)).length, 4);
    await submit(mod, `/known-issues/${issue.id}/move`, { direction: 'down' }).expect(303);
    const rep = await postThroughForm(t, bystander, report());
    await submit(bystander, `/known-issues/${issue.id}/evidence`, { post: String(rep.id) }).expect(303);
    // (The bystander now watches, having posted; the watcher heard of the report, not of the evidence.)
    assert.deepEqual(
      (await notificationsOf(watcher)).map((n) => n.kind),
      ['known-issue', 'known-issue', 'known-issue', 'known-issue', 'report'],
    );
  });

  it('links each notification to the issue on its advisory’s page', async () => {
    const page = await watcher.agent.get('/notifications').expect(200);
    await assertValidHtml(page.text, 'notifications of known issues');
    const rows = (await notificationsOf(watcher)).filter((n) => n.kind === 'known-issue').reverse();
    const items = all(parseDocument(page.text), (e) => e.name === 'li' && hasClass(e, 'notification')).filter((li) =>
      (one(li, (e) => e.name === 'a')?.attribs.href ?? '').includes('/known-issues#'),
    );
    assert.equal(items.length, 4);
    for (const [i, item] of items.entries()) {
      assert.equal(
        one(item, (e) => e.name === 'a')?.attribs.href,
        `${KI}#ki${rows[i].knownIssue!.id}`,
        `notification ${i} links to its issue`,
      );
      assert.ok(hasClass(item, 'notification--unread'));
    }
    assert.deepEqual(
      rows.slice(1).map((n) => n.knownIssue!.id),
      [issue.id, issue.id, issue.id],
    );
  });

  it('says in words what happened: the advisory and the issue’s title, no raw key or placeholder', async () => {
    const page = await watcher.agent.get('/notifications').expect(200);
    const titles = new Map((await t.em().find(KnownIssue, {})).map((i) => [`${KI}#ki${i.id}`, i.title]));
    let checked = 0;
    for (const item of all(parseDocument(page.text), (e) => e.name === 'li' && hasClass(e, 'notification'))) {
      const link = one(item, (e) => e.name === 'a')!;
      const title = titles.get(link.attribs.href);
      if (!title) continue;
      const text = textOf(link);
      assert.ok(!/notifications\.kind\.|\{\w+\}/.test(text), `the notification reads as a message, not a key or a placeholder: "${text}"`);
      assert.ok(text.includes(ID) && text.includes(title), `names the advisory and the issue: "${text}"`);
      checked++;
    }
    assert.equal(checked, 4);
  });
});

describe('script in known issues', () => {
  const PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)>';
  let t: TestApp;
  let mod: Member;
  let watcher: Member;
  before(async () => {
    t = await boardApp();
    [mod, watcher] = [await member(t, Role.Moderator), await member(t)];
    await submit(watcher, `${BULLETIN}/watch`).expect(303);
  });
  after(() => t.close());

  it('shows title, symptom, workaround and the rest escaped on every page', async () => {
    const fields = {
      title: `件名 ${PAYLOAD}`,
      symptom: `症状 ${PAYLOAD}`,
      workaround: `回避策 ${PAYLOAD}\n二行目 ${PAYLOAD}`,
      resolution: `解決 ${PAYLOAD}`,
      software: `ソフト ${PAYLOAD}`,
      note: `記録 ${PAYLOAD}`,
    };
    const issue = await issueThroughForm(t, mod, issueForm(fields));
    assert.equal(issue.title, fields.title, 'stored as typed');
    await changeStatus(mod, issue.id, 'confirmed', `変更 ${PAYLOAD}`);

    const pages: [string, string][] = [
      ['known-issues page', (await request(t.http).get(KI).expect(200)).text],
      ['known-issues page (moderator)', (await mod.agent.get(KI).expect(200)).text],
      ['bulletin', (await request(t.http).get(BULLETIN).expect(200)).text],
      ['thread', (await request(t.http).get(THREAD).expect(200)).text],
      ['/known-issues', (await request(t.http).get('/known-issues').expect(200)).text],
      [
        '/known-issues?software=',
        (
          await request(t.http)
            .get(`/known-issues?software=${encodeURIComponent(PAYLOAD)}`)
            .expect(200)
        ).text,
      ],
      ['edit form', (await mod.agent.get(`/known-issues/${issue.id}/edit`).expect(200)).text],
      ['form with errors', (await submit(mod, KI, { ...fields, note: '' }).expect(422)).text],
      ['notifications', (await watcher.agent.get('/notifications').expect(200)).text],
    ];
    for (const [label, html] of pages) {
      await assertValidHtml(html, label);
      assertInert(html, label);
    }
    // The text is shown, as text.
    const kiPage = textOf(parseDocument(pages[0][1]));
    for (const v of [fields.title, fields.symptom, fields.resolution, fields.software, `記録 ${PAYLOAD}`, `変更 ${PAYLOAD}`])
      assert.ok(kiPage.includes(v.replace(/\s+/g, ' ')), `shown as text: ${v}`);
    for (const [label, html] of pages.slice(2, 5))
      assert.ok(textOf(parseDocument(html)).includes(fields.title), `${label}: the title as text`);
    const line = summary(pages[2][1]).open[0].workaround;
    assert.equal(line, `${msg('knownIssue.workaround')}: 回避策 ${PAYLOAD}`.replace(/\s+/g, ' '), 'the workaround line as text');
    const form = formPairs(pages[7][1], KI);
    assert.equal(valueOf(form, 'title'), fields.title, 'kept in the form as typed');
    assert.equal(valueOf(form, 'symptom'), fields.symptom);
  });

  it('never links a reference that is not http(s)', async () => {
    const before = await snapshot(t);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      '//evil.example/x',
    ]) {
      const res = await submit(mod, KI, issueForm({ references: bad })).expect(422);
      assert.equal(fieldError(res.text, 'ki-references'), msg('knownIssue.references.invalid'), bad);
      assertInert(res.text, `references ${bad}`);
    }
    await assertNothingChanged(t, before, 'bad references');
    const html = (await request(t.http).get(KI).expect(200)).text;
    const hrefs = all(parseDocument(html), (e) => e.name === 'a').map((a) => a.attribs.href ?? '');
    assert.ok(
      hrefs.every((h) => !/^\s*(javascript|data|vbscript):/i.test(h)),
      hrefs.join(' '),
    );
  });
});
