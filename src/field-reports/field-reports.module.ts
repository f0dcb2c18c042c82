import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PostEventsModule } from '../threads/post-events';
import { ConfirmationsService } from './confirmations.service';
import { FieldReportsRepository } from './field-reports.repository';
import { ReportStatistics } from './report-statistics';

@Module({
  imports: [NotificationsModule, PostEventsModule],
  providers: [ConfirmationsService, FieldReportsRepository, ReportStatistics],
  exports: [ConfirmationsService, FieldReportsRepository],
})
export class FieldReportsModule {}
