import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PostEventsModule } from '../threads/post-events';
import { ThreadsModule } from '../threads/threads.module';
import { UsersModule } from '../users/users.module';
import { AuditModule } from './audit.module';
import { ModerationController } from './moderation.controller';
import { ModerationRepository } from './moderation.repository';
import { ModerationService } from './moderation.service';
import { ModerationPageService } from './moderation-page.service';

@Module({
  imports: [ThreadsModule, UsersModule, AuditModule, NotificationsModule, PostEventsModule],
  controllers: [ModerationController],
  providers: [ModerationService, ModerationPageService, ModerationRepository],
})
export class ModerationModule {}
