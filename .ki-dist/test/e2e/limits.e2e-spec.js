"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const post_entity_1 = require("../../src/threads/post.entity");
const advisory_factory_1 = require("../factories/advisory.factory");
const user_factory_1 = require("../factories/user.factory");
const test_app_1 = require("../support/test-app");
(0, node_test_1.describe)('body size limits on the post form', () => {
    let t;
    let cookie;
    let token;
    (0, node_test_1.before)(async () => {
        t = await (0, test_app_1.createTestApp)();
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.referenceDocument)()]);
        cookie = await (0, user_factory_1.signInCookie)(t.http, (await (0, user_factory_1.createUser)(t.app)).username);
        token = (0, user_factory_1.csrfFrom)((await (0, supertest_1.default)(t.http).get('/advisories/MS04-044/thread').set('Cookie', cookie).expect(200)).text);
    });
    (0, node_test_1.after)(() => t.close());
    const post = (body) => (0, supertest_1.default)(t.http).post('/advisories/MS04-044/thread').set('Cookie', cookie).type('form').send({ _csrf: token, body });
    (0, node_test_1.it)('accepts 20,000 Japanese characters, which are 180 KB once form-encoded', async () => {
        const body = '障害'.repeat(10_000);
        await post(body).expect(303);
        const saved = await t.em().findOneOrFail(post_entity_1.Post, { number: 1 });
        strict_1.default.equal([...saved.bodySource].length, 20_000);
    });
    (0, node_test_1.it)('refuses 20,001 characters with the reason and the text kept', async () => {
        const res = await post('起'.repeat(20_001)).expect(422);
        strict_1.default.match(res.text, /本文は20,000文字までです/);
        strict_1.default.ok(res.text.includes('起'.repeat(100)));
        strict_1.default.equal(await t.em().count(post_entity_1.Post, {}), 1);
    });
    (0, node_test_1.it)('answers a huge request with a fast 413 page and keeps serving', async () => {
        const started = Date.now();
        const res = await post('x'.repeat(2_000_000)).expect(413);
        strict_1.default.match(res.text, /送信内容が大きすぎます/);
        strict_1.default.ok(Date.now() - started < 5000);
        await (0, supertest_1.default)(t.http).get('/healthz').expect(200);
        strict_1.default.equal(await t.em().count(post_entity_1.Post, {}), 1);
    });
});
//# sourceMappingURL=limits.e2e-spec.js.map