import { MikroORM } from '@mikro-orm/core';
import { Global, Module } from '@nestjs/common';
import { MemoryRateLimitStore, RateLimiter } from '../common/rate-limit/rate-limiter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SESSION_STORE } from './auth.tokens';
import { SessionPruner } from './session-pruner';
import { DbSessionStore } from './session-store';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionPruner,
    { provide: SESSION_STORE, useFactory: (orm: MikroORM, config: AppConfig) => new DbSessionStore(orm, config.sessions.idleSeconds), inject: [MikroORM, APP_CONFIG] },
    // In memory per process for now; the multi-instance issue moves the counters to Redis.
    { provide: RateLimiter, useFactory: () => new RateLimiter(new MemoryRateLimitStore()) },
  ],
  exports: [AuthService, SESSION_STORE, RateLimiter],
})
export class AuthModule {}
