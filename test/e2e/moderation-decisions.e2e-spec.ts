import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Flag } from '../../src/moderation/flag.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { createUser, signInCookie } from '../factories/user.factory';
import { boardApp, THREAD } from '../support/board';
import { postAs, sessionOf } from '../support/sessions';
import { TestApp } from '../support/test-app';

describe('moderators’ decisions on automatically hidden posts', () => {
  let t: TestApp;
  let mod: string;
  let flaggers: string[];
  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 2, holdFirstPosts: 0 } });
    mod = await signInCookie(t.http, (await createUser(t.app, { role: Role.Moderator })).username);
    flaggers = [];
    for (let i = 0; i < 3; i++) flaggers.push(await signInCookie(t.http, (await createUser(t.app)).username));
  });
  after(() => t.close());

  const send = async (cookie: string, path: string, fields: Record<string, string>) =>
    postAs(t.http, await sessionOf(t.http, cookie, THREAD), path, fields);
  const newPost = async (body: string) => {
    const author = await signInCookie(t.http, (await createUser(t.app)).username);
    await send(author, THREAD, { body }).then((r) => assert.equal(r.status, 303));
    return t.em().findOneOrFail(Post, { bodySource: body });
  };
  const hideByFlags = async (post: Post) => {
    for (const f of flaggers.slice(0, 2)) assert.equal((await send(f, `/posts/${post.id}/flag`, { reason: 'spam' })).status, 303);
    assert.equal((await t.em().findOneOrFail(Post, post.id)).state, 'hidden');
  };

  it('restoring an automatically hidden post settles its flags, so one more flag does not hide it again', async () => {
    const post = await newPost('正当な報告です');
    await hideByFlags(post);
    assert.equal((await send(mod, `/posts/${post.id}/restore`, { reason: '内容に問題なし' })).status, 303);
    assert.equal(await t.em().count(Flag, { post: post.id, state: 'open' }), 0);
    assert.equal((await send(flaggers[2], `/posts/${post.id}/flag`, { reason: 'spam' })).status, 303);
    assert.equal((await t.em().findOneOrFail(Post, post.id)).state, 'visible');
  });

  it('agreeing on an automatically hidden post records the moderator’s reason for the author', async () => {
    const post = await newPost('広告だけの投稿');
    await hideByFlags(post);
    assert.equal((await send(mod, `/mod/posts/${post.id}/resolve`, { decision: 'agree', reason: '宣伝目的のため' })).status, 303);
    const row = await t.em().findOneOrFail(Post, post.id);
    assert.equal(row.state, 'hidden');
    assert.equal(row.stateReason, '宣伝目的のため');
  });
});
