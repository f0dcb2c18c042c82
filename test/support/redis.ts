import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisConfig } from '../../src/config/config';

/** The Redis the tests use (CI runs one on the default port). */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface TestRedis {
  config: RedisConfig;
  client: Redis;
  /** Keys under this test's prefix. */
  keys(pattern?: string): Promise<string[]>;
  /** Deletes this test's keys and disconnects. */
  cleanup(): Promise<void>;
}

/** A connection and a key prefix of this test's own, so that parallel test files never share keys; null if Redis is unreachable. */
export async function testRedis(): Promise<TestRedis | null> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch {
    client.disconnect();
    return null;
  }
  const prefix = `hfr-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const keys = async (pattern = '*') => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}${pattern}`, 'COUNT', 500);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  };
  return {
    config: { url: TEST_REDIS_URL, prefix },
    client,
    keys,
    cleanup: async () => {
      const all = await keys();
      if (all.length) await client.del(...all);
      client.disconnect();
    },
  };
}

export const REDIS_UNREACHABLE = `Redis is not reachable at ${TEST_REDIS_URL} (set REDIS_URL, or start redis-server): skipped`;

/** Locally a missing Redis skips the test (true: return at once); in CI (CI=true) it is a failure. */
export function noRedis(redis: TestRedis | null, t: { skip(message: string): void }): redis is null {
  if (redis) return false;
  if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}, and CI needs it`);
  t.skip(REDIS_UNREACHABLE);
  return true;
}
