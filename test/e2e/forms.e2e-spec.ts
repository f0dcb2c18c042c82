import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Role } from '../../src/policy/viewer';
import { createPost } from '../factories/post.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { boardApp, ID, KI, THREAD } from '../support/board';
import { assertNoLeak, pageText } from '../support/hostile';
import { msg } from '../support/i18n';
import { FormFields, member, Member, submit } from '../support/members';
import { TestApp } from '../support/test-app';

// Every form is one DTO checked by the global ValidationPipe (STYLE rule 9). What each form refuses is
// tested with the form; here, what they share: a field the form has not, a field sent twice, and that
// who may act, and on what, is answered before what the form said.

describe('forms as DTOs', () => {
  let t: TestApp;
  let author: Member;
  let sub: Member;
  let mod: Member;
  let admin: Member;
  let postId: number;
  let issueId: number;
  let rootDir: string;

  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 100_000, holdFirstPosts: 0 } });
    rootDir = t.config.rootDir;
    author = await member(t);
    sub = await member(t);
    mod = await member(t, Role.Moderator);
    admin = await member(t, Role.Admin);
    postId = (await createPost(t.app, author.user, { body: '最初の投稿' })).id;
    issueId = (await createKnownIssue(t.app, mod.user)).id;
  });
  after(() => t.close());

  /** Each form with fields it takes, as [who, path, fields]. */
  const forms = (): [Member, string, Record<string, string>][] => [
    [author, THREAD, { body: '本文' }],
    [author, `/posts/${postId}/edit`, { body: '本文' }],
    [sub, `/posts/${postId}/flag`, { reason: 'spam' }],
    [sub, `/posts/${postId}/confirm`, {}],
    [mod, `/posts/${postId}/hide`, { reason: '理由' }],
    [mod, `/mod/posts/${postId}/resolve`, { decision: 'defer', reason: '理由' }],
    [mod, `/mod/posts/${postId}/review`, { decision: 'approve' }],
    [mod, `/mod/users/${sub.user.id}/state`, { state: 'active', reason: '理由' }],
    [mod, `/advisories/${ID}/lock`, { locked: 'off', reason: '理由' }],
    [admin, `/admin/users/${sub.user.id}/role`, { role: 'subscriber', reason: '理由' }],
    [mod, `${KI}`, { title: 't', symptom: 's', note: 'n' }],
    [mod, `/known-issues/${issueId}/edit`, { title: 't', symptom: 's', note: 'n' }],
    [mod, `/known-issues/${issueId}/move`, { direction: 'up' }],
    [mod, `/known-issues/${issueId}/evidence`, { post: String(postId) }],
    [mod, `/known-issues/${issueId}/evidence/${postId}/remove`, { reason: '理由' }],
    [author, `/advisories/${ID}/watch`, {}],
    [author, `/advisories/${ID}/watch/email`, { email: 'off' }],
    [author, `/advisories/${ID}/unpublish`, { reason: '理由' }],
  ];

  it('refuses a field the form does not have (mass assignment) as a whole, without a change', async () => {
    const wrong: string[] = [];
    for (const [who, path, fields] of forms()) {
      if (path.endsWith('/unpublish')) continue;
      const res = await submit(who, path, { ...fields, role: 'admin', isAdmin: 'true' });
      assertNoLeak(res, path, rootDir);
      if (res.status !== 422 || !pageText(res.text).includes(msg('form.unknownField'))) wrong.push(`${path}: ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('refuses a text field sent twice (an array) with 422, never an error', async () => {
    const wrong: string[] = [];
    for (const [who, path, fields] of forms()) {
      for (const name of Object.keys(fields)) {
        const twice: FormFields = { ...fields, [name]: [fields[name], fields[name]] };
        const res = await submit(who, path, twice);
        assertNoLeak(res, `${path} ${name}`, rootDir);
        // The unpublish form is an editor's: an author is refused before the form is read.
        const expected = path.endsWith('/unpublish') ? 403 : 422;
        if (res.status !== expected) wrong.push(`${path} ${name}[]: ${res.status}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('answers who may act before what the form said: 401, 403 and 404 come before 422', async () => {
    const bad = { decision: 'bogus', reason: '' };
    await submit(sub, `/mod/posts/${postId}/review`, bad).expect(403);
    await submit(sub, `/mod/posts/${postId}/resolve`, bad).expect(403);
    await submit(sub, `/posts/${postId}/hide`, {}).expect(403);
    await submit(sub, `/advisories/${ID}/lock`, { locked: 'maybe' }).expect(403);
    await submit(mod, `/advisories/MS99-999/lock`, { locked: 'maybe' }).expect(404);
    await submit(sub, `/admin/users/${author.user.id}/role`, { role: 'root' }).expect(403);
    await submit(mod, `/mod/users/999999/state`, { state: 'banned' }).expect(404);
    await submit(mod, `/mod/users/${admin.user.id}/state`, { state: 'banned' }).expect(403);
    await submit(author, '/advisories/MS99-999/thread', { body: '' }).expect(404);
    await submit(author, '/advisories/MS99-999/watch', { watch: 'maybe' }).expect(404);
    await submit(sub, `/posts/${postId}/edit`, { body: '' }).expect(403);
    await submit(sub, `${KI}`, { title: '' }).expect(403);
    await submit(mod, '/known-issues/999999/evidence', { post: 'x' }).expect(404);
  });

  it('shows a refused form again with what was typed and why', async () => {
    const typed = '返信 <b>太字</b>';
    const res = await submit(author, THREAD, { body: typed, outcome: 'problem', hosts: '百' }).expect(422);
    const text = pageText(res.text);
    assert.ok(text.includes(msg('report.hosts.invalid')), 'the reason');
    assert.ok(res.text.includes('返信 &lt;b&gt;太字&lt;/b&gt;'), 'the text as typed, escaped');
    const watch = await submit(author, `/advisories/${ID}/watch`, { watch: 'maybe' }).expect(422);
    assert.ok(pageText(watch.text).includes(msg('form.invalid')));
    const unpublish = await submit(admin, `/advisories/${ID}/unpublish`, { reason: ' ', extra: 'x' }).expect(422);
    assert.ok(pageText(unpublish.text).includes(msg('form.unknownField')), 'the form’s own problem');
  });
});
