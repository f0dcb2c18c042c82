"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const user_factory_1 = require("../factories/user.factory");
const test_app_1 = require("../support/test-app");
async function whoIs(http, cookie) {
    const res = await (0, supertest_1.default)(http).get('/').set('Cookie', cookie).expect(200);
    return /<li><a href="\/users\/[^"]+">([^<]+)<\/a><\/li>/.exec(res.text)?.[1] ?? null;
}
(0, node_test_1.describe)('sessions', () => {
    (0, node_test_1.it)('survive a restart of the server, because they live in the database', async () => {
        const db = await (0, test_app_1.createTestDatabase)();
        const secret = (0, node_crypto_1.randomBytes)(32).toString('hex');
        try {
            const first = await (0, test_app_1.createTestApp)({ sessionSecret: secret }, db);
            let cookie;
            let username;
            try {
                username = (await (0, user_factory_1.createUser)(first.app)).username;
                cookie = await (0, user_factory_1.signInCookie)(first.http, username);
                strict_1.default.equal(await whoIs(first.http, cookie), username);
            }
            finally {
                await first.close();
            }
            const second = await (0, test_app_1.createTestApp)({ sessionSecret: secret }, db);
            try {
                strict_1.default.equal(await whoIs(second.http, cookie), username);
            }
            finally {
                await second.close();
            }
        }
        finally {
            await db.drop();
        }
    });
    (0, node_test_1.it)('cannot be forged: a real session id with a wrong signature, or signed with another secret, is a guest', async () => {
        const t = await (0, test_app_1.createTestApp)();
        try {
            const user = await (0, user_factory_1.createUser)(t.app);
            const cookie = await (0, user_factory_1.signInCookie)(t.http, user.username);
            const [name, value] = cookie.split('=');
            const decoded = decodeURIComponent(value);
            const sid = decoded.slice(2, decoded.lastIndexOf('.'));
            strict_1.default.equal(await whoIs(t.http, cookie), user.username);
            strict_1.default.equal(await whoIs(t.http, `${name}=${encodeURIComponent(`s:${sid}.forgedsignature`)}`), null);
            strict_1.default.equal(await whoIs(t.http, `${name}=${encodeURIComponent(sid)}`), null);
            strict_1.default.equal(await whoIs(t.http, `${name}=${encodeURIComponent(`s:${(0, node_crypto_1.randomBytes)(24).toString('base64url')}.x`)}`), null);
        }
        finally {
            await t.close();
        }
    });
});
//# sourceMappingURL=sessions.e2e-spec.js.map