import { Global, Module } from '@nestjs/common';
import { ThreadsModule } from '../threads/threads.module';
import { UsersModule } from '../users/users.module';
import { AuditService } from './audit.service';
import { ModerationController } from './moderation.controller';
import { ModerationRepository } from './moderation.repository';
import { ModerationService } from './moderation.service';

@Global()
@Module({
  imports: [ThreadsModule, UsersModule],
  controllers: [ModerationController],
  providers: [AuditService, ModerationService, ModerationRepository],
  exports: [AuditService, ModerationService, ModerationRepository],
})
export class ModerationModule {}
