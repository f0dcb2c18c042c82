import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type Redis from 'ioredis';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module';
import { REDIS, RedisModule } from '../common/redis/redis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthPageService } from './auth-page.service';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { SESSION_STORE } from './auth.tokens';
import { SessionPruner } from './session-pruner';
import { RedisSessionStore } from './redis-session-store';
import { BoardSessionStore, DbSessionStore } from './session-store';
import { SessionsRepository } from './sessions.repository';
import { AccountTokensRepository } from './account-tokens.repository';

@Module({
  imports: [UsersModule, MailModule, PassportModule, RedisModule, RateLimitModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthPageService,
    LocalStrategy,
    SessionPruner,
    SessionsRepository,
    AccountTokensRepository,
    // With REDIS_URL, sessions are shared by every instance; without, in the database.
    {
      provide: SESSION_STORE,
      useFactory: (sessions: SessionsRepository, config: AppConfig, redis: Redis | null): BoardSessionStore =>
        redis && config.redis
          ? new RedisSessionStore(redis, config.redis.prefix, config.sessions.idleSeconds)
          : new DbSessionStore(sessions, config.sessions.idleSeconds),
      inject: [SessionsRepository, APP_CONFIG, REDIS],
    },
  ],
  exports: [AuthService, SESSION_STORE],
})
export class AuthModule {}
