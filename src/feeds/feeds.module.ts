import { Module } from '@nestjs/common';
import { KnownIssuesModule } from '../known-issues/known-issues.module';
import { AdvisoriesModule } from '../advisories/advisories.module';
import { FieldReportsModule } from '../field-reports/field-reports.module';
import { GuidanceModule } from '../guidance/guidance.module';
import { ThreadsModule } from '../threads/threads.module';
import { FeedsController } from './feeds.controller';
import { FeedsService } from './feeds.service';

@Module({
  imports: [AdvisoriesModule, ThreadsModule, FieldReportsModule, KnownIssuesModule, GuidanceModule],
  controllers: [FeedsController],
  providers: [FeedsService],
})
export class FeedsModule {}
