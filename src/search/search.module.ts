import { Global, Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchIndexService } from './search-index.service';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Global: the posting, moderation, known-issue and bulletin services keep the index in their own transactions. */
@Global()
@Module({
  controllers: [SearchController],
  providers: [SearchIndexService, SearchService, SearchRepository],
  exports: [SearchIndexService],
})
export class SearchModule {}
