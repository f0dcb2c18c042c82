"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const node_test_1 = require("node:test");
const supertest_1 = __importDefault(require("supertest"));
const advisory_entity_1 = require("../../src/advisories/advisory.entity");
const advisory_platform_entity_1 = require("../../src/advisories/advisory-platform.entity");
const cli_1 = require("../../src/cli");
const thread_entity_1 = require("../../src/threads/thread.entity");
const advisory_factory_1 = require("../factories/advisory.factory");
const test_app_1 = require("../support/test-app");
const dir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'hfr-import-'));
const file = (name, data) => {
    const path = (0, node_path_1.join)(dir, name);
    (0, node_fs_1.writeFileSync)(path, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
    return path;
};
(0, node_test_1.describe)('advisories:import and export', () => {
    let t;
    const cli = async (...args) => {
        const out = [];
        const err = [];
        const code = await (0, cli_1.runCli)(args, { log: (s) => out.push(s), error: (s) => err.push(s) }, t.config);
        return { code, out: out.join('\n'), err: err.join('\n') };
    };
    (0, node_test_1.before)(async () => {
        t = await (0, test_app_1.createTestApp)();
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('imports the reference bulletin, and export gives back the same data', async () => {
        const seed = (0, advisory_factory_1.referenceDocument)();
        const r = await cli('advisories:import', file('seed.json', seed), '--publish');
        strict_1.default.equal(r.code, 0, r.err);
        strict_1.default.match(r.out, /\[1\/1\] MS04-044: created, published/);
        strict_1.default.match(r.out, /Imported 1 advisory \(1 created, 0 updated, 1 published\)/);
        const res = await (0, supertest_1.default)(t.http).get('/advisories/MS04-044.json').expect(200).expect('Content-Type', /application\/json; charset=utf-8/);
        strict_1.default.deepEqual(res.body, seed);
        strict_1.default.equal(JSON.stringify(res.body), JSON.stringify(seed));
    });
    (0, node_test_1.it)('writes nothing when any file has a problem, and names each field by its JSON path', async () => {
        const bad = (0, advisory_factory_1.referenceDocument)();
        bad.id = 'MS04-045';
        bad.packages[2].files[5].size = -5;
        bad.severity = 9;
        const good = (0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS04-046' });
        const r = await cli('advisories:import', file('good.json', good), file('bad.json', bad), file('broken.json', '{"id":'));
        strict_1.default.equal(r.code, 1);
        strict_1.default.match(r.err, /bad\.json: packages\[2\]\.files\[5\]\.size: must be a non-negative integer/);
        strict_1.default.match(r.err, /bad\.json: severity: must be one of 1, 2, 3, 4/);
        strict_1.default.match(r.err, /broken\.json: \(file\): is not valid JSON/);
        strict_1.default.match(r.err, /3 problems found; nothing was imported\./);
        const em = t.em();
        strict_1.default.equal(await em.count(advisory_entity_1.Advisory, { id: { $in: ['MS04-045', 'MS04-046'] } }), 0);
    });
    (0, node_test_1.it)('refuses the same id twice in one import, and a missing file', async () => {
        const doc = (0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS04-047' });
        const r = await cli('advisories:import', file('twice.json', [doc, doc]));
        strict_1.default.equal(r.code, 1);
        strict_1.default.match(r.err, /MS04-047: appears more than once in this import/);
        const missing = await cli('advisories:import', (0, node_path_1.join)(dir, 'nope.json'));
        strict_1.default.equal(missing.code, 1);
        strict_1.default.match(missing.err, /nope\.json: cannot be read \(ENOENT\)/);
        strict_1.default.equal(await t.em().count(advisory_entity_1.Advisory, { id: 'MS04-047' }), 0);
    });
    (0, node_test_1.it)('updates an advisory on re-import, keeping platform rows and its one thread', async () => {
        const doc = (0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS05-010' });
        strict_1.default.equal((await cli('advisories:import', file('v1.json', doc), '--publish')).code, 0);
        const before = await t.em().find(advisory_platform_entity_1.AdvisoryPlatform, { advisory: 'MS05-010' }, { orderBy: { position: 'asc' } });
        const v2 = { ...doc, title: '改訂版のタイトル', updatedOn: '2009-02-01', platforms: [doc.platforms[1], { key: 'winxp-sp2', label: 'Windows XP SP2', product: 'Windows XP' }] };
        const r = await cli('advisories:import', file('v2.json', [v2]));
        strict_1.default.equal(r.code, 0, r.err);
        strict_1.default.match(r.out, /MS05-010: updated, published/);
        const em = t.em();
        const a = await em.findOneOrFail(advisory_entity_1.Advisory, 'MS05-010', { populate: ['platforms'] });
        strict_1.default.equal(a.title, '改訂版のタイトル');
        strict_1.default.deepEqual(a.platforms.getItems().map((p) => p.key), ['ws2003', 'winxp-sp2']);
        const ws2003 = a.platforms.getItems().find((p) => p.key === 'ws2003');
        strict_1.default.equal(ws2003.id, before.find((p) => p.key === 'ws2003').id, 'the surviving platform keeps its row');
        strict_1.default.equal(await em.count(advisory_platform_entity_1.AdvisoryPlatform, { advisory: 'MS05-010' }), 2);
        strict_1.default.equal(await em.count(thread_entity_1.Thread, { advisory: 'MS05-010' }), 1);
        const exported = (await (0, supertest_1.default)(t.http).get('/advisories/MS05-010.json').expect(200)).body;
        strict_1.default.deepEqual(exported, v2);
    });
    (0, node_test_1.it)('imports without --publish as a draft nobody else can see', async () => {
        const r = await cli('advisories:import', file('draft.json', (0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS05-020' })));
        strict_1.default.match(r.out, /MS05-020: created, draft/);
        await (0, supertest_1.default)(t.http).get('/advisories/MS05-020').expect(404);
        strict_1.default.equal(await t.em().count(thread_entity_1.Thread, { advisory: 'MS05-020' }), 0);
    });
    (0, node_test_1.it)('explains its usage', async () => {
        strict_1.default.equal((await cli()).code, 2);
        const r = await cli('advisories:nuke');
        strict_1.default.equal(r.code, 2);
        strict_1.default.match(r.err, /Unknown command "advisories:nuke"/);
        strict_1.default.match((await cli('advisories:import', '--force', 'x.json')).err, /Unknown option --force/);
    });
});
//# sourceMappingURL=import.e2e-spec.js.map