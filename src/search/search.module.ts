import { Module } from '@nestjs/common';
import { PostEventsModule } from '../threads/post-events';
import { SearchController } from './search.controller';
import { SearchPageService } from './search-page.service';
import { SearchIndexService } from './search-index.service';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** The index (SearchIndexService: posts through their events, known issues and bulletins by their services in their own transactions) and /search. */
@Module({
  imports: [PostEventsModule],
  controllers: [SearchController],
  providers: [SearchIndexService, SearchService, SearchPageService, SearchRepository],
  exports: [SearchIndexService],
})
export class SearchModule {}
