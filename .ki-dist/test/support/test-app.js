"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ENGINE = void 0;
exports.createTestDatabase = createTestDatabase;
exports.testConfig = testConfig;
exports.createTestApp = createTestApp;
require("reflect-metadata");
const core_1 = require("@mikro-orm/core");
const core_2 = require("@nestjs/core");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const pg_1 = require("pg");
const app_module_1 = require("../../src/app.module");
const app_setup_1 = require("../../src/app.setup");
const config_1 = require("../../src/config/config");
const prepare_database_1 = require("../../src/database/prepare-database");
exports.ENGINE = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';
let counter = 0;
async function createTestDatabase() {
    if (exports.ENGINE === 'sqlite') {
        const dir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'hfr-test-'));
        const path = (0, node_path_1.join)(dir, 'test.sqlite');
        return { config: { engine: 'sqlite', path }, env: { SQLITE_PATH: path }, drop: async () => (0, node_fs_1.rmSync)(dir, { recursive: true, force: true }) };
    }
    const base = new URL(process.env.DATABASE_URL);
    const name = `hfr_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const admin = new pg_1.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    return {
        config: { engine: 'postgresql', url: url.toString() },
        env: { DATABASE_URL: url.toString() },
        drop: async () => {
            const c = new pg_1.Client({ connectionString: base.toString() });
            await c.connect();
            await c.query(`drop database if exists "${name}" with (force)`);
            await c.end();
        },
    };
}
function testConfig(db, overrides = {}) {
    const base = (0, config_1.loadConfig)({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false', HOLD_FIRST_POSTS: '0' }, (0, config_1.findRootDir)(__dirname));
    return Object.freeze({ ...base, database: db.config, ...overrides });
}
async function createTestApp(overrides = {}, existing) {
    const db = existing ?? (await createTestDatabase());
    const config = testConfig(db, overrides);
    const app = await core_2.NestFactory.create(app_module_1.AppModule.register(config), { ...app_setup_1.NEST_OPTIONS, logger: process.env.TEST_LOG ? ['error', 'warn'] : false });
    (0, app_setup_1.configureApp)(app, config);
    await (0, prepare_database_1.prepareDatabase)(app);
    await app.init();
    const orm = app.get(core_1.MikroORM);
    return {
        app,
        http: app.getHttpServer(),
        orm,
        em: () => orm.em.fork(),
        config,
        db,
        close: async () => {
            await app.close();
            if (!existing)
                await db.drop();
        },
    };
}
//# sourceMappingURL=test-app.js.map