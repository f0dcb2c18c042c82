import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '../advisories/advisories.module';
import { PageCacheModule } from '../page-cache/page-cache.module';
import { GuidanceModule } from './guidance.module';
import { StatusController } from './status.controller';
import { StatusPageService } from './status-page.service';
import { StatusWindow } from './status-window';

/** /status and /status.json: apart from GuidanceModule, which the advisories' module imports (this one reads advisories). */
@Module({
  imports: [AdvisoriesModule, GuidanceModule, PageCacheModule],
  controllers: [StatusController],
  providers: [StatusPageService, StatusWindow],
})
export class StatusModule {}
