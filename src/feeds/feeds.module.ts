import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '../advisories/advisories.module';
import { FieldReportsModule } from '../field-reports/field-reports.module';
import { ThreadsModule } from '../threads/threads.module';
import { FeedsController } from './feeds.controller';
import { FeedsRepository } from './feeds.repository';
import { FeedsService } from './feeds.service';

@Module({
  imports: [AdvisoriesModule, ThreadsModule, FieldReportsModule],
  controllers: [FeedsController],
  providers: [FeedsService, FeedsRepository],
})
export class FeedsModule {}
