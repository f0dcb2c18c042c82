import { Global, Module } from '@nestjs/common';
import { HealthRepository } from './health.repository';

/** The health check's database round trip. Global while AppModule still declares HealthController itself. */
@Global()
@Module({ providers: [HealthRepository], exports: [HealthRepository] })
export class HealthModule {}
