import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ConfirmationsService } from './confirmations.service';
import { FieldReportsRepository } from './field-reports.repository';

@Module({
  imports: [NotificationsModule],
  providers: [ConfirmationsService, FieldReportsRepository],
  exports: [ConfirmationsService, FieldReportsRepository],
})
export class FieldReportsModule {}
