import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The typed, frozen configuration: read once from the environment at start-up (STYLE rule 11). */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly sessionSecret: string;
  readonly publicBaseUrl: string;
  readonly logRequests: boolean;
  readonly demoData: boolean;
  readonly trustProxy: boolean | number | string;
  readonly rootDir: string;
  readonly sessions: { readonly idleSeconds: number; readonly absoluteSeconds: number };
  readonly rateLimits: RateLimits;
  readonly moderation: { readonly flagHideThreshold: number; readonly holdFirstPosts: number };
  /** Origins of the bulletin sites allowed to frame /advisories/:id/embed. */
  readonly bulletinSites: readonly string[];
  readonly mail: MailConfig;
  /** Shared sessions and rate-limit counters for several instances; null keeps them in the database and in memory. */
  readonly redis: RedisConfig | null;
  /** How long a SIGTERM waits for requests in flight before closing their connections. */
  readonly shutdownGraceSeconds: number;
  /** Memory for rendered guest thread pages in this process (Redis keeps them instead with REDIS_URL); 0 turns the cache off. */
  readonly pageCacheMegabytes: number;
  /** When a platform's field reports make a verdict (src/guidance/verdict.ts). */
  readonly verdicts: VerdictThresholds;
}

/** The deploy-guidance rule's thresholds: Wilson lower bounds at 95 % and the observations needed. */
export interface VerdictThresholds {
  /** Fewer observations (reports + confirmations) than this: not enough to say "deploy". */
  readonly minReports: number;
  /** "Deploy" when the success rate's lower bound is at least this. */
  readonly deployLowerBound: number;
  /** "Hold" when the failure rate's lower bound is above this. */
  readonly holdFailureBound: number;
}

/** Email notifications: an outbox delivered through SMTP in the background. */
export interface MailConfig {
  /** smtp:// or smtps:// URL; null keeps every mail in the outbox for admins to read. */
  readonly smtpUrl: string | null;
  readonly from: string;
  /** How often the background sender looks for due mails; 0 runs no sender in this process. */
  readonly sendIntervalSeconds: number;
  readonly maxAttempts: number;
  /** The first retry waits this long, each further one twice as long (capped at 6 hours). */
  readonly retrySeconds: number;
  /** The daily digest's hour in Japan time (Asia/Tokyo); null leaves it to cron (`npm run cli -- mail:digest`). */
  readonly digestHour: number | null;
}

export interface RedisConfig {
  readonly url: string;
  /** Prepended to every key, so one Redis can serve several boards (or parallel tests). */
  readonly prefix: string;
}

/** count per window, e.g. LOGIN_IP "20/900" = 20 failed logins per IP per 15 minutes. */
export interface RateLimits {
  readonly loginPerIp: RateRule;
  readonly loginPerUser: RateRule;
  readonly registerPerIp: RateRule;
  readonly postsPerUser: RateRule;
  /** Password-reset requests per IP, and per address asked for (whether or not it is registered). */
  readonly resetPerIp: RateRule;
  readonly resetPerAddress: RateRule;
  /** Confirmation mails a member may ask to be sent again. */
  readonly confirmResendPerUser: RateRule;
}
export interface RateRule {
  readonly limit: number;
  readonly windowSeconds: number;
}

export type DatabaseConfig = { readonly engine: 'sqlite'; readonly path: string } | { readonly engine: 'postgresql'; readonly url: string };

/** 9 clean observations deploy; 2 failures without a success hold, one never does. */
export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = Object.freeze({
  minReports: 5,
  deployLowerBound: 0.7,
  holdFailureBound: 0.25,
});

export class ConfigError extends Error {}

/** The project root: the folder holding package.json, whether we run from src/ or dist/src/. */
export function findRootDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new ConfigError('cannot find the project root (package.json)');
    dir = up;
  }
  return dir;
}

type Env = Record<string, string | undefined>;

/** Validates every setting and returns a frozen config; throws ConfigError with a one-line reason. */
export function loadConfig(env: Env, rootDir = findRootDir()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const database = databaseConfig(env, rootDir);
  const publicBaseUrl = baseUrl(env.PUBLIC_BASE_URL, port);
  const sessionSecret = secret(env, nodeEnv, rootDir);
  const config: AppConfig = {
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
    bulletinSites: origins(env.BULLETIN_SITES),
    mail: mailConfig(env, publicBaseUrl),
    redis: redisConfig(env),
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 10, 1, 300),
    pageCacheMegabytes: integer(env, 'PAGE_CACHE_MB', 32, 0, 4096),
    verdicts: {
      minReports: integer(env, 'VERDICT_MIN_REPORTS', DEFAULT_VERDICT_THRESHOLDS.minReports, 1, 10000),
      deployLowerBound: fraction(env, 'VERDICT_DEPLOY_LOWER_BOUND', DEFAULT_VERDICT_THRESHOLDS.deployLowerBound),
      holdFailureBound: fraction(env, 'VERDICT_HOLD_FAILURE_BOUND', DEFAULT_VERDICT_THRESHOLDS.holdFailureBound),
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
      resetPerIp: rateRule(env, 'RATE_LIMIT_RESET_IP', '10/3600'),
      resetPerAddress: rateRule(env, 'RATE_LIMIT_RESET_ADDRESS', '3/3600'),
      confirmResendPerUser: rateRule(env, 'RATE_LIMIT_CONFIRM_USER', '3/3600'),
    },
  };
  return Object.freeze(config);
}

/** The one place that reads process.env. */
export function loadConfigFromEnv(): AppConfig {
  return loadConfig(process.env);
}

function databaseConfig(env: Env, rootDir: string): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a URL (expected postgres://user@host:5432/db)`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ConfigError(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
    }
    if (parsed.pathname.length <= 1) throw new ConfigError('DATABASE_URL must name a database (postgres://host/dbname)');
    return { engine: 'postgresql', url };
  }
  const file = env.SQLITE_PATH?.trim() || 'data/hfr-bbs.sqlite';
  if (file === ':memory:') return { engine: 'sqlite', path: file };
  return { engine: 'sqlite', path: isAbsolute(file) ? file : resolve(rootDir, file) };
}

function redisConfig(env: Env): RedisConfig | null {
  const url = env.REDIS_URL?.trim();
  const prefix = env.REDIS_PREFIX?.trim() || 'hfr:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix))
    throw new ConfigError(`REDIS_PREFIX must be 1-64 letters, digits or ":_.-" (got "${prefix}")`);
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('REDIS_URL is not a URL (expected redis://host:6379 or rediss://…)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (got ${parsed.protocol}//)`);
  if (!parsed.hostname) throw new ConfigError('REDIS_URL must name a host (redis://host:6379)');
  return { url, prefix };
}

function secret(env: Env, nodeEnv: string, rootDir: string): string {
  const value = env.SESSION_SECRET;
  if (value !== undefined && value !== '') {
    if (value.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters');
    return value;
  }
  if (nodeEnv === 'production') throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
  if (nodeEnv === 'test') return randomBytes(32).toString('hex');
  // Development: generate once and keep it beside the database so sessions survive a restart.
  const file = join(rootDir, 'data', '.session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const generated = randomBytes(32).toString('hex');
  writeFileSync(file, generated + '\n', { mode: 0o600 });
  return generated;
}

function baseUrl(value: string | undefined, port: number): string {
  if (!value) return `http://localhost:${port}`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL is not a URL (got "${value}")`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_BASE_URL must be an http:// or https:// URL');
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

/** A share from 0 to 1, e.g. 0.7. */
function fraction(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw)) throw new ConfigError(`${name} must be a number from 0 to 1 (got "${raw}")`);
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function rateRule(env: Env, name: string, fallback: string): RateRule {
  const raw = env[name]?.trim() || fallback;
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new ConfigError(`${name} must be COUNT/SECONDS, e.g. ${fallback} (got "${raw}")`);
  }
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}

function origins(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        throw new ConfigError(`BULLETIN_SITES must be a comma-separated list of https:// origins (got "${s}")`);
      }
      if (u.protocol !== 'https:' && u.protocol !== 'http:')
        throw new ConfigError(`BULLETIN_SITES must be a comma-separated list of https:// origins (got "${s}")`);
      return u.origin;
    });
}

function mailConfig(env: Env, publicBaseUrl: string): MailConfig {
  const url = env.SMTP_URL?.trim();
  if (url) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || !parsed.hostname) {
      throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587');
    }
  }
  const host = new URL(publicBaseUrl).hostname;
  const from = env.MAIL_FROM?.trim() || `HFR BBS会議室 <no-reply@${host.includes('.') ? host : `${host}.localdomain`}>`;
  // "addr@host" or "Name <addr@host>": one address, no line breaks that could inject headers.
  if (!/^(?:[^<>\r\n@]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(from)) {
    throw new ConfigError(`MAIL_FROM must be an address, e.g. "HFR BBS会議室 <no-reply@example.com>" (got ${JSON.stringify(from)})`);
  }
  const digest = env.MAIL_DIGEST_HOUR?.trim().toLowerCase();
  return {
    smtpUrl: url || null,
    from,
    sendIntervalSeconds: integer(env, 'MAIL_SEND_INTERVAL_SECONDS', 15, 0, 3600),
    maxAttempts: integer(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 100),
    retrySeconds: integer(env, 'MAIL_RETRY_SECONDS', 60, 1, 86400),
    digestHour: digest === 'off' ? null : digestHour(digest),
  };
}

function digestHour(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > 23)
    throw new ConfigError(`MAIL_DIGEST_HOUR must be an hour from 0 to 23 (Japan time) or off (got "${raw}")`);
  return Number(raw);
}

/** Express "trust proxy": false, true, a hop count, or a list of addresses/subnets. */
function trustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
