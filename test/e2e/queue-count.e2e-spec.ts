import assert from 'node:assert/strict';
import { parseDocument } from 'htmlparser2';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { allStatements, bound } from '../../src/database/statement';
import { ModerationService } from '../../src/moderation/moderation.service';
import { GuestPageCache } from '../../src/page-cache/guest-page-cache';
import { Role } from '../../src/policy/viewer';
import { createFieldReport } from '../factories/field-report.factory';
import { createPost } from '../factories/post.factory';
import { createUser, signInCookie } from '../factories/user.factory';
import { boardApp, THREAD } from '../support/board';
import { hasClass, one, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { postAs, sessionOf } from '../support/sessions';
import { ENGINE, TestApp } from '../support/test-app';
import { explain } from '../support/query-plan';

/** The header's link to the review queue (null: none), and its badge: the number shown and the label read out. */
function queueLink(html: string) {
  const header = one(parseDocument(html), (e) => e.name === 'header' && hasClass(e, 'site-header'));
  assert.ok(header, 'the page has the site header');
  const link = one(header, (e) => e.name === 'a' && e.attribs.href === '/mod');
  if (!link) return null;
  const badge = one(link, (e) => hasClass(e, 'queue-count'));
  if (!badge) return { badge: null };
  const shown = one(badge, (e) => e.attribs['aria-hidden'] === 'true');
  return { badge: { shown: textOf(shown), label: textOf(one(badge, (e) => hasClass(e, 'visually-hidden'))) } };
}

describe(`the review queue's count in the moderators' header (${ENGINE})`, () => {
  let t: TestApp;
  let modCookie: string;
  let memberCookie: string;
  let calls = 0;

  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } });
    modCookie = await signInCookie(t.http, (await createUser(t.app, { role: Role.Moderator })).username);
    memberCookie = await signInCookie(t.http, (await createUser(t.app)).username);
    // Counts who runs the queue's count: never a guest, never a member.
    const moderation = t.app.get(ModerationService);
    const count = moderation.queueCount.bind(moderation);
    moderation.queueCount = () => {
      calls++;
      return count();
    };
  });
  after(() => t.close());

  const page = (path: string, cookie?: string) => {
    const req = request(t.http).get(path);
    return (cookie ? req.set('Cookie', cookie) : req).expect(200).then((r) => r.text);
  };

  it('shows no badge on an empty queue', async () => {
    assert.deepEqual(queueLink(await page('/', modCookie)), { badge: null });
  });

  it('counts held posts and flagged posts (each post once), as the queue lists them, with a text label', async () => {
    const newbie = await createUser(t.app);
    await createFieldReport(t.app, newbie, { body: '承認待ち 1' });
    await createPost(t.app, newbie, { body: '承認待ち 2' });
    const author = await createUser(t.app, { role: Role.Editor });
    const flagged = await createPost(t.app, author, { body: '報告される投稿' });
    for (const flagger of [memberCookie, await signInCookie(t.http, (await createUser(t.app)).username)]) {
      const session = await sessionOf(t.http, flagger, THREAD);
      assert.equal((await postAs(t.http, session, `/posts/${flagged.id}/flag`, { reason: 'spam' })).status, 303);
    }
    const html = await page(THREAD, modCookie);
    await assertValidHtml(html, 'thread with the queue count');
    assert.deepEqual(queueLink(html), { badge: { shown: '3', label: 'レビュー待ち 3件' } });
    assert.match(html, /title="レビュー待ち 3件"/);
    const queue = await page('/mod', modCookie);
    assert.match(queue, /<h2 id="flagged-title">[^<]+ \(1\)<\/h2>/);
    assert.match(queue, /<h2 id="held-title">[^<]+ \(2\)<\/h2>/);
    assert.equal(queueLink(queue)!.badge?.label, 'レビュー待ち 3件');
    assert.equal(queueLink(await page('/?lang=en', modCookie))!.badge?.label, '3 awaiting review');
  });

  it('goes down as the moderator approves', async () => {
    const session = await sessionOf(t.http, modCookie, '/mod');
    const held = /action="\/mod\/posts\/(\d+)\/review"/.exec(await page('/mod', modCookie))![1];
    assert.equal((await postAs(t.http, session, `/mod/posts/${held}/review`, { decision: 'approve', reason: '' })).status, 303);
    assert.equal(queueLink(await page('/mod', modCookie))!.badge?.label, 'レビュー待ち 2件');
  });

  it('is never shown to, nor counted for, members and guests; guests still get their cached page', async () => {
    const before = calls;
    assert.equal(queueLink(await page(THREAD, memberCookie)), null);
    assert.equal(queueLink(await page('/', memberCookie)), null);
    const hits = t.app.get(GuestPageCache).stats.hits;
    for (let i = 0; i < 2; i++) {
      const html = await page(THREAD);
      assert.equal(queueLink(html), null);
      assert.doesNotMatch(html, /queue-count|レビュー待ち/);
    }
    assert.equal(t.app.get(GuestPageCache).stats.hits, hits + 1, 'the second guest request was answered from the cache');
    assert.equal(calls, before, 'no count ran for them');
    await page('/', modCookie);
    assert.equal(calls, before + 1);
  });

  it('counts held posts by the partial index posts_held_idx and open flags by flags_state_idx', async () => {
    const held = bound(
      allStatements().find((s) => s.owner === 'PostsRepository.heldCount')!,
      [],
    );
    assert.match(await explain(t, held.text, held.values), /posts_held_idx/);
    const flags = bound(
      allStatements().find((s) => s.owner === 'ModerationRepository.flaggedPostCount')!,
      [],
    );
    assert.match(await explain(t, flags.text, flags.values), /flags_state_idx/);
  });
});
