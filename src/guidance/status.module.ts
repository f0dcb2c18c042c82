import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '../advisories/advisories.module';
import { GuidanceModule } from './guidance.module';
import { StatusController } from './status.controller';
import { StatusPageService } from './status-page.service';

/** /status and /status.json: apart from GuidanceModule, which the advisories' module imports (this one reads advisories). */
@Module({
  imports: [AdvisoriesModule, GuidanceModule],
  controllers: [StatusController],
  providers: [StatusPageService],
})
export class StatusModule {}
