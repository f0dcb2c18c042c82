import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Advisory } from '../../src/advisories/advisory.entity';
import { translate } from '../../src/common/i18n/i18n';
import { findRootDir, loadConfig } from '../../src/config/config';
import { stripNonXmlChars } from '../../src/feeds/atom';
import { KnownIssueEvent } from '../../src/known-issues/known-issue-event.entity';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { Thread } from '../../src/threads/thread.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { csrfFrom, signedInAgent } from '../factories/user.factory';
import { fieldError, fieldValue, formSubmission } from '../support/forms';
import { assertNoActiveContent, assertNoLeak, fieldGroups as groups, NAUGHTY_TEXT, pageText, tooLongFor as tooLong, xmlTitles } from '../support/hostile';
import { createTestApp, TestApp } from '../support/test-app';

// The Big List of Naughty Strings through moderators' and editors' forms: known issues (every field,
// status notes), the advisory editor (titles, summary, vulnerabilities, platforms, editor's notes), and
// the reasons of lock, account state, role and unpublish. What is stored is what was typed (trimmed,
// CRLF as LF, the software name NFKC-normalized, as documented); every page, feed and export that
// shows it shows it as text.

const DEFAULTS = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false' }, findRootDir(__dirname));
const msg = (key: string) => translate('ja', key);
const ID = 'MS04-044';

interface Member {
  agent: request.Agent;
  csrf: string;
  id: number;
}

async function member(t: TestApp, role?: Role): Promise<Member> {
  const { agent, user } = await signedInAgent(t.app, role);
  return { agent, csrf: csrfFrom((await agent.get('/').expect(200)).text), id: user.id };
}

function submit(m: Member, path: string, fields: Record<string, string | string[]> | [string, string][]) {
  const params = new URLSearchParams();
  for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  params.set('_csrf', m.csrf);
  return m.agent.post(path).type('form').send(params.toString());
}

const nfkc = (s: string) => s.normalize('NFKC');

/** Every field of a (large) form by name, parsed once; textareas as the page holds them (LF). */
function formValues(html: string, action: string): Map<string, string> {
  return new Map(formSubmission(html, action).fields.map(([k, v]) => [k, v.replace(/\r\n/g, '\n')]));
}
const at = <T>(list: T[], i: number) => list[i % list.length];

describe('naughty strings in moderators’ and editors’ forms', () => {
  let t: TestApp;
  let rootDir: string;
  let mod: Member;
  let editor: Member;
  let admin: Member;

  before(async () => {
    t = await createTestApp({ rateLimits: { ...DEFAULTS.rateLimits, postsPerUser: { limit: 100_000, windowSeconds: 60 } } });
    rootDir = t.config.rootDir;
    await createAdvisories(t.app, [referenceDocument()]);
    mod = await member(t, Role.Moderator);
    editor = await member(t, Role.Editor);
    admin = await member(t, Role.Admin);
  });
  after(() => t.close());

  it('known issues keep every field as typed, and every page, feed and export shows them as text', async () => {
    const titles = groups(200, ' ');
    const software = groups(200, ' ', nfkc);
    const texts = groups(5000, '\n');
    const notes = groups(1000, ' ');
    const count = Math.max(titles.length, software.length);
    const made: { id: number; title: string; symptom: string; software: string; workaround: string; resolution: string; note: string }[] = [];
    for (let i = 0; i < count; i++) {
      const typed = { title: at(titles, i), symptom: at(texts, i).replace(/\n/g, '\r\n'), software: software[i] ?? '', workaround: at(texts, i + 1).replace(/\n/g, '\r\n'), resolution: at(texts, i + 2), note: at(notes, i) };
      const res = await submit(mod, `/advisories/${ID}/known-issues`, { ...typed, platforms: ['win2000-sp4'], status: 'investigating' });
      assertNoLeak(res, `issue ${i}`, rootDir);
      assert.equal(res.status, 303, `issue ${i}: ${res.status} ${pageText(res.text).slice(0, 200)}`);
      const id = Number(/#ki(\d+)$/.exec(res.headers.location)![1]);
      made.push({ id, title: typed.title.trim(), symptom: at(texts, i).trim(), software: nfkc(typed.software).trim(), workaround: at(texts, i + 1).trim(), resolution: typed.resolution.trim(), note: typed.note.trim() });
    }

    // Stored as typed.
    const stored = new Map((await t.em().find(KnownIssue, { id: { $in: made.map((m) => m.id) } })).map((i) => [i.id, i]));
    const events = await t.em().find(KnownIssueEvent, { knownIssue: { $in: made.map((m) => m.id) } });
    for (const m of made) {
      const i = stored.get(m.id)!;
      assert.deepEqual({ title: i.title, symptom: i.symptom, software: i.software, workaround: i.workaround, resolution: i.resolution }, { title: m.title, symptom: m.symptom, software: m.software, workaround: m.workaround, resolution: m.resolution }, `issue ${m.id}`);
      assert.equal(events.find((e) => e.knownIssue.id === m.id)?.note, m.note, `issue ${m.id} note`);
    }
    // The edit form gives each field back (every third issue: the status changes below send more of them back).
    for (const m of made.filter((_, i) => i % 3 === 0)) {
      const form = formValues((await mod.agent.get(`/known-issues/${m.id}/edit`).expect(200)).text, `/known-issues/${m.id}/edit`);
      for (const field of ['title', 'symptom', 'software', 'workaround', 'resolution'] as const) assert.equal(form.get(field), m[field], `issue ${m.id} ${field} in the form`);
    }

    // A status change with each note: sending the edit form as a browser would keeps every field unchanged.
    for (const [k, note] of notes.entries()) {
      const m = made[k];
      const page = await mod.agent.get(`/known-issues/${m.id}/edit`).expect(200);
      const form = formSubmission(page.text, `/known-issues/${m.id}/edit`);
      const fields = form.fields.map(([n, v]): [string, string] => [n, n === 'status' ? 'confirmed' : n === 'note' ? note : v]);
      const res = await mod.agent.post(form.action).type('form').send(new URLSearchParams(fields).toString());
      assert.equal(res.status, 303, `status change ${k}`);
      const after = await t.em().findOneOrFail(KnownIssue, m.id);
      assert.deepEqual([after.status, after.title, after.symptom, after.workaround], ['confirmed', m.title, m.symptom, m.workaround]);
    }
    assert.equal(await t.em().count(KnownIssueEvent, { kind: 'status', note: { $in: notes.map((n) => n.trim()) } }), notes.length);

    // Strings too long for the title or the software on their own: refused with the reason, the text kept.
    for (const s of tooLong(200)) {
      const res = await submit(mod, `/advisories/${ID}/known-issues`, { title: s, symptom: 's', note: 'n' });
      assertNoLeak(res, 'long title', rootDir);
      assert.equal(res.status, 422);
      assert.equal(fieldError(res.text, 'ki-title'), msg('knownIssue.title.invalid'));
      assert.equal(fieldValue(res.text, 'title'), s);
    }
    for (const s of tooLong(200, nfkc)) {
      const res = await submit(mod, `/advisories/${ID}/known-issues`, { title: 't', symptom: 's', note: 'n', software: s });
      assert.equal(res.status, 422);
      assert.equal(fieldError(res.text, 'ki-software'), msg('knownIssue.software.tooLong'));
      assert.equal(fieldValue(res.text, 'software'), s);
    }

    // References that are none of KB numbers or URLs: refused, with what was typed kept.
    const typedRefs = NAUGHTY_TEXT.join('\r\n');
    const refused = await submit(mod, `/advisories/${ID}/known-issues`, { title: 't', symptom: 's', note: 'n', references: typedRefs });
    assertNoLeak(refused, 'references', rootDir);
    assert.equal(refused.status, 422);
    assert.equal(fieldError(refused.text, 'ki-references'), msg('knownIssue.references.invalid'));
    assert.equal(fieldValue(refused.text, 'references')?.replace(/\r\n/g, '\n'), NAUGHTY_TEXT.join('\n'));

    for (const path of [`/advisories/${ID}/known-issues`, '/known-issues', `/advisories/${ID}/thread`, `/advisories/${ID}`, `/advisories/${ID}/embed`]) {
      const res = await request(t.http).get(path).expect(200);
      assertNoActiveContent(res.text, path);
      const shown = path.endsWith('/known-issues') ? pageText(res.text) : '';
      if (shown) for (const m of made) assert.ok(shown.includes(m.title), `${path} shows ${JSON.stringify(m.title).slice(0, 40)}`);
    }
    const history = pageText((await request(t.http).get(`/advisories/${ID}/known-issues`)).text);
    for (const note of notes) assert.ok(history.includes(note.trim()), 'the history shows each note');

    const summary = JSON.parse((await request(t.http).get(`/advisories/${ID}/summary.json`).expect(200)).text) as { knownIssues: { open: { title: string }[] } };
    assert.deepEqual(summary.knownIssues.open.map((i) => i.title).sort(), made.map((m) => m.title).sort());
    const bulletin = (await request(t.http).get(`/advisories/${ID}/bulletin.txt`).expect(200)).text;
    for (const m of made) assert.ok(bulletin.includes(m.title), `bulletin.txt has ${JSON.stringify(m.title).slice(0, 40)}`);
    for (const feed of [`/advisories/${ID}/known-issues.atom`, '/known-issues.atom']) {
      const feedTitles = xmlTitles((await request(t.http).get(feed).expect(200)).text).join('\n');
      // A feed holds the latest entries only: enough of them, each title as stored less what XML cannot carry.
      const shown = made.filter((m) => feedTitles.includes(stripNonXmlChars(m.title))).length;
      assert.ok(shown >= Math.min(10, made.length), `${feed}: ${shown} titles`);
    }
  });

  it('the advisory editor keeps every field as typed through create and edit, and the bulletin shows it as text', async () => {
    const names = groups(300, ' ');
    const labels = groups(200, ' ');
    const bodies = groups(2000, '\n');
    const summary = groups(20_000, '\n')[0];
    assert.ok(names.length <= 100 && labels.length <= 120, `${names.length} names, ${labels.length} labels fit the form's rows`);

    // The new form, filled as a browser would post it (textareas with CRLF), with rows added by index.
    const page = await editor.agent.get('/advisories/new').expect(200);
    const base = formSubmission(page.text, '/advisories/new', { name: 'do', value: 'save' });
    const fields = new Map<string, string>(base.fields.filter(([k]) => !k.startsWith('platforms.')));
    const set = (k: string, v: string) => fields.set(k, v);
    set('id', 'MS09-777');
    set('kb.0', '977777');
    set('title', names[0]);
    set('officialTitle', names[1]);
    set('severity', '2');
    set('countermeasure', 'early');
    set('summary', summary.replace(/\n/g, '\r\n'));
    for (let k = 0; k < 50 && k < names.length; k++) {
      set(`vulnerabilities.${k}.name`, names[k]);
      set(`vulnerabilities.${k}.detail`, at(bodies, k).replace(/\n/g, '\r\n'));
    }
    const noteTitles = names.slice(50);
    for (const [k, title] of noteTitles.entries()) {
      set(`editorNotes.${k}.title`, title);
      set(`editorNotes.${k}.body`, at(bodies, k + 3).replace(/\n/g, '\r\n'));
    }
    const platformRows = Math.min(60, Math.ceil(labels.length / 2));
    for (let k = 0; k < platformRows; k++) {
      set(`platforms.${k}.key`, `p${k}`);
      set(`platforms.${k}.label`, labels[k]);
      set(`platforms.${k}.product`, labels[platformRows + k] ?? 'Windows');
    }
    // Strings too long for a platform's label on their own: the form comes back with the reason and the text.
    const long = tooLong(200);
    const refusedFields = new Map(fields);
    for (const [k, label] of long.entries()) {
      refusedFields.set(`platforms.${k}.key`, `p${k}`);
      refusedFields.set(`platforms.${k}.label`, label);
      refusedFields.set(`platforms.${k}.product`, 'Windows');
    }
    const refused = await editor.agent.post('/advisories/new').type('form').send(new URLSearchParams([...refusedFields]).toString());
    assertNoLeak(refused, 'long labels', rootDir);
    assert.equal(refused.status, 422);
    const kept = formValues(refused.text, '/advisories/new');
    for (const [k, label] of long.entries()) assert.equal(kept.get(`platforms.${k}.label`), label);
    assertNoActiveContent(refused.text, 'refused form');

    const created = await editor.agent.post('/advisories/new').type('form').send(new URLSearchParams([...fields]).toString());
    assertNoLeak(created, 'create', rootDir);
    assert.equal(created.status, 303, `create: ${created.status} ${pageText(created.text).replace(/\s+/g, ' ').slice(0, 300)}`);

    // The edit form gives back every field (trimmed one-line fields, LF line ends).
    const edit = await editor.agent.get('/advisories/MS09-777/edit').expect(200);
    assertNoActiveContent(edit.text, 'edit form');
    const expect: [string, string][] = [['title', names[0]], ['officialTitle', names[1]], ['summary', summary]];
    for (let k = 0; k < 50 && k < names.length; k++) expect.push([`vulnerabilities.${k}.name`, names[k].trim()], [`vulnerabilities.${k}.detail`, at(bodies, k)]);
    for (const [k, title] of noteTitles.entries()) expect.push([`editorNotes.${k}.title`, title.trim()], [`editorNotes.${k}.body`, at(bodies, k + 3)]);
    for (let k = 0; k < platformRows; k++) expect.push([`platforms.${k}.label`, labels[k].trim()], [`platforms.${k}.product`, (labels[platformRows + k] ?? 'Windows').trim()]);
    const shown = formValues(edit.text, '/advisories/MS09-777/edit');
    const mismatched = expect.filter(([k, v]) => shown.get(k) !== (k === 'title' || k === 'officialTitle' ? v.trim() : v)).map(([k]) => k);
    assert.deepEqual(mismatched, []);

    // Sent back unchanged, as a browser would: saved, and nothing differs.
    const again = formSubmission(edit.text, '/advisories/MS09-777/edit', { name: 'do', value: 'save' });
    const resent = await editor.agent.post(again.action.replace(/#.*$/, '')).type('form').send(again.body);
    assert.equal(resent.status, 303, `resent: ${pageText(resent.text).replace(/\s+/g, ' ').slice(0, 300)}`);
    const reread = formValues((await editor.agent.get('/advisories/MS09-777/edit').expect(200)).text, '/advisories/MS09-777/edit');
    assert.deepEqual(expect.filter(([k]) => reread.get(k) !== shown.get(k)).map(([k]) => k), []);

    // Every name group also as the title and the official title, through edits of a small bulletin.
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS09-778' })], false);
    const small = formSubmission((await editor.agent.get('/advisories/MS09-778/edit').expect(200)).text, '/advisories/MS09-778/edit', { name: 'do', value: 'save' });
    const unchanged = small.fields.filter(([n]) => !['_csrf', 'revision', 'title', 'officialTitle'].includes(n));
    for (const [k, title] of names.entries()) {
      const official = at(names, k + 1);
      const res = await submit(editor, '/advisories/MS09-778/edit', [...unchanged, ['title', title], ['officialTitle', official]]);
      assertNoLeak(res, `title ${k}`, rootDir);
      assert.equal(res.status, 303, `title ${k}: ${res.status}`);
      const saved = await t.em().findOneOrFail(Advisory, 'MS09-778');
      assert.deepEqual([saved.title, saved.officialTitle], [title.trim(), official.trim()], `title ${k}`);
    }
    const smallForm = await editor.agent.get('/advisories/MS09-778/edit').expect(200);
    assert.equal(fieldValue(smallForm.text, 'title'), names[names.length - 1].trim());
    assertNoActiveContent((await editor.agent.get('/advisories/MS09-778/preview').expect(200)).text, 'small preview');

    const preview = await editor.agent.get('/advisories/MS09-777/preview').expect(200);
    assertNoActiveContent(preview.text, 'preview');
    assert.equal((await submit(editor, '/advisories/MS09-777/publish', {})).status, 303);
    for (const path of ['/advisories/MS09-777', '/advisories/MS09-777/thread', '/advisories/MS09-777/embed', '/', '/search?q=alert']) {
      const res = await request(t.http).get(path).expect(200);
      assertNoActiveContent(res.text, path);
    }
    const exported = JSON.parse((await request(t.http).get('/advisories/MS09-777.json').expect(200)).text) as { title: string; summary: string; vulnerabilities: { name: string; detail: string }[] };
    assert.equal(exported.title, names[0].trim());
    assert.equal(exported.summary, summary);
    assert.deepEqual(exported.vulnerabilities.map((v) => v.name), names.slice(0, 50).map((n) => n.trim()));
    const text = (await request(t.http).get('/advisories/MS09-777/bulletin.txt').expect(200)).text;
    assert.ok(text.includes(names[0].trim()), 'bulletin.txt has the title');
    xmlTitles((await request(t.http).get('/latest.atom').expect(200)).text);
  });

  it('keeps the reasons of lock, account state, role and unpublish as typed (trimmed) in the audit log, shown as text', async () => {
    const reasons = groups(500, ' ');
    const target = await member(t);
    for (const [k, reason] of reasons.entries()) {
      const lock = await submit(mod, `/advisories/${ID}/lock`, { locked: k % 2 ? 'off' : 'on', reason });
      assertNoLeak(lock, `lock ${k}`, rootDir);
      assert.equal(lock.status, 303, `lock ${k}: ${lock.status}`);
      const state = await submit(mod, `/mod/users/${target.id}/state`, k % 2 ? { state: 'active', reason } : { state: 'silenced', days: '1', reason });
      assertNoLeak(state, `state ${k}`, rootDir);
      assert.equal(state.status, 303, `state ${k}: ${state.status}`);
    }
    for (const [k, reason] of reasons.slice(0, 6).entries()) {
      const role = await submit(admin, `/admin/users/${target.id}/role`, { role: k % 2 ? 'subscriber' : 'moderator', reason });
      assertNoLeak(role, `role ${k}`, rootDir);
      assert.equal(role.status, 303, `role ${k}: ${role.status}`);
      const unpublish = await submit(editor, `/advisories/${ID}/unpublish`, { reason });
      assertNoLeak(unpublish, `unpublish ${k}`, rootDir);
      assert.equal(unpublish.status, 303, `unpublish ${k}: ${unpublish.status}`);
      assert.equal((await submit(editor, `/advisories/${ID}/publish`, {})).status, 303);
    }
    const audited = (await t.em().find(AuditEntry, { reason: { $ne: null } }, { orderBy: { id: 'asc' } })).map((e) => e.reason);
    for (const r of reasons) assert.ok(audited.includes(r.trim()), `audited: ${JSON.stringify(r).slice(0, 40)}`);
    assert.equal((await t.em().findOneOrFail(Thread, { advisory: ID })).locked, reasons.length % 2 === 1);

    const log = await admin.agent.get('/mod/log').expect(200);
    assertNoActiveContent(log.text, 'audit log');
    const shown = pageText(log.text);
    for (const r of reasons.slice(-5)) assert.ok(shown.includes(r.trim()), 'the log shows the reason');
    const profile = await admin.agent.get('/admin/users').expect(200);
    assertNoActiveContent(profile.text, 'members');
  });
});
