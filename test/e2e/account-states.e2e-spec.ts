import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { AccountState, User } from '../../src/users/user.entity';
import { createUser, signInCookie, TEST_PASSWORD } from '../factories/user.factory';
import { boardApp, THREAD } from '../support/board';
import { csrfOf, guestSession, postAs, sessionOf, signedInSession, whoIs } from '../support/sessions';
import { countReads } from '../support/reads';
import { ENGINE, TestApp } from '../support/test-app';
import { UsersRepository } from '../../src/users/users.repository';

describe('moderators silence, suspend and lift', () => {
  let t: TestApp;
  let mod: string;
  before(async () => {
    t = await boardApp();
    mod = await signInCookie(t.http, (await createUser(t.app, { role: Role.Moderator })).username);
  });
  after(() => t.close());

  /** The state form on the member's profile, as the acting session sees it. */
  const act = async (cookie: string, user: User, fields: Record<string, string>) => {
    const page = await request(t.http)
      .get(`/users/${encodeURIComponent(user.username)}`)
      .set('Cookie', cookie)
      .expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? (await csrfOf(t.http, cookie, THREAD));
    return postAs(t.http, { cookie, csrf }, `/mod/users/${user.id}/state`, fields);
  };
  const post = async (cookie: string) => postAs(t.http, await sessionOf(t.http, cookie, THREAD), THREAD, { body: '投稿テスト' });

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
    assert.equal(await whoIs(t.http, cookie), member.username);
    assert.equal((await act(mod, member, { state: 'suspended', days: '30', reason: '攻撃的な投稿' })).status, 303);
    assert.equal(await whoIs(t.http, cookie), null);
    const res = await postAs(t.http, await guestSession(t.http), '/login', { username: member.username, password: TEST_PASSWORD });
    assert.equal(res.status, 403);
    assert.match(res.text, /攻撃的な投稿/);
  });

  it('reads the signed-in members of one turn together on PostgreSQL, each as their row is then', async () => {
    const members = [await createUser(t.app), await createUser(t.app), await createUser(t.app)];
    const users = t.app.get(UsersRepository);
    const reads = countReads(t.app, 'UsersRepository.sessionViewer');
    try {
      const seen = await Promise.all(members.map((m) => users.sessionViewer(m.id)));
      assert.deepEqual(
        seen.map((v) => [v?.id, v?.username, v?.approvedPosts]),
        members.map((m) => [m.id, m.username, 0]),
      );
      assert.equal(reads.count, ENGINE === 'postgresql' ? 1 : 3);
      // A moderator's silence shows in the next turn's read; an account that is gone is no one.
      assert.equal((await act(mod, members[1], { state: 'silenced', days: '3', reason: '連投' })).status, 303);
      const again = await Promise.all([...members.map((m) => users.sessionViewer(m.id)), users.sessionViewer(2_000_000_000)]);
      assert.deepEqual(
        again.map((v) => v?.state ?? null),
        ['active', 'silenced', 'active', null],
      );
    } finally {
      reads.restore();
    }
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

    const sub = await signedInSession(t.http, (await createUser(t.app)).username, THREAD);
    assert.equal((await postAs(t.http, sub, `/mod/users/${member.id}/state`, { state: 'suspended', days: '3', reason: 'x' })).status, 403);
    assert.equal((await t.em().findOneOrFail(User, member.id)).state, AccountState.Active);
  });
});
