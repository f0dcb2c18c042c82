import { Global, Module } from '@nestjs/common';
import { ThreadsModule } from '../threads/threads.module';
import { AuditService } from './audit.service';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';

@Global()
@Module({
  imports: [ThreadsModule],
  controllers: [ModerationController],
  providers: [AuditService, ModerationService],
  exports: [AuditService, ModerationService],
})
export class ModerationModule {}
