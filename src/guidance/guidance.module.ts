import { Module } from '@nestjs/common';
import { PostEventsModule } from '../threads/post-events';
import { GuidanceController } from './guidance.controller';
import { GuidancePageService } from './guidance-page.service';
import { GuidanceRepository } from './guidance.repository';
import { VerdictsService } from './verdicts.service';

/** Deploy guidance: verdicts per platform and their change log. The writers that move verdicts import it to recheck them. */
@Module({
  imports: [PostEventsModule],
  controllers: [GuidanceController],
  providers: [VerdictsService, GuidanceRepository, GuidancePageService],
  exports: [VerdictsService],
})
export class GuidanceModule {}
