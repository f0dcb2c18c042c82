"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const cli_1 = require("../../src/cli");
const audit_entry_entity_1 = require("../../src/moderation/audit-entry.entity");
const viewer_1 = require("../../src/policy/viewer");
const user_entity_1 = require("../../src/users/user.entity");
const user_factory_1 = require("../factories/user.factory");
const html_1 = require("../support/html");
const test_app_1 = require("../support/test-app");
(0, node_test_1.describe)('profiles, roles and the admin page', () => {
    let t;
    (0, node_test_1.before)(async () => {
        t = await (0, test_app_1.createTestApp)();
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('shows a member’s profile, and 404 for an unknown name', async () => {
        const user = await (0, user_factory_1.createUser)(t.app, { username: '田中太郎' });
        const res = await (0, supertest_1.default)(t.http).get(`/users/${encodeURIComponent('田中太郎')}`).expect(200);
        strict_1.default.match(res.text, /<h1 id="profile-title" class="page-title">田中太郎<\/h1>/);
        strict_1.default.match(res.text, /購読者/);
        strict_1.default.match(res.text, /投稿数<\/dt><dd>0<\/dd>/);
        strict_1.default.ok(user.createdAt);
        await (0, html_1.assertValidHtml)(res.text, 'profile');
        await (0, supertest_1.default)(t.http).get('/users/nobody-here').expect(404);
        await (0, supertest_1.default)(t.http).get('/users/%00').expect((r) => strict_1.default.ok(r.status === 404 || r.status === 400));
    });
    (0, node_test_1.it)('keeps /admin/users for admins: guests 401, other roles 403', async () => {
        await (0, supertest_1.default)(t.http).get('/admin/users').expect(401);
        for (const role of [viewer_1.Role.Subscriber, viewer_1.Role.Moderator, viewer_1.Role.Editor]) {
            const { agent } = await (0, user_factory_1.signedInAgent)(t.app, role);
            await agent.get('/admin/users').expect(403);
        }
        const { agent } = await (0, user_factory_1.signedInAgent)(t.app, viewer_1.Role.Admin);
        const page = await agent.get('/admin/users').expect(200);
        strict_1.default.match(page.text, /会員と役割/);
        await (0, html_1.assertValidHtml)(page.text, 'admin users');
    });
    (0, node_test_1.it)('changes a role with a reason, recorded in the audit log; only through the policy', async () => {
        const { agent, user: admin } = await (0, user_factory_1.signedInAgent)(t.app, viewer_1.Role.Admin);
        const member = await (0, user_factory_1.createUser)(t.app);
        const page = await agent.get('/admin/users').expect(200);
        const token = (0, user_factory_1.csrfFrom)(page.text);
        const noReason = await agent.post(`/admin/users/${member.id}/role`).type('form').send({ _csrf: token, role: 'moderator', reason: '' }).expect(422);
        strict_1.default.match(noReason.text, /理由を入力してください/);
        strict_1.default.equal((await t.em().findOneOrFail(user_entity_1.User, member.id)).role, viewer_1.Role.Subscriber);
        await agent.post(`/admin/users/${member.id}/role`).type('form').send({ _csrf: token, role: 'moderator', reason: '質問への回答が的確なため' }).expect(303).expect('Location', '/admin/users');
        strict_1.default.equal((await t.em().findOneOrFail(user_entity_1.User, member.id)).role, viewer_1.Role.Moderator);
        const entry = await t.em().findOneOrFail(audit_entry_entity_1.AuditEntry, { action: 'user.role', targetId: member.username });
        strict_1.default.equal(entry.actorId, admin.id);
        strict_1.default.equal(entry.reason, '質問への回答が的確なため');
        strict_1.default.deepEqual(entry.detail, { from: 'subscriber', to: 'moderator' });
        await agent.post(`/admin/users/${member.id}/role`).type('form').send({ _csrf: token, role: 'superuser', reason: 'x' }).expect(422);
        await agent.post(`/admin/users/999999/role`).type('form').send({ _csrf: token, role: 'editor', reason: 'x' }).expect(404);
        await agent.post(`/admin/users/abc/role`).type('form').send({ _csrf: token, role: 'editor', reason: 'x' }).expect(400);
    });
    (0, node_test_1.it)('lets nobody change their own role, and never demotes the last admin', async () => {
        const em = t.em();
        await em.nativeUpdate(user_entity_1.User, { role: viewer_1.Role.Admin }, { role: viewer_1.Role.Subscriber });
        const { agent, user: admin } = await (0, user_factory_1.signedInAgent)(t.app, viewer_1.Role.Admin);
        const token = (0, user_factory_1.csrfFrom)((await agent.get('/admin/users').expect(200)).text);
        await agent.post(`/admin/users/${admin.id}/role`).type('form').send({ _csrf: token, role: 'subscriber', reason: 'try' }).expect(403);
        strict_1.default.equal((await t.em().findOneOrFail(user_entity_1.User, admin.id)).role, viewer_1.Role.Admin);
        const second = await (0, user_factory_1.createUser)(t.app, { role: viewer_1.Role.Admin });
        const other = supertest_1.default.agent(t.http);
        await (0, user_factory_1.signIn)(other, second.username);
        const token2 = (0, user_factory_1.csrfFrom)((await other.get('/admin/users').expect(200)).text);
        await other.post(`/admin/users/${admin.id}/role`).type('form').send({ _csrf: token2, role: 'editor', reason: '交代' }).expect(303);
        await agent.post(`/admin/users/${second.id}/role`).type('form').send({ _csrf: token, role: 'subscriber', reason: 'x' }).expect(403);
        strict_1.default.equal((await t.em().findOneOrFail(user_entity_1.User, second.id)).role, viewer_1.Role.Admin);
        strict_1.default.equal(await t.em().count(user_entity_1.User, { role: viewer_1.Role.Admin }), 1);
    });
    (0, node_test_1.it)('refuses role and state from a form field a member controls', async () => {
        const page = await supertest_1.default.agent(t.http).get('/register');
        const agent = supertest_1.default.agent(t.http);
        const form = await agent.get('/register').expect(200);
        const res = await agent.post('/register').type('form').send({ _csrf: (0, user_factory_1.csrfFrom)(form.text), username: 'sneaky', email: 'sneaky@example.test', password: 'long enough password', role: 'admin' });
        strict_1.default.equal(res.status, 422);
        strict_1.default.ok(page);
        strict_1.default.equal(await t.em().count(user_entity_1.User, { usernameKey: 'sneaky' }), 0);
    });
    (0, node_test_1.it)('tells a silenced member why, on every page, and lets them read', async () => {
        const until = new Date(Date.now() + 3600_000);
        const { agent, user } = await (0, user_factory_1.signedInAgent)(t.app);
        await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { state: user_entity_1.AccountState.Silenced, stateUntil: until, stateReason: '宣伝目的の投稿の繰り返し' });
        const res = await agent.get('/').expect(200);
        strict_1.default.match(res.text, /発言停止中/);
        strict_1.default.match(res.text, /宣伝目的の投稿の繰り返し/);
        await t.em().nativeUpdate(user_entity_1.User, { id: user.id }, { stateUntil: new Date(Date.now() - 1000) });
        strict_1.default.doesNotMatch((await agent.get('/').expect(200)).text, /発言停止中/);
    });
});
(0, node_test_1.describe)('users:create', () => {
    (0, node_test_1.it)('creates the first admin from the command line, with the registration rules', async () => {
        const t = await (0, test_app_1.createTestApp)();
        try {
            const lines = [];
            const errors = [];
            const out = { log: (s) => lines.push(s), error: (s) => errors.push(s) };
            const ok = await (0, cli_1.runCli)(['users:create', '--username', 'root-editor', '--password', 'a long admin password', '--email', 'Ed@Example.test', '--role', 'admin'], out, t.config);
            strict_1.default.equal(ok, 0, errors.join('\n'));
            strict_1.default.match(lines.join('\n'), /Created admin "root-editor"/);
            const user = await t.em().findOneOrFail(user_entity_1.User, { usernameKey: 'rooteditor' });
            strict_1.default.equal(user.role, viewer_1.Role.Admin);
            strict_1.default.equal(user.email, 'ed@example.test');
            const audit = await t.em().findOneOrFail(audit_entry_entity_1.AuditEntry, { action: 'user.create' });
            strict_1.default.equal(audit.actorName, '(command line)');
            errors.length = 0;
            strict_1.default.equal(await (0, cli_1.runCli)(['users:create', '--username', 'ab', '--password', 'short', '--email', 'nope', '--role', 'editor'], out, t.config), 1);
            strict_1.default.deepEqual(errors.sort(), ['--email: This is not a valid e-mail address.', '--password: Passwords are 12 to 128 characters.', '--username: Usernames are 3 to 32 characters.']);
            errors.length = 0;
            strict_1.default.equal(await (0, cli_1.runCli)(['users:create', '--username', 'x'], out, t.config), 2);
            strict_1.default.equal(await (0, cli_1.runCli)(['users:create', '--username', 'abc', '--password', 'p'.repeat(12), '--email', 'a@b.c', '--role', 'god'], out, t.config), 2);
            strict_1.default.match(errors.join('\n'), /--role must be one of subscriber, moderator, editor, admin/);
            const agent = supertest_1.default.agent(t.http);
            await (0, user_factory_1.signIn)(agent, 'ROOT-EDITOR', 'a long admin password');
            await agent.get('/admin/users').expect(200);
        }
        finally {
            await t.close();
        }
    });
});
//# sourceMappingURL=users.e2e-spec.js.map