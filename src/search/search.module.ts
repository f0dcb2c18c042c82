import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchIndexService } from './search-index.service';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** The index (SearchIndexService, kept by the posting, moderation, known-issue and bulletin services in their own transactions) and /search. */
@Module({
  controllers: [SearchController],
  providers: [SearchIndexService, SearchService, SearchRepository],
  exports: [SearchIndexService],
})
export class SearchModule {}
