"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const thread_entity_1 = require("../../src/threads/thread.entity");
const advisory_factory_1 = require("../factories/advisory.factory");
const html_1 = require("../support/html");
const test_app_1 = require("../support/test-app");
(0, node_test_1.describe)('board index and threads', () => {
    let t;
    (0, node_test_1.before)(async () => {
        t = await (0, test_app_1.createTestApp)();
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('says so when nothing is published yet', async () => {
        const res = await (0, supertest_1.default)(t.http).get('/').expect(200);
        strict_1.default.match(res.text, /公開済みのセキュリティ情報はまだありません/);
        await (0, html_1.assertValidHtml)(res.text, 'empty index');
    });
    (0, node_test_1.it)('lists published advisories newest-updated first, 50 a page, by keyset', async () => {
        const docs = Array.from({ length: 53 }, (_, i) => {
            const day = String(1 + (i % 28)).padStart(2, '0');
            const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
            return (0, advisory_factory_1.buildAdvisoryDoc)({ id: `MS06-${String(i + 1).padStart(3, '0')}`, registeredOn: `2006-${month}-${day}`, updatedOn: `2006-${month}-${day}` });
        });
        docs.push((0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS06-054', registeredOn: '2006-02-25', updatedOn: '2006-02-25' }));
        await (0, advisory_factory_1.createAdvisories)(t.app, docs);
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS06-099', updatedOn: '2007-01-01' })], false);
        const first = await (0, supertest_1.default)(t.http).get('/').expect(200);
        const ids1 = [...first.text.matchAll(/class="advisory-card__id" href="\/advisories\/([^"]+)"/g)].map((m) => m[1]);
        strict_1.default.equal(ids1.length, 50);
        strict_1.default.deepEqual(ids1.slice(0, 3), ['MS06-054', 'MS06-053', 'MS06-052']);
        strict_1.default.ok(!ids1.includes('MS06-099'), 'drafts are not listed');
        const next = /<a rel="next" href="([^"]+)"/.exec(first.text)?.[1].replace(/&#x3D;/g, '=');
        strict_1.default.ok(next, 'a link to the next page');
        const second = await (0, supertest_1.default)(t.http).get(next).expect(200);
        const ids2 = [...second.text.matchAll(/class="advisory-card__id" href="\/advisories\/([^"]+)"/g)].map((m) => m[1]);
        strict_1.default.deepEqual(ids2, ['MS06-004', 'MS06-003', 'MS06-002', 'MS06-001']);
        strict_1.default.doesNotMatch(second.text, /rel="next"/);
        const all = new Set([...ids1, ...ids2]);
        strict_1.default.equal(all.size, 54);
        for (const text of ['KB900', '1 緊急', '緊急適用', '2006年2月25日', 'href="/advisories/MS06-054/thread"'])
            strict_1.default.ok(first.text.includes(text), text);
        await (0, html_1.assertValidHtml)(first.text, 'index');
    });
    (0, node_test_1.it)('ignores a malformed cursor instead of failing', async () => {
        await (0, supertest_1.default)(t.http).get('/?after=%27%20OR%201%3D1--').expect(200);
        await (0, supertest_1.default)(t.http).get('/?after=2006-01-01~ms06-001&after=x').expect(200);
    });
    (0, node_test_1.it)('gives every published advisory exactly one thread, which says there are no reports yet', async () => {
        const doc = (0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS07-001' });
        await (0, advisory_factory_1.createAdvisories)(t.app, [doc], false);
        strict_1.default.equal(await t.em().count(thread_entity_1.Thread, { advisory: 'MS07-001' }), 0);
        await (0, advisory_factory_1.createAdvisories)(t.app, [doc], true);
        await (0, advisory_factory_1.createAdvisories)(t.app, [doc], true);
        strict_1.default.equal(await t.em().count(thread_entity_1.Thread, { advisory: 'MS07-001' }), 1);
        const res = await (0, supertest_1.default)(t.http).get('/advisories/MS07-001/thread').expect(200);
        strict_1.default.match(res.text, /まだ報告はありません/);
        strict_1.default.match(res.text, /href="\/advisories\/MS07-001"/);
        await (0, html_1.assertValidHtml)(res.text, 'thread');
    });
    (0, node_test_1.it)('reports health with a real database round trip', async () => {
        const res = await (0, supertest_1.default)(t.http).get('/healthz').expect(200);
        strict_1.default.deepEqual(res.body, { status: 'ok', database: 'ok' });
        strict_1.default.equal(res.headers['cache-control'], 'no-store');
    });
});
(0, node_test_1.describe)('health when the database is gone', () => {
    (0, node_test_1.it)('answers 503 from /healthz and a readable 503 page elsewhere', async () => {
        const t = await (0, test_app_1.createTestApp)();
        try {
            await t.orm.close(true);
            const health = await (0, supertest_1.default)(t.http).get('/healthz').expect(503);
            strict_1.default.deepEqual(health.body, { status: 'error', database: 'unreachable' });
            const page = await (0, supertest_1.default)(t.http).get('/').set('Accept', 'text/html');
            strict_1.default.ok(page.status >= 500, `status ${page.status}`);
            strict_1.default.doesNotMatch(page.text, /at .*\.js:\d+|knex|SqliteError|ECONNREFUSED/);
        }
        finally {
            await t.app.close().catch(() => undefined);
            await t.db.drop();
        }
    });
});
//# sourceMappingURL=board.e2e-spec.js.map