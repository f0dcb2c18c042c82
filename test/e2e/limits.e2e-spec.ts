import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Post } from '../../src/threads/post.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { THREAD } from '../support/board';
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

  it('answers a huge request with a fast 413 page and keeps serving', async () => {
    const started = Date.now();
    const res = await post('x'.repeat(2_000_000)).expect(413);
    assert.match(res.text, /送信内容が大きすぎます/);
    assert.ok(Date.now() - started < 5000);
    await request(t.http).get('/healthz').expect(200);
    assert.equal(await t.em().count(Post, {}), 1);
  });
});
