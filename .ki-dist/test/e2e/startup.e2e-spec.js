"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_child_process_1 = require("node:child_process");
const node_path_1 = require("node:path");
const node_test_1 = require("node:test");
const config_1 = require("../../src/config/config");
const test_app_1 = require("../support/test-app");
const root = (0, config_1.findRootDir)(__dirname);
const main = (0, node_path_1.join)(root, 'dist', 'src', 'main.js');
function start(env) {
    return new Promise((resolve, reject) => {
        const child = (0, node_child_process_1.spawn)(process.execPath, [main], { env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_REQUESTS: 'false', ...env }, cwd: root });
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${out}`)), 20000);
        const onData = (b) => {
            out += b.toString();
            const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                resolve({ child, url: m[1].replace('localhost', '127.0.0.1'), output: () => out });
            }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
}
async function stop(child) {
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
}
(0, node_test_1.describe)('npm start', () => {
    (0, node_test_1.it)('migrates a new database, loads the demo bulletin once, and a second start duplicates nothing', async () => {
        const db = await (0, test_app_1.createTestDatabase)();
        try {
            const first = await start(db.env);
            strict_1.default.match(first.output(), /Demo bulletin MS04-044 loaded/);
            const page = await fetch(`${first.url}/advisories/MS04-044`);
            strict_1.default.equal(page.status, 200);
            strict_1.default.match(await page.text(), /HFR BBS会議室/);
            strict_1.default.equal((await fetch(`${first.url}/advisories/MS04-044/thread`)).status, 200);
            await stop(first.child);
            const second = await start(db.env);
            strict_1.default.doesNotMatch(second.output(), /Demo bulletin/);
            const index = await (await fetch(`${second.url}/`)).text();
            strict_1.default.equal(index.match(/class="advisory-card__id"/g)?.length, 1);
            strict_1.default.equal((await fetch(`${second.url}/healthz`)).status, 200);
            await stop(second.child);
        }
        finally {
            await db.drop();
        }
    });
    (0, node_test_1.it)('refuses a bad setting with a one-line reason and a non-zero exit', () => {
        for (const [env, reason] of [
            [{ PORT: 'eighty' }, 'Configuration error: PORT must be an integer from 0 to 65535 (got "eighty")'],
            [{ NODE_ENV: 'production' }, 'Configuration error: SESSION_SECRET is required when NODE_ENV=production'],
            [{ DATABASE_URL: 'mysql://localhost/x' }, 'Configuration error: DATABASE_URL must start with postgres:// (got mysql://)'],
        ]) {
            const r = (0, node_child_process_1.spawnSync)(process.execPath, [main], { env: { PATH: process.env.PATH, ...env }, cwd: root, encoding: 'utf8', timeout: 20000 });
            strict_1.default.equal(r.status, 1);
            strict_1.default.equal(r.stderr, `${reason}\n`);
        }
    });
});
//# sourceMappingURL=startup.e2e-spec.js.map