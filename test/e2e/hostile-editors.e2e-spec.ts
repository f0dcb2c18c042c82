import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Advisory } from '../../src/advisories/advisory.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { Thread } from '../../src/threads/thread.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { boardApp, ID } from '../support/board';
import { fieldValue, formSubmission } from '../support/forms';
import {
  assertNoActiveContent,
  assertNoLeak,
  at,
  fieldGroups as groups,
  formValues,
  pageText,
  tooLongFor as tooLong,
  xmlTitles,
} from '../support/hostile';
import { member, Member, submit } from '../support/members';
import { TestApp } from '../support/test-app';

// The Big List of Naughty Strings through editors' and moderators' forms: the advisory editor (titles,
// summary, vulnerabilities, platforms, editor's notes) and the reasons of lock, account state, role and
// unpublish (known issues: hostile-known-issues). What is stored is what was typed (one-line fields
// trimmed, CRLF as LF); every page, feed and export that shows it shows it as text.

describe('naughty strings in editors’ and moderators’ forms', () => {
  let t: TestApp;
  let rootDir: string;
  let mod: Member;
  let editor: Member;
  let admin: Member;

  before(async () => {
    t = await boardApp();
    rootDir = t.config.rootDir;
    mod = await member(t, Role.Moderator);
    editor = await member(t, Role.Editor);
    admin = await member(t, Role.Admin);
  });
  after(() => t.close());

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
    const refused = await editor.agent
      .post('/advisories/new')
      .type('form')
      .send(new URLSearchParams([...refusedFields]).toString());
    assertNoLeak(refused, 'long labels', rootDir);
    assert.equal(refused.status, 422);
    const kept = formValues(refused.text, '/advisories/new');
    for (const [k, label] of long.entries()) assert.equal(kept.get(`platforms.${k}.label`), label);
    assertNoActiveContent(refused.text, 'refused form');

    const created = await editor.agent
      .post('/advisories/new')
      .type('form')
      .send(new URLSearchParams([...fields]).toString());
    assertNoLeak(created, 'create', rootDir);
    assert.equal(created.status, 303, `create: ${created.status} ${pageText(created.text).replace(/\s+/g, ' ').slice(0, 300)}`);

    // The edit form gives back every field (trimmed one-line fields, LF line ends).
    const edit = await editor.agent.get('/advisories/MS09-777/edit').expect(200);
    assertNoActiveContent(edit.text, 'edit form');
    const expect: [string, string][] = [
      ['title', names[0]],
      ['officialTitle', names[1]],
      ['summary', summary],
    ];
    for (let k = 0; k < 50 && k < names.length; k++)
      expect.push([`vulnerabilities.${k}.name`, names[k].trim()], [`vulnerabilities.${k}.detail`, at(bodies, k)]);
    for (const [k, title] of noteTitles.entries())
      expect.push([`editorNotes.${k}.title`, title.trim()], [`editorNotes.${k}.body`, at(bodies, k + 3)]);
    for (let k = 0; k < platformRows; k++)
      expect.push([`platforms.${k}.label`, labels[k].trim()], [`platforms.${k}.product`, (labels[platformRows + k] ?? 'Windows').trim()]);
    const shown = formValues(edit.text, '/advisories/MS09-777/edit');
    const mismatched = expect.filter(([k, v]) => shown.get(k) !== (k === 'title' || k === 'officialTitle' ? v.trim() : v)).map(([k]) => k);
    assert.deepEqual(mismatched, []);

    // Sent back unchanged, as a browser would: saved, and nothing differs.
    const again = formSubmission(edit.text, '/advisories/MS09-777/edit', { name: 'do', value: 'save' });
    const resent = await editor.agent.post(again.action.replace(/#.*$/, '')).type('form').send(again.body);
    assert.equal(resent.status, 303, `resent: ${pageText(resent.text).replace(/\s+/g, ' ').slice(0, 300)}`);
    const reread = formValues((await editor.agent.get('/advisories/MS09-777/edit').expect(200)).text, '/advisories/MS09-777/edit');
    assert.deepEqual(
      expect.filter(([k]) => reread.get(k) !== shown.get(k)).map(([k]) => k),
      [],
    );

    // Every name group also as the title and the official title, through edits of a small bulletin.
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS09-778' })], false);
    const small = formSubmission((await editor.agent.get('/advisories/MS09-778/edit').expect(200)).text, '/advisories/MS09-778/edit', {
      name: 'do',
      value: 'save',
    });
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
    const exported = JSON.parse((await request(t.http).get('/advisories/MS09-777.json').expect(200)).text) as {
      title: string;
      summary: string;
      vulnerabilities: { name: string; detail: string }[];
    };
    assert.equal(exported.title, names[0].trim());
    assert.equal(exported.summary, summary);
    assert.deepEqual(
      exported.vulnerabilities.map((v) => v.name),
      names.slice(0, 50).map((n) => n.trim()),
    );
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
      const state = await submit(
        mod,
        `/mod/users/${target.user.id}/state`,
        k % 2 ? { state: 'active', reason } : { state: 'silenced', days: '1', reason },
      );
      assertNoLeak(state, `state ${k}`, rootDir);
      assert.equal(state.status, 303, `state ${k}: ${state.status}`);
    }
    for (const [k, reason] of reasons.slice(0, 6).entries()) {
      const role = await submit(admin, `/admin/users/${target.user.id}/role`, { role: k % 2 ? 'subscriber' : 'moderator', reason });
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
