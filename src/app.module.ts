import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdvisoriesModule } from './advisories/advisories.module';
import { AuthModule } from './auth/auth.module';
import { SignedInGuard } from './common/guards/signed-in.guard';
import { RequestLog } from './common/logging/request-logger';
import { RedisModule } from './common/redis/redis';
import { GracefulShutdown } from './common/shutdown/graceful-shutdown';
import { APP_CONFIG, AppConfig } from './config/config';
import { ormOptions } from './config/mikro-orm.config';
import { ReadSqlModule } from './database/read-sql';
import { WriteTransactionsModule } from './database/write-transactions';
import { FeedsModule } from './feeds/feeds.module';
import { StatusModule } from './guidance/status.module';
import { TrendModule } from './guidance/trend.module';
import { HealthController } from './health/health.controller';
import { HealthModule } from './health/health.module';
import { KnownIssuesModule } from './known-issues/known-issues.module';
import { MailModule } from './mail/mail.module';
import { ModerationModule } from './moderation/moderation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PolicyModule } from './policy/policy.module';
import { SearchModule } from './search/search.module';
import { ThreadsModule } from './threads/threads.module';
import { UsersModule } from './users/users.module';

@Global()
@Module({})
class ConfigModule {
  static register(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

@Module({})
export class AppModule {
  /** The whole application for a given configuration: main.ts, the CLI and the tests use the same. */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        // Every unit of work forks its own EntityManager (WriteTransactions, the repositories' em.fork()), so no request
        // needs one made for it: forking one for every request cost a signed-in page ≈ 3% of its CPU.
        MikroOrmModule.forRoot({ ...ormOptions(config), registerRequestContext: false }),
        RedisModule,
        ReadSqlModule,
        WriteTransactionsModule,
        PolicyModule,
        SearchModule,
        ModerationModule,
        NotificationsModule,
        MailModule,
        UsersModule,
        AuthModule,
        KnownIssuesModule,
        AdvisoriesModule,
        ThreadsModule,
        FeedsModule,
        StatusModule,
        TrendModule,
        HealthModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_GUARD, useClass: SignedInGuard }, GracefulShutdown, RequestLog],
    };
  }
}
