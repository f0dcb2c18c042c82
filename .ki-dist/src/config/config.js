"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.APP_CONFIG = exports.ConfigError = void 0;
exports.findRootDir = findRootDir;
exports.loadConfig = loadConfig;
exports.loadConfigFromEnv = loadConfigFromEnv;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
class ConfigError extends Error {
}
exports.ConfigError = ConfigError;
function findRootDir(from = __dirname) {
    let dir = from;
    while (!(0, node_fs_1.existsSync)((0, node_path_1.join)(dir, 'package.json'))) {
        const up = (0, node_path_1.dirname)(dir);
        if (up === dir)
            throw new ConfigError('cannot find the project root (package.json)');
        dir = up;
    }
    return dir;
}
function loadConfig(env, rootDir = findRootDir()) {
    const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
    const port = integer(env, 'PORT', 3000, 0, 65535);
    const host = env.HOST?.trim() || '0.0.0.0';
    const database = databaseConfig(env, rootDir);
    const publicBaseUrl = baseUrl(env.PUBLIC_BASE_URL, port);
    const sessionSecret = secret(env, nodeEnv, rootDir);
    const config = {
        env: nodeEnv,
        port,
        host,
        database,
        sessionSecret,
        publicBaseUrl,
        logRequests: boolean(env, 'LOG_REQUESTS', nodeEnv !== 'test'),
        demoData: boolean(env, 'DEMO_DATA', nodeEnv !== 'production'),
        trustProxy: trustProxy(env.TRUST_PROXY),
        rootDir,
        sessions: {
            idleSeconds: integer(env, 'SESSION_IDLE_MINUTES', 7 * 24 * 60, 1, 525600) * 60,
            absoluteSeconds: integer(env, 'SESSION_MAX_DAYS', 30, 1, 365) * 86400,
        },
        moderation: {
            flagHideThreshold: integer(env, 'FLAG_HIDE_THRESHOLD', 3, 1, 1000),
            holdFirstPosts: integer(env, 'HOLD_FIRST_POSTS', 2, 0, 1000),
        },
        rateLimits: {
            loginPerIp: rateRule(env, 'RATE_LIMIT_LOGIN_IP', '20/900'),
            loginPerUser: rateRule(env, 'RATE_LIMIT_LOGIN_USER', '5/900'),
            registerPerIp: rateRule(env, 'RATE_LIMIT_REGISTER_IP', '5/3600'),
            postsPerUser: rateRule(env, 'RATE_LIMIT_POSTS_USER', '10/60'),
        },
    };
    return Object.freeze(config);
}
function loadConfigFromEnv() {
    return loadConfig(process.env);
}
function databaseConfig(env, rootDir) {
    const url = env.DATABASE_URL?.trim();
    if (url) {
        let parsed;
        try {
            parsed = new URL(url);
        }
        catch {
            throw new ConfigError(`DATABASE_URL is not a URL (expected postgres://user@host:5432/db)`);
        }
        if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
            throw new ConfigError(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
        }
        if (parsed.pathname.length <= 1)
            throw new ConfigError('DATABASE_URL must name a database (postgres://host/dbname)');
        return { engine: 'postgresql', url };
    }
    const file = env.SQLITE_PATH?.trim() || 'data/hfr-bbs.sqlite';
    if (file === ':memory:')
        return { engine: 'sqlite', path: file };
    return { engine: 'sqlite', path: (0, node_path_1.isAbsolute)(file) ? file : (0, node_path_1.resolve)(rootDir, file) };
}
function secret(env, nodeEnv, rootDir) {
    const value = env.SESSION_SECRET;
    if (value !== undefined && value !== '') {
        if (value.length < 32)
            throw new ConfigError('SESSION_SECRET must be at least 32 characters');
        return value;
    }
    if (nodeEnv === 'production')
        throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
    if (nodeEnv === 'test')
        return (0, node_crypto_1.randomBytes)(32).toString('hex');
    const file = (0, node_path_1.join)(rootDir, 'data', '.session-secret');
    if ((0, node_fs_1.existsSync)(file))
        return (0, node_fs_1.readFileSync)(file, 'utf8').trim();
    (0, node_fs_1.mkdirSync)((0, node_path_1.dirname)(file), { recursive: true });
    const generated = (0, node_crypto_1.randomBytes)(32).toString('hex');
    (0, node_fs_1.writeFileSync)(file, generated + '\n', { mode: 0o600 });
    return generated;
}
function baseUrl(value, port) {
    if (!value)
        return `http://localhost:${port}`;
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw new ConfigError(`PUBLIC_BASE_URL is not a URL (got "${value}")`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new ConfigError('PUBLIC_BASE_URL must be an http:// or https:// URL');
    }
    return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}
function integer(env, name, fallback, min, max) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '')
        return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    }
    return Number(raw);
}
function boolean(env, name, fallback) {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '')
        return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw))
        return true;
    if (['0', 'false', 'no', 'off'].includes(raw))
        return false;
    throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}
function oneOf(env, name, allowed, fallback) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '')
        return fallback;
    if (!allowed.includes(raw)) {
        throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    }
    return raw;
}
function rateRule(env, name, fallback) {
    const raw = env[name]?.trim() || fallback;
    const m = /^(\d+)\/(\d+)$/.exec(raw);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
        throw new ConfigError(`${name} must be COUNT/SECONDS, e.g. ${fallback} (got "${raw}")`);
    }
    return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}
function trustProxy(raw) {
    const value = raw?.trim();
    if (!value || value === 'false')
        return false;
    if (value === 'true')
        return true;
    if (/^\d+$/.test(value))
        return Number(value);
    return value;
}
exports.APP_CONFIG = Symbol('APP_CONFIG');
//# sourceMappingURL=config.js.map