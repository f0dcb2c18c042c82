import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { User } from '../../src/users/user.entity';
import { createUser, signInCookie } from '../factories/user.factory';
import { boardApp, THREAD } from '../support/board';
import { reportForm } from '../support/posting';
import { postAs, sessionOf } from '../support/sessions';
import { TestApp } from '../support/test-app';

describe('a new member’s first posts wait for approval', () => {
  let t: TestApp;
  let newbie: { id: number; username: string };
  let newbieCookie: string;
  let modCookie: string;
  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 2 } });
    const user = await createUser(t.app);
    newbie = { id: user.id, username: user.username };
    newbieCookie = await signInCookie(t.http, user.username);
    modCookie = await signInCookie(t.http, (await createUser(t.app, { role: Role.Moderator })).username);
  });
  after(() => t.close());

  const postReport = async (cookie: string, body: string) =>
    postAs(t.http, await sessionOf(t.http, cookie, THREAD), THREAD, reportForm({ body })).expect(303);
  const stat = async () => (await t.em().findOne(PlatformStat, { platformKey: 'win2000-sp4', outcome: 'problem' }))?.reports ?? 0;
  const review = async (postId: number, decision: string, reason: string) =>
    postAs(t.http, await sessionOf(t.http, modCookie, '/mod'), `/mod/posts/${postId}/review`, { decision, reason });

  it('tells a new member before posting that the post will wait, and why; staff are not told', async () => {
    const form = await request(t.http).get(THREAD).set('Cookie', newbieCookie).expect(200);
    assert.match(form.text, /モデレーターが承認してから公開されます\(新しい会員の最初の2件/);
    const english = await request(t.http).get(`${THREAD}?lang=en`).set('Cookie', newbieCookie).expect(200);
    assert.match(english.text, /first 2 posts are checked first/);
    assert.doesNotMatch((await request(t.http).get(THREAD).set('Cookie', modCookie).expect(200)).text, /承認してから公開されます/);
  });

  it('holds the first post: the author sees it marked pending, others do not see it, nothing is counted', async () => {
    await postReport(newbieCookie, 'バックアップが失敗します(保留されるはず)');
    const post = await t.em().findOneOrFail(Post, { number: 1 });
    assert.equal(post.state, 'held');
    assert.equal(await stat(), 0);
    const own = await request(t.http).get(THREAD).set('Cookie', newbieCookie).expect(200);
    assert.match(own.text, /承認待ち/);
    assert.match(own.text, /この投稿はモデレーターの承認待ちです。/);
    assert.match(
      (await request(t.http).get(`/posts/${post.id}/reply`).set('Cookie', newbieCookie).expect(200)).text,
      /承認してから公開されます/,
    );
    assert.match(own.text, /保留されるはず/);
    const guest = await request(t.http).get(THREAD).expect(200);
    assert.doesNotMatch(guest.text, /保留されるはず/);
    await request(t.http).get(`/posts/${post.id}`).expect(404);
    const queue = await request(t.http).get('/mod').set('Cookie', modCookie).expect(200);
    assert.match(queue.text, /保留されるはず/);
  });

  it('approval makes it public with everything a post does: statistics, counts, audit', async () => {
    const post = await t.em().findOneOrFail(Post, { number: 1 });
    await review(post.id, 'approve', '').then((r) => assert.equal(r.status, 303));
    assert.equal((await t.em().findOneOrFail(Post, post.id)).state, 'visible');
    assert.equal(await stat(), 1);
    const user = await t.em().findOneOrFail(User, newbie.id);
    assert.equal(user.approvedPosts, 1);
    assert.equal(user.postCount, 1);
    assert.ok(await t.em().findOne(AuditEntry, { action: 'post.approve', targetId: String(post.id) }));
    assert.match((await request(t.http).get(THREAD).expect(200)).text, /保留されるはず/);
  });

  it('rejection needs a reason and hides the post; a second review of it is refused', async () => {
    await postReport(newbieCookie, '二件目の報告');
    const post = await t.em().findOneOrFail(Post, { number: 2 });
    assert.equal(post.state, 'held');
    assert.equal((await review(post.id, 'reject', '')).status, 422);
    assert.equal((await t.em().findOneOrFail(Post, post.id)).state, 'held');
    assert.equal((await review(post.id, 'reject', '重複した報告のため')).status, 303);
    const after = await t.em().findOneOrFail(Post, post.id);
    assert.equal(after.state, 'hidden');
    assert.equal(after.stateReason, '重複した報告のため');
    assert.equal(await stat(), 1);
    assert.equal((await review(post.id, 'approve', '')).status, 422);
  });

  it('after enough approvals, and for staff always, posts are public at once', async () => {
    await postReport(newbieCookie, '三件目');
    const third = await t.em().findOneOrFail(Post, { number: 3 });
    await review(third.id, 'approve', '');
    // The post form says so at once: its notice is decided from the member's row as read for that very request.
    assert.doesNotMatch((await request(t.http).get(THREAD).set('Cookie', newbieCookie).expect(200)).text, /承認してから公開されます/);
    await postReport(newbieCookie, '四件目は即時公開');
    assert.equal((await t.em().findOneOrFail(Post, { number: 4 })).state, 'visible');
    await postReport(modCookie, 'モデレーターの報告');
    assert.equal((await t.em().findOneOrFail(Post, { number: 5 })).state, 'visible');
    assert.equal(await stat(), 4);
  });

  it('keeps the review for moderators: a subscriber gets 403 and nothing changes', async () => {
    const other = await signInCookie(t.http, (await createUser(t.app)).username);
    await postReport(other, '別の新しい会員');
    const post = await t.em().findOneOrFail(Post, { number: 6 });
    const newbie = await sessionOf(t.http, newbieCookie, THREAD);
    const res = await postAs(t.http, newbie, `/mod/posts/${post.id}/review`, { decision: 'approve' });
    assert.equal(res.status, 403);
    assert.equal((await t.em().findOneOrFail(Post, post.id)).state, 'held');
  });
});
