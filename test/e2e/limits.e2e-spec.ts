import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LIMITS } from '../../src/common/limits';
import { PostRevision } from '../../src/threads/post-revision.entity';
import { Post } from '../../src/threads/post.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { elementById } from '../support/dom';
import { fieldError, fieldValue } from '../support/forms';
import { msg } from '../support/i18n';
import { postAs, Session, signedInSession } from '../support/sessions';
import { createTestApp, TestApp } from '../support/test-app';

describe('body size limits on the post form', () => {
  let t: TestApp;
  let session: Session;
  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
    session = await signedInSession(t.http, (await createUser(t.app)).username, THREAD);
  });
  after(() => t.close());

  const post = (body: string) => postAs(t.http, session, THREAD, { body });
  const page = async (path: string) => (await request(t.http).get(path).set('Cookie', session.cookie).expect(200)).text;
  /** The maxlength a browser is given for the textarea `id` on a page. */
  const maxlengthOf = (html: string, id: string) => Number(elementById(html, id)?.attribs.maxlength);

  it('accepts 20,000 Japanese characters, which are 180 KB once form-encoded', async () => {
    const body = '障害'.repeat(10_000);
    await post(body).expect(303);
    const saved = await t.em().findOneOrFail(Post, { number: 1 });
    assert.equal([...saved.bodySource].length, 20_000);
  });

  it('refuses 20,001 characters with the reason and the text kept', async () => {
    const res = await post('起'.repeat(20_001)).expect(422);
    assert.match(res.text, /本文は20,000文字までです/);
    assert.ok(res.text.includes('起'.repeat(100)));
    assert.equal(await t.em().count(Post, {}), 1);
  });

  it('gives the post form the limit the service enforces, and one character more comes back in the form (422)', async () => {
    assert.equal(maxlengthOf(await page(THREAD), 'f-body'), LIMITS.postBody);
    const over = 'a'.repeat(LIMITS.postBody) + '界';
    const res = await post(over).expect(422);
    assert.equal(fieldError(res.text, 'f-body'), msg('post.body.tooLong'));
    assert.equal(maxlengthOf(res.text, 'f-body'), LIMITS.postBody);
    assert.equal(fieldValue(res.text, 'body'), over);
    assert.equal(await t.em().count(Post, {}), 1);
  });

  it('gives the edit form the same limit, and refuses an edit one character over with the form again (422)', async () => {
    const { id, bodySource } = await t.em().findOneOrFail(Post, { number: 1 });
    const path = `/posts/${id}/edit`;
    assert.equal(maxlengthOf(await page(path), 'e-body'), LIMITS.postBody);
    const over = '直'.repeat(LIMITS.postBody + 1);
    const res = await postAs(t.http, session, path, { body: over }).expect(422);
    assert.equal(fieldError(res.text, 'e-body'), msg('post.body.tooLong'));
    assert.equal(maxlengthOf(res.text, 'e-body'), LIMITS.postBody);
    assert.equal(fieldValue(res.text, 'body'), over);
    assert.equal((await t.em().findOneOrFail(Post, { id })).bodySource, bodySource);
    assert.equal(await t.em().count(PostRevision, {}), 0);
  });

  it('answers a huge request with a fast 413 page and keeps serving', async () => {
    const started = Date.now();
    const res = await post('x'.repeat(2_000_000)).expect(413);
    assert.match(res.text, /送信内容が大きすぎます/);
    assert.ok(Date.now() - started < 5000);
    await request(t.http).get('/healthz').expect(200);
    assert.equal(await t.em().count(Post, {}), 1);
  });
});
