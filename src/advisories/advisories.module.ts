import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AdvisoryPlatform } from './advisory-platform.entity';
import { Advisory } from './advisory.entity';
import { AdvisoriesController } from './advisories.controller';
import { AdvisoriesService } from './advisories.service';

@Module({
  imports: [MikroOrmModule.forFeature([Advisory, AdvisoryPlatform])],
  controllers: [AdvisoriesController],
  providers: [AdvisoriesService],
  exports: [AdvisoriesService],
})
export class AdvisoriesModule {}
