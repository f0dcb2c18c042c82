import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AdvisoryPlatform } from './advisory-platform.entity';
import { Advisory } from './advisory.entity';
import { AdvisoriesController } from './advisories.controller';
import { EmbedsController } from './embeds.controller';
import { AdvisoriesService } from './advisories.service';
import { KnownIssuesModule } from '../known-issues/known-issues.module';
import { ThreadsModule } from '../threads/threads.module';

@Module({
  imports: [MikroOrmModule.forFeature([Advisory, AdvisoryPlatform]), ThreadsModule, KnownIssuesModule],
  controllers: [EmbedsController, AdvisoriesController],
  providers: [AdvisoriesService],
  exports: [AdvisoriesService],
})
export class AdvisoriesModule {}
