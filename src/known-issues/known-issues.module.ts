import { Module } from '@nestjs/common';
import { FieldReportsModule } from '../field-reports/field-reports.module';
import { GuidanceModule } from '../guidance/guidance.module';
import { AuditModule } from '../moderation/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { PostEventsModule } from '../threads/post-events';
import { EmergingGrouping } from './emerging-grouping';
import { EmergingIssuesController } from './emerging-issues.controller';
import { EmergingIssuesRepository } from './emerging-issues.repository';
import { EmergingIssuesService } from './emerging-issues.service';
import { EmergingIssuesPageService } from './emerging-issues-page.service';
import { KnownIssuesController } from './known-issues.controller';
import { KnownIssuesRepository } from './known-issues.repository';
import { KnownIssuesService } from './known-issues.service';
import { KnownIssuesPageService } from './known-issues-page.service';

@Module({
  imports: [FieldReportsModule, AuditModule, NotificationsModule, SearchModule, GuidanceModule, PostEventsModule],
  controllers: [KnownIssuesController, EmergingIssuesController],
  providers: [
    KnownIssuesService,
    KnownIssuesPageService,
    KnownIssuesRepository,
    EmergingGrouping,
    EmergingIssuesRepository,
    EmergingIssuesService,
    EmergingIssuesPageService,
  ],
  exports: [KnownIssuesService, KnownIssuesRepository],
})
export class KnownIssuesModule {}
