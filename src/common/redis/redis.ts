import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/config';

/** The shared Redis connection, or null when REDIS_URL is not set (one instance, local state). */
export const REDIS = Symbol('REDIS');

const logger = new Logger('Redis');

/** A URL fit for a log line: the password replaced. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Connects once at start-up, so an unreachable Redis stops the server with a clear message.
 * Afterwards a command waits at most a couple of reconnection attempts, then fails (503),
 * rather than queueing requests without bound while Redis is away.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let reason = '';
  const duringConnect = (err: Error) => (reason = err.message);
  client.on('error', duringConnect);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new ConfigError(`REDIS_URL ${redactUrl(url)} is unreachable (${reason || (err as Error).message})`);
  }
  client.off('error', duringConnect);
  let lastLogged = 0;
  client.on('error', (err: Error) => {
    // Reconnection errors repeat every few hundred ms: one line every 10 s is enough.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      logger.warn(`Redis connection problem: ${err.message}`);
    }
  });
  return client;
}

/** Closes the connection after the HTTP server has stopped (Nest calls shutdown hooks after disposing it). */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

@Module({
  providers: [
    { provide: REDIS, useFactory: (config: AppConfig) => (config.redis ? connectRedis(config.redis.url) : null), inject: [APP_CONFIG] },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}

/** A Lua script run with EVALSHA (EVAL on the first call): the whole script is one atomic step in Redis. */
export function redisScript<T>(
  redis: Redis,
  name: string,
  numberOfKeys: number,
  lua: string,
): (...args: (string | number)[]) => Promise<T> {
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  return (...args) => (redis as unknown as Record<string, (...a: (string | number)[]) => Promise<T>>)[name](...args);
}
