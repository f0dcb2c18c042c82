import { Module } from '@nestjs/common';
import { HealthRepository } from './health.repository';

/** The health check's database round trip, for AppModule's HealthController (which also needs the app's GracefulShutdown). */
@Module({ providers: [HealthRepository], exports: [HealthRepository] })
export class HealthModule {}
