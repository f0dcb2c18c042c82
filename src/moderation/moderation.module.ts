import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { ThreadsModule } from '../threads/threads.module';
import { UsersModule } from '../users/users.module';
import { AuditModule } from './audit.module';
import { ModerationController } from './moderation.controller';
import { ModerationRepository } from './moderation.repository';
import { ModerationService } from './moderation.service';

@Module({
  imports: [ThreadsModule, UsersModule, AuditModule, NotificationsModule, SearchModule],
  controllers: [ModerationController],
  providers: [ModerationService, ModerationRepository],
})
export class ModerationModule {}
