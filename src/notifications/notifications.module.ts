import { Module } from '@nestjs/common';
import { PostEventsModule } from '../threads/post-events';
import { NotificationsController } from './notifications.controller';
import { NotificationsPageService } from './notifications-page.service';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [PostEventsModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsPageService, NotificationsRepository],
  exports: [NotificationsService, NotificationsRepository],
})
export class NotificationsModule {}
