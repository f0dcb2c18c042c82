import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit log alone, for every feature whose staff actions it records (moderation, members, bulletins, known issues). */
@Module({ providers: [AuditService, AuditRepository], exports: [AuditService] })
export class AuditModule {}
