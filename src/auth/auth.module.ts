import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type Redis from 'ioredis';
import { MemoryRateLimitStore, RateLimiter } from '../common/rate-limit/rate-limiter';
import { RedisRateLimitStore } from '../common/rate-limit/redis-rate-limit-store';
import { REDIS } from '../common/redis/redis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { SESSION_STORE } from './auth.tokens';
import { SessionPruner } from './session-pruner';
import { RedisSessionStore } from './redis-session-store';
import { BoardSessionStore, DbSessionStore } from './session-store';
import { SessionsRepository } from './sessions.repository';

@Global()
@Module({
  imports: [UsersModule, PassportModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    LocalStrategy,
    SessionPruner,
    SessionsRepository,
    // With REDIS_URL, sessions and rate-limit counters are shared by every instance; without, database and memory.
    {
      provide: SESSION_STORE,
      useFactory: (sessions: SessionsRepository, config: AppConfig, redis: Redis | null): BoardSessionStore =>
        redis && config.redis
          ? new RedisSessionStore(redis, config.redis.prefix, config.sessions.idleSeconds)
          : new DbSessionStore(sessions, config.sessions.idleSeconds),
      inject: [SessionsRepository, APP_CONFIG, REDIS],
    },
    {
      provide: RateLimiter,
      useFactory: (config: AppConfig, redis: Redis | null) =>
        new RateLimiter(redis && config.redis ? new RedisRateLimitStore(redis, config.redis.prefix) : new MemoryRateLimitStore()),
      inject: [APP_CONFIG, REDIS],
    },
  ],
  exports: [AuthService, SESSION_STORE, RateLimiter],
})
export class AuthModule {}
