import type Redis from 'ioredis';
import session from 'express-session';
import { redisScript } from '../common/redis/redis';
import { BoardSessionStore } from './session-store';

type Callback<T = void> = (err?: unknown, value?: T) => void;

// Writes (or, without data, only extends) a session and keeps its user's index of sessions alive at least as long.
const SAVE = `
if ARGV[1] ~= '' then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
elseif redis.call('PEXPIRE', KEYS[1], ARGV[2]) == 0 then
  return 0
end
if KEYS[2] ~= '' then
  redis.call('SADD', KEYS[2], ARGV[3])
  if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
end
return 1`;

/** Sessions in Redis (REDIS_URL): every instance behind the load balancer sees the same sign-ins; Redis expires them. */
export class RedisSessionStore extends BoardSessionStore {
  private readonly save;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleSeconds: number,
  ) {
    super();
    this.save = redisScript<number>(redis, 'hfrSessionSave', 2, SAVE);
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.redis.get(this.key(sid)).then((raw) => cb(null, raw ? (JSON.parse(raw) as session.SessionData) : null), cb);
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    this.write(sid, data, JSON.stringify(data)).then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    this.write(sid, data, '').then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => undefined): void {
    this.redis.del(this.key(sid)).then(() => cb(), cb);
  }

  async destroyUserSessions(userId: number, exceptSid?: string): Promise<number> {
    const index = this.userKey(userId);
    const sids = (await this.redis.smembers(index)).filter((sid) => sid !== exceptSid);
    if (sids.length === 0) return 0;
    const results = await this.redis
      .multi()
      .del(...sids.map((sid) => this.key(sid)))
      .srem(index, ...sids)
      .exec();
    return Number(results?.[0]?.[1] ?? 0);
  }

  /** Redis expires sessions by itself. */
  prune(): Promise<number> {
    return Promise.resolve(0);
  }

  private async write(sid: string, data: session.SessionData, json: string): Promise<void> {
    const expires = data.cookie?.expires ? new Date(data.cookie.expires).getTime() : Date.now() + this.idleSeconds * 1000;
    const ttl = Math.max(1, expires - Date.now());
    const userId = (data as { passport?: { user?: number } }).passport?.user;
    await this.save(this.key(sid), userId ? this.userKey(userId) : '', json, ttl, sid);
  }

  private key(sid: string): string {
    return `${this.prefix}sess:${sid}`;
  }

  private userKey(userId: number): string {
    return `${this.prefix}user-sess:${userId}`;
  }
}
