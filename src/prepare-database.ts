import { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './config/config';
import { migrateUnderLock } from './database/migrate';
import { WriteTransactions } from './database/write-transactions';
import { loadDemoData } from './demo-data';
import { KNOWN_ISSUE_TERMS_MIGRATIONS, KnownIssuesService } from './known-issues/known-issues.service';
import { CURATED_INDEX_MIGRATIONS, SEARCH_INDEX_MIGRATIONS, SearchIndexService } from './search/search-index.service';

/**
 * Brings the schema up to date; on the run that creates the schema, loads the demo bulletin. Later starts
 * find their migrations applied and so never load it twice; several instances starting at once take turns.
 */
export function prepareDatabase(app: INestApplicationContext): Promise<{ applied: string[]; demoLoaded: boolean }> {
  const config = app.get<AppConfig>(APP_CONFIG);
  return migrateUnderLock(app, async (orm, { applied, fresh }) => {
    // A database with content from before search existed gets its index built once, when the index is created.
    if (!fresh && applied.some((name) => SEARCH_INDEX_MIGRATIONS.includes(name))) await app.get(SearchIndexService).reindex();
    // Known issues and bulletins already indexed go into their own index once, when it is created.
    if (!fresh && applied.some((name) => CURATED_INDEX_MIGRATIONS.includes(name))) await app.get(SearchIndexService).indexCurated();
    // Known issues from before members' environments are filed under their platforms and software words once.
    if (!fresh && applied.some((name) => KNOWN_ISSUE_TERMS_MIGRATIONS.includes(name)))
      await app.get(WriteTransactions).run((em) => app.get(KnownIssuesService).indexTerms(em));
    const demoLoaded = fresh && config.demoData;
    if (demoLoaded) {
      // The sample posts go through the post events, whose subscribers register when the application starts.
      await app.init();
      await loadDemoData(app);
    }
    return { applied, demoLoaded };
  });
}
