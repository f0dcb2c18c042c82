import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { runCli } from '../../src/cli';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Role } from '../../src/policy/viewer';
import { AccountState, User } from '../../src/users/user.entity';
import { createUser, csrfFrom, signedInAgent, signIn } from '../factories/user.factory';
import { assertValidHtml } from '../support/html';
import { createTestApp, TestApp } from '../support/test-app';

describe('profiles, roles and the admin page', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('shows a member’s profile, and 404 for an unknown name', async () => {
    const user = await createUser(t.app, { username: '田中太郎' });
    const res = await request(t.http)
      .get(`/users/${encodeURIComponent('田中太郎')}`)
      .expect(200);
    assert.match(res.text, /<h1 id="profile-title" class="page-title">田中太郎<\/h1>/);
    assert.match(res.text, /購読者/);
    assert.match(res.text, /投稿数<\/dt><dd>0<\/dd>/);
    assert.ok(user.createdAt);
    await assertValidHtml(res.text, 'profile');
    await request(t.http).get('/users/nobody-here').expect(404);
    await request(t.http)
      .get('/users/%00')
      .expect((r) => assert.ok(r.status === 404 || r.status === 400));
  });

  it('keeps /admin/users for admins: guests 401, other roles 403', async () => {
    await request(t.http).get('/admin/users').expect(401);
    for (const role of [Role.Subscriber, Role.Moderator, Role.Editor]) {
      const { agent } = await signedInAgent(t.app, role);
      await agent.get('/admin/users').expect(403);
    }
    const { agent } = await signedInAgent(t.app, Role.Admin);
    const page = await agent.get('/admin/users').expect(200);
    assert.match(page.text, /会員と役割/);
    await assertValidHtml(page.text, 'admin users');
  });

  it('changes a role with a reason, recorded in the audit log; only through the policy', async () => {
    const { agent, user: admin } = await signedInAgent(t.app, Role.Admin);
    const member = await createUser(t.app);
    const page = await agent.get('/admin/users').expect(200);
    const token = csrfFrom(page.text);

    // No reason: the list comes back with the reason beside the member; nothing changes.
    const noReason = await agent
      .post(`/admin/users/${member.id}/role`)
      .type('form')
      .send({ _csrf: token, role: 'moderator', reason: '' })
      .expect(422);
    assert.match(noReason.text, /理由を入力してください/);
    assert.equal((await t.em().findOneOrFail(User, member.id)).role, Role.Subscriber);

    await agent
      .post(`/admin/users/${member.id}/role`)
      .type('form')
      .send({ _csrf: token, role: 'moderator', reason: '質問への回答が的確なため' })
      .expect(303)
      .expect('Location', '/admin/users');
    assert.equal((await t.em().findOneOrFail(User, member.id)).role, Role.Moderator);
    const entry = await t.em().findOneOrFail(AuditEntry, { action: 'user.role', targetId: member.username });
    assert.equal(entry.actorId, admin.id);
    assert.equal(entry.reason, '質問への回答が的確なため');
    assert.deepEqual(entry.detail, { from: 'subscriber', to: 'moderator' });

    // An unknown role, a missing member, a non-numeric id: refused without change.
    await agent.post(`/admin/users/${member.id}/role`).type('form').send({ _csrf: token, role: 'superuser', reason: 'x' }).expect(422);
    await agent.post(`/admin/users/999999/role`).type('form').send({ _csrf: token, role: 'editor', reason: 'x' }).expect(404);
    await agent.post(`/admin/users/abc/role`).type('form').send({ _csrf: token, role: 'editor', reason: 'x' }).expect(400);
  });

  it('lets nobody change their own role, and never demotes the last admin', async () => {
    const em = t.em();
    await em.nativeUpdate(User, { role: Role.Admin }, { role: Role.Subscriber });
    const { agent, user: admin } = await signedInAgent(t.app, Role.Admin);
    const token = csrfFrom((await agent.get('/admin/users').expect(200)).text);
    await agent.post(`/admin/users/${admin.id}/role`).type('form').send({ _csrf: token, role: 'subscriber', reason: 'try' }).expect(403);
    assert.equal((await t.em().findOneOrFail(User, admin.id)).role, Role.Admin);

    // A second admin demoting the only other admin would be fine; demoting the last one is not.
    const second = await createUser(t.app, { role: Role.Admin });
    const other = request.agent(t.http);
    await signIn(other, second.username);
    const token2 = csrfFrom((await other.get('/admin/users').expect(200)).text);
    await other.post(`/admin/users/${admin.id}/role`).type('form').send({ _csrf: token2, role: 'editor', reason: '交代' }).expect(303);
    // Now `second` is the last admin; the demoted one is no longer allowed on the page at all.
    await agent.post(`/admin/users/${second.id}/role`).type('form').send({ _csrf: token, role: 'subscriber', reason: 'x' }).expect(403);
    assert.equal((await t.em().findOneOrFail(User, second.id)).role, Role.Admin);
    assert.equal(await t.em().count(User, { role: Role.Admin }), 1);
  });

  it('refuses role and state from a form field a member controls', async () => {
    const page = await request.agent(t.http).get('/register');
    const agent = request.agent(t.http);
    const form = await agent.get('/register').expect(200);
    const res = await agent
      .post('/register')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        username: 'sneaky',
        email: 'sneaky@example.test',
        password: 'long enough password',
        role: 'admin',
      });
    assert.equal(res.status, 422);
    assert.ok(page);
    assert.equal(await t.em().count(User, { usernameKey: 'sneaky' }), 0);
  });

  it('tells a silenced member why, on every page, and lets them read', async () => {
    const until = new Date(Date.now() + 3600_000);
    const { agent, user } = await signedInAgent(t.app);
    await t
      .em()
      .nativeUpdate(User, { id: user.id }, { state: AccountState.Silenced, stateUntil: until, stateReason: '宣伝目的の投稿の繰り返し' });
    const res = await agent.get('/').expect(200);
    assert.match(res.text, /発言停止中/);
    assert.match(res.text, /宣伝目的の投稿の繰り返し/);
    await t.em().nativeUpdate(User, { id: user.id }, { stateUntil: new Date(Date.now() - 1000) });
    assert.doesNotMatch((await agent.get('/').expect(200)).text, /発言停止中/);
  });
});

describe('users:create', () => {
  it('creates the first admin from the command line, with the registration rules', async () => {
    const t = await createTestApp();
    try {
      const lines: string[] = [];
      const errors: string[] = [];
      const out = { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) };
      const ok = await runCli(
        [
          'users:create',
          '--username',
          'root-editor',
          '--password',
          'a long admin password',
          '--email',
          'Ed@Example.test',
          '--role',
          'admin',
        ],
        out,
        t.config,
      );
      assert.equal(ok, 0, errors.join('\n'));
      assert.match(lines.join('\n'), /Created admin "root-editor"/);
      const user = await t.em().findOneOrFail(User, { usernameKey: 'rooteditor' });
      assert.equal(user.role, Role.Admin);
      assert.equal(user.email, 'ed@example.test');
      const audit = await t.em().findOneOrFail(AuditEntry, { action: 'user.create' });
      assert.equal(audit.actorName, '(command line)');

      errors.length = 0;
      assert.equal(
        await runCli(['users:create', '--username', 'ab', '--password', 'short', '--email', 'nope', '--role', 'editor'], out, t.config),
        1,
      );
      assert.deepEqual(errors.sort(), [
        '--email: This is not a valid e-mail address.',
        '--password: Passwords are 12 to 128 characters.',
        '--username: Usernames are 3 to 32 characters.',
      ]);
      errors.length = 0;
      assert.equal(await runCli(['users:create', '--username', 'x'], out, t.config), 2);
      assert.equal(
        await runCli(
          ['users:create', '--username', 'abc', '--password', 'p'.repeat(12), '--email', 'a@b.c', '--role', 'god'],
          out,
          t.config,
        ),
        2,
      );
      assert.match(errors.join('\n'), /--role must be one of subscriber, moderator, editor, admin/);
      const agent = request.agent(t.http);
      await signIn(agent, 'ROOT-EDITOR', 'a long admin password');
      await agent.get('/admin/users').expect(200);
    } finally {
      await t.close();
    }
  });
});
