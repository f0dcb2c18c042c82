"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const platform_stat_entity_1 = require("../../src/field-reports/platform-stat.entity");
const audit_entry_entity_1 = require("../../src/moderation/audit-entry.entity");
const viewer_1 = require("../../src/policy/viewer");
const post_entity_1 = require("../../src/threads/post.entity");
const user_entity_1 = require("../../src/users/user.entity");
const advisory_factory_1 = require("../factories/advisory.factory");
const user_factory_1 = require("../factories/user.factory");
const test_app_1 = require("../support/test-app");
const THREAD = '/advisories/MS04-044/thread';
(0, node_test_1.describe)('a new member’s first posts wait for approval', () => {
    let t;
    let newbie;
    let newbieCookie;
    let modCookie;
    (0, node_test_1.before)(async () => {
        t = await (0, test_app_1.createTestApp)({ moderation: { flagHideThreshold: 3, holdFirstPosts: 2 } });
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.referenceDocument)()]);
        const user = await (0, user_factory_1.createUser)(t.app);
        newbie = { id: user.id, username: user.username };
        newbieCookie = await (0, user_factory_1.signInCookie)(t.http, user.username);
        modCookie = await (0, user_factory_1.signInCookie)(t.http, (await (0, user_factory_1.createUser)(t.app, { role: viewer_1.Role.Moderator })).username);
    });
    (0, node_test_1.after)(() => t.close());
    const token = async (cookie, path = THREAD) => (0, user_factory_1.csrfFrom)((await (0, supertest_1.default)(t.http).get(path).set('Cookie', cookie).expect(200)).text);
    const postReport = async (cookie, body) => (0, supertest_1.default)(t.http).post(THREAD).set('Cookie', cookie).type('form').send({ _csrf: await token(cookie), body, outcome: 'problem', platform: 'win2000-sp4', hosts: '40', software: 'VERITAS Backup Exec 8.6' }).expect(303);
    const stat = async () => (await t.em().findOne(platform_stat_entity_1.PlatformStat, { platformKey: 'win2000-sp4', outcome: 'problem' }))?.reports ?? 0;
    const review = async (postId, decision, reason) => (0, supertest_1.default)(t.http).post(`/mod/posts/${postId}/review`).set('Cookie', modCookie).type('form').send({ _csrf: await token(modCookie, '/mod'), decision, reason });
    (0, node_test_1.it)('holds the first post: the author sees it marked pending, others do not see it, nothing is counted', async () => {
        await postReport(newbieCookie, 'バックアップが失敗します(保留されるはず)');
        const post = await t.em().findOneOrFail(post_entity_1.Post, { number: 1 });
        strict_1.default.equal(post.state, 'held');
        strict_1.default.equal(await stat(), 0);
        const own = await (0, supertest_1.default)(t.http).get(THREAD).set('Cookie', newbieCookie).expect(200);
        strict_1.default.match(own.text, /承認待ち/);
        strict_1.default.match(own.text, /保留されるはず/);
        const guest = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.doesNotMatch(guest.text, /保留されるはず/);
        await (0, supertest_1.default)(t.http).get(`/posts/${post.id}`).expect(404);
        const queue = await (0, supertest_1.default)(t.http).get('/mod').set('Cookie', modCookie).expect(200);
        strict_1.default.match(queue.text, /保留されるはず/);
    });
    (0, node_test_1.it)('approval makes it public with everything a post does: statistics, counts, audit', async () => {
        const post = await t.em().findOneOrFail(post_entity_1.Post, { number: 1 });
        await review(post.id, 'approve', '').then((r) => strict_1.default.equal(r.status, 303));
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, post.id)).state, 'visible');
        strict_1.default.equal(await stat(), 1);
        const user = await t.em().findOneOrFail(user_entity_1.User, newbie.id);
        strict_1.default.equal(user.approvedPosts, 1);
        strict_1.default.equal(user.postCount, 1);
        strict_1.default.ok(await t.em().findOne(audit_entry_entity_1.AuditEntry, { action: 'post.approve', targetId: String(post.id) }));
        strict_1.default.match((await (0, supertest_1.default)(t.http).get(THREAD).expect(200)).text, /保留されるはず/);
    });
    (0, node_test_1.it)('rejection needs a reason and hides the post; a second review of it is refused', async () => {
        await postReport(newbieCookie, '二件目の報告');
        const post = await t.em().findOneOrFail(post_entity_1.Post, { number: 2 });
        strict_1.default.equal(post.state, 'held');
        strict_1.default.equal((await review(post.id, 'reject', '')).status, 422);
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, post.id)).state, 'held');
        strict_1.default.equal((await review(post.id, 'reject', '重複した報告のため')).status, 303);
        const after = await t.em().findOneOrFail(post_entity_1.Post, post.id);
        strict_1.default.equal(after.state, 'hidden');
        strict_1.default.equal(after.stateReason, '重複した報告のため');
        strict_1.default.equal(await stat(), 1);
        strict_1.default.equal((await review(post.id, 'approve', '')).status, 422);
    });
    (0, node_test_1.it)('after enough approvals, and for staff always, posts are public at once', async () => {
        await postReport(newbieCookie, '三件目');
        const third = await t.em().findOneOrFail(post_entity_1.Post, { number: 3 });
        await review(third.id, 'approve', '');
        await postReport(newbieCookie, '四件目は即時公開');
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, { number: 4 })).state, 'visible');
        await postReport(modCookie, 'モデレーターの報告');
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, { number: 5 })).state, 'visible');
        strict_1.default.equal(await stat(), 4);
    });
    (0, node_test_1.it)('keeps the review for moderators: a subscriber gets 403 and nothing changes', async () => {
        const other = await (0, user_factory_1.signInCookie)(t.http, (await (0, user_factory_1.createUser)(t.app)).username);
        await postReport(other, '別の新しい会員');
        const post = await t.em().findOneOrFail(post_entity_1.Post, { number: 6 });
        const res = await (0, supertest_1.default)(t.http).post(`/mod/posts/${post.id}/review`).set('Cookie', newbieCookie).type('form').send({ _csrf: await token(newbieCookie), decision: 'approve' });
        strict_1.default.equal(res.status, 403);
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, post.id)).state, 'held');
    });
});
//# sourceMappingURL=held-posts.e2e-spec.js.map