import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';

@Global()
@Module({ controllers: [ModerationController], providers: [AuditService, ModerationService], exports: [AuditService, ModerationService] })
export class ModerationModule {}
