import { Module } from '@nestjs/common';
import { AdvisoriesController } from './advisories.controller';
import { AdvisoryEditorController } from './advisory-editor.controller';
import { AdvisoryEditorService } from './advisory-editor.service';
import { AdvisoryEditorPageService } from './advisory-editor-page.service';
import { BulletinPageService } from './bulletin-page.service';
import { EmbedsController } from './embeds.controller';
import { EmbedsPageService } from './embeds-page.service';
import { AdvisoriesService } from './advisories.service';
import { AdvisoriesRepositoryModule } from './advisories.repository';
import { BoardWindow } from './board-window';
import { PageCacheModule } from '../page-cache/page-cache.module';
import { CitationsModule } from '../citations/citations.module';
import { GuidanceModule } from '../guidance/guidance.module';
import { AuditModule } from '../moderation/audit.module';
import { SearchModule } from '../search/search.module';
import { KnownIssuesModule } from '../known-issues/known-issues.module';
import { ThreadsModule } from '../threads/threads.module';

@Module({
  imports: [
    AdvisoriesRepositoryModule,
    ThreadsModule,
    KnownIssuesModule,
    CitationsModule,
    AuditModule,
    SearchModule,
    GuidanceModule,
    PageCacheModule,
  ],
  // The editor's routes come first: /advisories/new and /advisories/import are not advisory ids.
  controllers: [AdvisoryEditorController, EmbedsController, AdvisoriesController],
  providers: [AdvisoriesService, AdvisoryEditorService, AdvisoryEditorPageService, BulletinPageService, EmbedsPageService, BoardWindow],
  exports: [AdvisoriesService, AdvisoriesRepositoryModule],
})
export class AdvisoriesModule {}
