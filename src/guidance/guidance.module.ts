import { Module } from '@nestjs/common';
import { PostEventsModule } from '../threads/post-events';
import { GuidanceRepository } from './guidance.repository';
import { VerdictsService } from './verdicts.service';

/** Deploy guidance: verdicts per platform and their change log. The writers that move verdicts import it to recheck them. */
@Module({
  imports: [PostEventsModule],
  providers: [VerdictsService, GuidanceRepository],
  exports: [VerdictsService],
})
export class GuidanceModule {}
