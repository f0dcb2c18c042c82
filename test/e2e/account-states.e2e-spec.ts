import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { AccountState, User } from '../../src/users/user.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser, csrfFrom, signInCookie } from '../factories/user.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('moderators silence, suspend and lift', () => {
  let t: TestApp;
  let mod: string;
  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
    mod = await signInCookie(t.http, (await createUser(t.app, { role: Role.Moderator })).username);
  });
  after(() => t.close());

  const act = async (cookie: string, user: User, fields: Record<string, string>) => {
    const page = await request(t.http).get(`/users/${encodeURIComponent(user.username)}`).set('Cookie', cookie).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? csrfFrom((await request(t.http).get('/advisories/MS04-044/thread').set('Cookie', cookie)).text);
    return request(t.http).post(`/mod/users/${user.id}/state`).set('Cookie', cookie).type('form').send({ _csrf: token, ...fields });
  };
  const post = async (cookie: string) => {
    const token = csrfFrom((await request(t.http).get('/advisories/MS04-044/thread').set('Cookie', cookie).expect(200)).text);
    return request(t.http).post('/advisories/MS04-044/thread').set('Cookie', cookie).type('form').send({ _csrf: token, body: '投稿テスト' });
  };
  const who = async (cookie: string) => /<li><a href="\/users\/[^"]+">([^<]+)<\/a><\/li>/.exec((await request(t.http).get('/').set('Cookie', cookie)).text)?.[1] ?? null;

  it('silences with a period and a reason: the member reads, is told why, cannot post; audited', async () => {
    const member = await createUser(t.app);
    const cookie = await signInCookie(t.http, member.username);
    assert.equal((await act(mod, member, { state: 'silenced', days: '3', reason: '宣伝の繰り返し' })).status, 303);
    const row = await t.em().findOneOrFail(User, member.id);
    assert.equal(row.state, AccountState.Silenced);
    assert.ok(row.stateUntil && row.stateUntil.getTime() > Date.now() + 2.9 * 86_400_000);
    assert.match((await request(t.http).get('/').set('Cookie', cookie).expect(200)).text, /宣伝の繰り返し/);
    assert.equal((await post(cookie)).status, 403);
    const audit = await t.em().findOneOrFail(AuditEntry, { action: 'user.silence', targetId: member.username });
    assert.equal(audit.reason, '宣伝の繰り返し');

    assert.equal((await act(mod, member, { state: 'active', reason: '反省を確認' })).status, 303);
    assert.equal((await post(cookie)).status, 303);
    assert.ok(await t.em().findOne(AuditEntry, { action: 'user.lift', targetId: member.username }));
  });

  it('suspends: the member’s session ends at once and sign-in shows the reason', async () => {
    const member = await createUser(t.app);
    const cookie = await signInCookie(t.http, member.username);
    assert.equal(await who(cookie), member.username);
    assert.equal((await act(mod, member, { state: 'suspended', days: '30', reason: '攻撃的な投稿' })).status, 303);
    assert.equal(await who(cookie), null);
    const page = await request(t.http).get('/login');
    const guest = String(page.headers['set-cookie']).split(';')[0];
    const res = await request(t.http).post('/login').set('Cookie', guest).type('form').send({ _csrf: csrfFrom(page.text), username: member.username, password: 'correct horse battery' });
    assert.equal(res.status, 403);
    assert.match(res.text, /攻撃的な投稿/);
  });

  it('refuses without a reason, with a bad period, on oneself, on staff (unless admin), and for subscribers', async () => {
    const member = await createUser(t.app);
    assert.equal((await act(mod, member, { state: 'silenced', days: '3', reason: '' })).status, 422);
    assert.equal((await act(mod, member, { state: 'silenced', days: '0', reason: 'x' })).status, 422);
    assert.equal((await act(mod, member, { state: 'banished', days: '3', reason: 'x' })).status, 422);
    assert.equal((await t.em().findOneOrFail(User, member.id)).state, AccountState.Active);

    const editor = await createUser(t.app, { role: Role.Editor });
    const res = await act(mod, editor, { state: 'suspended', days: '3', reason: 'x' });
    assert.equal(res.status, 403);
    const admin = await signInCookie(t.http, (await createUser(t.app, { role: Role.Admin })).username);
    assert.equal((await act(admin, editor, { state: 'silenced', days: '1', reason: '編集方針の確認' })).status, 303);

    const sub = await signInCookie(t.http, (await createUser(t.app)).username);
    const token = csrfFrom((await request(t.http).get('/advisories/MS04-044/thread').set('Cookie', sub)).text);
    assert.equal((await request(t.http).post(`/mod/users/${member.id}/state`).set('Cookie', sub).type('form').send({ _csrf: token, state: 'suspended', days: '3', reason: 'x' })).status, 403);
    assert.equal((await t.em().findOneOrFail(User, member.id)).state, AccountState.Active);
  });
});
