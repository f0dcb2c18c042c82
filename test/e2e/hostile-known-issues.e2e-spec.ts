import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { stripNonXmlChars } from '../../src/feeds/atom';
import { KnownIssueEvent } from '../../src/known-issues/known-issue-event.entity';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { Role } from '../../src/policy/viewer';
import { boardApp, ID } from '../support/board';
import { fieldError, fieldValue, formSubmission } from '../support/forms';
import { nextPageLink } from '../support/html';
import {
  assertNoActiveContent,
  assertNoLeak,
  at,
  fieldGroups as groups,
  formValues,
  NAUGHTY_TEXT,
  nfkc,
  pageText,
  tooLongFor as tooLong,
  xmlTitles,
} from '../support/hostile';
import { msg } from '../support/i18n';
import { member, Member, submit } from '../support/members';
import { TestApp } from '../support/test-app';

// The Big List of Naughty Strings through every field of the known-issue form and its status notes.
// What is stored is what was typed (trimmed, CRLF as LF, the software name NFKC-normalized, as
// documented); every page, feed and export that shows it shows it as text.

describe('naughty strings in known issues', () => {
  let t: TestApp;
  let rootDir: string;
  let mod: Member;

  before(async () => {
    t = await boardApp();
    rootDir = t.config.rootDir;
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  it('known issues keep every field as typed, and every page, feed and export shows them as text', async () => {
    const titles = groups(200, ' ');
    const software = groups(200, ' ', nfkc);
    const texts = groups(5000, '\n');
    const notes = groups(1000, ' ');
    const count = Math.max(titles.length, software.length);
    const made: { id: number; title: string; symptom: string; software: string; workaround: string; resolution: string; note: string }[] =
      [];
    for (let i = 0; i < count; i++) {
      const typed = {
        title: at(titles, i),
        symptom: at(texts, i).replace(/\n/g, '\r\n'),
        software: software[i] ?? '',
        workaround: at(texts, i + 1).replace(/\n/g, '\r\n'),
        resolution: at(texts, i + 2),
        note: at(notes, i),
      };
      const res = await submit(mod, `/advisories/${ID}/known-issues`, { ...typed, platforms: ['win2000-sp4'], status: 'investigating' });
      assertNoLeak(res, `issue ${i}`, rootDir);
      assert.equal(res.status, 303, `issue ${i}: ${res.status} ${pageText(res.text).slice(0, 200)}`);
      const id = Number(/#ki(\d+)$/.exec(res.headers.location)![1]);
      made.push({
        id,
        title: typed.title.trim(),
        symptom: at(texts, i).trim(),
        software: nfkc(typed.software).trim(),
        workaround: at(texts, i + 1).trim(),
        resolution: typed.resolution.trim(),
        note: typed.note.trim(),
      });
    }

    // Stored as typed.
    const stored = new Map((await t.em().find(KnownIssue, { id: { $in: made.map((m) => m.id) } })).map((i) => [i.id, i]));
    const events = await t.em().find(KnownIssueEvent, { knownIssue: { $in: made.map((m) => m.id) } });
    for (const m of made) {
      const i = stored.get(m.id)!;
      assert.deepEqual(
        { title: i.title, symptom: i.symptom, software: i.software, workaround: i.workaround, resolution: i.resolution },
        { title: m.title, symptom: m.symptom, software: m.software, workaround: m.workaround, resolution: m.resolution },
        `issue ${m.id}`,
      );
      assert.equal(events.find((e) => e.knownIssue.id === m.id)?.note, m.note, `issue ${m.id} note`);
    }
    // The edit form gives each field back (every third issue: the status changes below send more of them back).
    for (const m of made.filter((_, i) => i % 3 === 0)) {
      const form = formValues((await mod.agent.get(`/known-issues/${m.id}/edit`).expect(200)).text, `/known-issues/${m.id}/edit`);
      for (const field of ['title', 'symptom', 'software', 'workaround', 'resolution'] as const)
        assert.equal(form.get(field), m[field], `issue ${m.id} ${field} in the form`);
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

    for (const path of [
      `/advisories/${ID}/known-issues`,
      '/known-issues',
      `/advisories/${ID}/thread`,
      `/advisories/${ID}`,
      `/advisories/${ID}/embed`,
    ]) {
      const res = await request(t.http).get(path).expect(200);
      assertNoActiveContent(res.text, path);
      // /known-issues shows 100 a page: every page, following its "next" links.
      let shown = path.endsWith('/known-issues') ? pageText(res.text) : '';
      for (
        let html = res.text, next = nextPageLink(html), pages = 1;
        path === '/known-issues' && next;
        next = nextPageLink(html), pages++
      ) {
        assert.ok(pages < 50, 'the pages come to an end');
        html = (await request(t.http).get(next).expect(200)).text;
        assertNoActiveContent(html, next);
        shown += pageText(html);
      }
      if (shown) for (const m of made) assert.ok(shown.includes(m.title), `${path} shows ${JSON.stringify(m.title).slice(0, 40)}`);
    }
    const history = pageText((await request(t.http).get(`/advisories/${ID}/known-issues`)).text);
    for (const note of notes) assert.ok(history.includes(note.trim()), 'the history shows each note');

    const summary = JSON.parse((await request(t.http).get(`/advisories/${ID}/summary.json`).expect(200)).text) as {
      knownIssues: { open: { title: string }[] };
    };
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
});
