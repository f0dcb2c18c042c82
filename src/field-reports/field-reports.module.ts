import { Module } from '@nestjs/common';
import { GuidanceModule } from '../guidance/guidance.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PostEventsModule } from '../threads/post-events';
import { ConfirmationsService } from './confirmations.service';
import { FieldReportsRepository } from './field-reports.repository';
import { ReportStatistics } from './report-statistics';

@Module({
  imports: [NotificationsModule, PostEventsModule, GuidanceModule],
  providers: [ConfirmationsService, FieldReportsRepository, ReportStatistics],
  exports: [ConfirmationsService, FieldReportsRepository],
})
export class FieldReportsModule {}
