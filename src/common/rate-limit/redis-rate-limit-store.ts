import type Redis from 'ioredis';
import { redisScript } from '../redis/redis';
import { RateLimitStore, WindowState } from './rate-limiter';

// INCR and the window's expiry in one script: parallel hits from any instance count exactly, and a key never outlives its window.
const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

const PEEK = `
local n = redis.call('GET', KEYS[1])
if not n then return false end
return {tonumber(n), redis.call('PTTL', KEYS[1])}`;

// DECR keeps the expiry; a missing key must not come back as -1 without one.
const RELEASE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

/** Fixed windows shared by every instance on one Redis (REDIS_URL). */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly hitScript;
  private readonly peekScript;
  private readonly releaseScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.hitScript = redisScript<[number, number]>(redis, 'hfrRateHit', 1, HIT);
    this.peekScript = redisScript<[number, number] | null>(redis, 'hfrRatePeek', 1, PEEK);
    this.releaseScript = redisScript<number>(redis, 'hfrRateRelease', 1, RELEASE);
  }

  async hit(key: string, windowSeconds: number, now: number): Promise<WindowState> {
    const [count, ttl] = await this.hitScript(this.key(key), windowSeconds * 1000);
    return { count: Number(count), resetAt: now + Number(ttl) };
  }

  async peek(key: string, now: number): Promise<WindowState | null> {
    const found = await this.peekScript(this.key(key));
    return found ? { count: Number(found[0]), resetAt: now + Math.max(0, Number(found[1])) } : null;
  }

  async release(key: string): Promise<void> {
    await this.releaseScript(this.key(key));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.prefix}rl:${key}`;
  }
}
