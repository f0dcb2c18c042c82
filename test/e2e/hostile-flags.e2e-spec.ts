import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Confirmation } from '../../src/field-reports/confirmation.entity';
import { Flag } from '../../src/moderation/flag.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { boardApp, THREAD } from '../support/board';
import {
  assertCleanPostBodies,
  assertNoActiveContent,
  assertNoLeak,
  fieldGroups,
  NAUGHTY,
  NAUGHTY_TEXT,
  nfkc,
  packed,
  pageText,
  tooLongFor,
} from '../support/hostile';
import { msg } from '../support/i18n';
import { member, Member, submit } from '../support/members';
import { TestApp } from '../support/test-app';

// The Big List of Naughty Strings through what members and moderators say about reports: flag notes
// and reasons, "same here" platform names, and hide reasons. Stored as typed (trimmed; platform names
// NFKC-normalized, as documented), refused with the reason, shown as text in the queue and the thread.

/**
 * The list packed to a platform name's 100 characters, every third group: each confirmation is a
 * heavy write, and each string already passes the same rule alone as a report's platform (hostile-posts).
 */
const platformNames = () => fieldGroups(100, ' ', nfkc).filter((_, i) => i % 3 === 0);

describe('naughty strings in flags, confirmations and moderators’ reasons', () => {
  let t: TestApp;
  let flagger: Member;
  let mod: Member;
  let rootDir: string;
  /** Field reports to flag, confirm and hide, oldest first. */
  const reports: number[] = [];

  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 100_000, holdFirstPosts: 0 } });
    rootDir = t.config.rootDir;
    const author = await member(t);
    flagger = await member(t);
    mod = await member(t, Role.Moderator);
    const needed = Math.max(platformNames().length, packed(NAUGHTY_TEXT, 500, ' ').length);
    for (let i = 0; i < needed; i++) {
      const res = await submit(author, THREAD, { body: `報告 ${i}`, outcome: 'problem', platform: 'win2000-sp4', hosts: '1' });
      assert.equal(res.status, 303);
    }
    reports.push(...(await t.em().find(Post, { isReport: true }, { orderBy: { id: 'asc' } })).map((p) => p.id));
  });
  after(() => t.close());

  it('keeps flag notes as typed (trimmed) and shows them to moderators as text; refuses every string as a reason', async () => {
    const notes = packed(NAUGHTY_TEXT, 500, ' ').map((g) => g.join(' '));
    assert.ok(notes.length <= reports.length);
    for (const [i, note] of notes.entries()) {
      const res = await submit(flagger, `/posts/${reports[i]}/flag`, { reason: 'other', note });
      assertNoLeak(res, `note ${i}`, rootDir);
      assert.equal(res.status, 303, `note ${i}: ${res.status}`);
    }
    const stored = (await t.em().find(Flag, { user: flagger.user.id }, { orderBy: { id: 'asc' } })).map((f) => f.note);
    assert.deepEqual(
      stored,
      notes.map((n) => n.trim()),
    );

    const queue = await mod.agent.get('/mod').expect(200);
    assertNoActiveContent(queue.text, 'review queue');
    assertCleanPostBodies(queue.text, 'review queue');
    const text = pageText(queue.text);
    for (const note of notes) assert.ok(text.includes(note.trim()), `the queue shows the note ${JSON.stringify(note).slice(0, 50)}`);

    const target = reports[reports.length - 1];
    const wrong: string[] = [];
    for (const s of NAUGHTY) {
      const res = await submit(flagger, `/posts/${target}/flag`, { reason: s, note: s });
      assertNoLeak(res, `reason ${JSON.stringify(s).slice(0, 40)}`, rootDir);
      if (res.status !== 422 || !pageText(res.text).includes(msg('flag.reason.required')))
        wrong.push(`${JSON.stringify(s).slice(0, 40)}: ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps "same here" platform names as typed (NFKC, trimmed), and refuses a blank or too long one with the reason', async () => {
    const confirmer = await member(t);
    const names = platformNames();
    assert.ok(names.length <= reports.length, 'a report for each name');
    for (const [i, name] of names.entries()) {
      const res = await submit(confirmer, `/posts/${reports[i]}/confirm`, { platform: 'other', platformOther: name });
      assertNoLeak(res, `confirm ${i}`, rootDir);
      assert.equal(res.status, 303, `confirm ${i}: ${res.status}`);
    }
    const stored = (await t.em().find(Confirmation, { user: confirmer.user.id }, { orderBy: { id: 'asc' } })).map((c) => c.platformOther);
    assert.deepEqual(
      stored,
      names.map((n) => nfkc(n).trim()),
    );

    const target = reports[0];
    for (const name of ['', ' ', '\u3000', ...tooLongFor(100, nfkc)]) {
      const res = await submit(flagger, `/posts/${target}/confirm`, { platform: 'other', platformOther: name });
      assertNoLeak(res, `confirm ${JSON.stringify(name).slice(0, 30)}`, rootDir);
      assert.equal(res.status, 422, `confirm ${JSON.stringify(name).slice(0, 30)}`);
      assert.ok(pageText(res.text).includes(msg('report.platformOther.required')), 'the reason is given');
    }
  });

  it('keeps moderators’ hide reasons as typed (trimmed) and shows them as text', async () => {
    const reasons = packed(NAUGHTY_TEXT, 500, ' ').map((g) => g.join(' '));
    const ids = reports.slice(0, reasons.length);
    for (const [i, reason] of reasons.entries()) {
      const res = await submit(mod, `/posts/${ids[i]}/hide`, { reason });
      assertNoLeak(res, `hide reason ${i}`, rootDir);
      assert.equal(res.status, 303, `hide reason ${i}: ${res.status}`);
    }
    const hidden = await t.em().find(Post, { id: { $in: ids } }, { orderBy: { id: 'asc' } });
    assert.deepEqual(
      hidden.map((p) => p.stateReason),
      reasons.map((r) => r.trim()),
    );
    const log = await mod.agent.get('/mod/log').expect(200);
    assertNoActiveContent(log.text, 'audit log');
    const page = await mod.agent.get(THREAD).expect(200);
    assertNoActiveContent(page.text, 'thread with hidden posts');
    const text = pageText(page.text);
    for (const r of reasons.slice(0, 5)) assert.ok(text.includes(r.trim()), 'the moderator sees the reason');
  });
});
