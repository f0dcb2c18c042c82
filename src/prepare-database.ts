import { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './config/config';
import { migrateUnderLock } from './database/migrate';
import { loadDemoData } from './demo-data';
import { SEARCH_INDEX_MIGRATIONS, SearchIndexService } from './search/search-index.service';

/**
 * Brings the schema up to date; on the run that creates the schema, loads the demo bulletin. Later starts
 * find their migrations applied and so never load it twice; several instances starting at once take turns.
 */
export function prepareDatabase(app: INestApplicationContext): Promise<{ applied: string[]; demoLoaded: boolean }> {
  const config = app.get<AppConfig>(APP_CONFIG);
  return migrateUnderLock(app, async (orm, { applied, fresh }) => {
    // A database with content from before search existed gets its index built once, when the index is created.
    if (!fresh && applied.some((name) => SEARCH_INDEX_MIGRATIONS.includes(name))) await app.get(SearchIndexService).reindex(orm.em);
    const demoLoaded = fresh && config.demoData;
    if (demoLoaded) {
      // The sample posts go through the post events, whose subscribers register when the application starts.
      await app.init();
      await loadDemoData(app);
    }
    return { applied, demoLoaded };
  });
}
