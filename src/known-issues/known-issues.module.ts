import { Module } from '@nestjs/common';
import { FieldReportsModule } from '../field-reports/field-reports.module';
import { GuidanceModule } from '../guidance/guidance.module';
import { AuditModule } from '../moderation/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { KnownIssuesController } from './known-issues.controller';
import { KnownIssuesRepository } from './known-issues.repository';
import { KnownIssuesService } from './known-issues.service';
import { KnownIssuesPageService } from './known-issues-page.service';

@Module({
  imports: [FieldReportsModule, AuditModule, NotificationsModule, SearchModule, GuidanceModule],
  controllers: [KnownIssuesController],
  providers: [KnownIssuesService, KnownIssuesPageService, KnownIssuesRepository],
  exports: [KnownIssuesService, KnownIssuesRepository],
})
export class KnownIssuesModule {}
