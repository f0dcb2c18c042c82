import { Module } from '@nestjs/common';
import { PageCacheModule } from '../page-cache/page-cache.module';
import { ThreadsModule } from '../threads/threads.module';
import { TrendController } from './trend.controller';
import { TrendPageService } from './trend-page.service';

/** The trend picture of an advisory's field reports; the pages' table comes from the thread page's own reads. */
@Module({
  imports: [ThreadsModule, PageCacheModule],
  controllers: [TrendController],
  providers: [TrendPageService],
})
export class TrendModule {}
