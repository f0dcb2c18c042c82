"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const config_1 = require("./config");
const root = '/srv/hfr';
const load = (env) => (0, config_1.loadConfig)({ NODE_ENV: 'test', ...env }, root);
(0, node_test_1.describe)('loadConfig', () => {
    (0, node_test_1.it)('defaults to SQLite under data/ on port 3000', () => {
        const sut = load({});
        strict_1.default.deepEqual(sut.database, { engine: 'sqlite', path: '/srv/hfr/data/hfr-bbs.sqlite' });
        strict_1.default.equal(sut.port, 3000);
        strict_1.default.ok(Object.isFrozen(sut));
    });
    (0, node_test_1.it)('selects PostgreSQL from DATABASE_URL', () => {
        strict_1.default.deepEqual(load({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/board' }).database, { engine: 'postgresql', url: 'postgres://u@127.0.0.1:5432/board' });
    });
    (0, node_test_1.it)('stops on a bad value with a one-line reason', () => {
        const cases = [
            [{ PORT: 'abc' }, /^PORT must be an integer from 0 to 65535 \(got "abc"\)$/],
            [{ PORT: '70000' }, /^PORT must be/],
            [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL must start with postgres:\/\//],
            [{ DATABASE_URL: 'postgres://host' }, /must name a database/],
            [{ NODE_ENV: 'staging' }, /^NODE_ENV must be one of development, production, test/],
            [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET must be at least 32 characters$/],
            [{ PUBLIC_BASE_URL: 'ftp://x' }, /^PUBLIC_BASE_URL must be an http/],
            [{ DEMO_DATA: 'perhaps' }, /^DEMO_DATA must be true or false/],
        ];
        for (const [env, message] of cases) {
            strict_1.default.throws(() => load(env), (err) => err instanceof config_1.ConfigError && message.test(err.message) && !err.message.includes('\n'));
        }
    });
    (0, node_test_1.it)('requires a session secret in production and turns demo data off there', () => {
        strict_1.default.throws(() => (0, config_1.loadConfig)({ NODE_ENV: 'production' }, root), /SESSION_SECRET is required when NODE_ENV=production/);
        const sut = (0, config_1.loadConfig)({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }, root);
        strict_1.default.equal(sut.demoData, false);
    });
});
//# sourceMappingURL=config.spec.js.map