import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { REDIS, RedisModule } from '../redis/redis';
import { MemoryRateLimitStore, RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/** The rate limiter of sign-in, registration and posting: with REDIS_URL its counters are shared by every instance, without, in memory. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: RateLimiter,
      useFactory: (config: AppConfig, redis: Redis | null) =>
        new RateLimiter(redis && config.redis ? new RedisRateLimitStore(redis, config.redis.prefix) : new MemoryRateLimitStore()),
      inject: [APP_CONFIG, REDIS],
    },
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}
