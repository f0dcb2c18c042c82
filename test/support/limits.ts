import { findRootDir, loadConfig, RateLimits, RateRule } from '../../src/config/config';

/** The configuration's own defaults, as a test app starts with them. */
export const DEFAULTS = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false' }, findRootDir(__dirname));

export const rule = (limit: number, windowSeconds = 900): RateRule => ({ limit, windowSeconds });

/** Limits no test meets unless it passes the rules under test in `over`. */
export function generousLimits(over: Partial<RateLimits> = {}): RateLimits {
  return {
    ...DEFAULTS.rateLimits,
    loginPerIp: rule(10_000),
    loginPerUser: rule(10_000),
    registerPerIp: rule(10_000, 3600),
    postsPerUser: rule(10_000, 60),
    resetPerIp: rule(10_000, 3600),
    resetPerAddress: rule(10_000, 3600),
    confirmResendPerUser: rule(10_000, 3600),
    ...over,
  };
}
