import { Module } from '@nestjs/common';
import { AdvisoriesRepositoryModule } from '../advisories/advisories.repository';
import { EnvironmentController } from './environment.controller';
import { EnvironmentPageService } from './environment-page.service';
import { EnvironmentService } from './environment.service';
import { PostEventsModule } from '../threads/post-events';
import { NotificationsController } from './notifications.controller';
import { NotificationsPageService } from './notifications-page.service';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [PostEventsModule, AdvisoriesRepositoryModule],
  controllers: [NotificationsController, EnvironmentController],
  providers: [NotificationsService, NotificationsPageService, NotificationsRepository, EnvironmentService, EnvironmentPageService],
  exports: [NotificationsService, NotificationsRepository],
})
export class NotificationsModule {}
