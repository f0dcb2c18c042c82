import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SEARCH_INDEX_MIGRATIONS, SearchIndexService } from '../search/search-index.service';
import { loadDemoData } from './demo-data';

/**
 * Brings the schema up to date; on the run that creates the schema, loads the demo bulletin.
 * Later starts find their migrations applied and so never load it twice.
 */
export async function prepareDatabase(app: INestApplicationContext): Promise<{ applied: string[]; demoLoaded: boolean }> {
  const orm = app.get(MikroORM);
  const config = app.get<AppConfig>(APP_CONFIG);
  const migrator = orm.getMigrator();
  const fresh = (await migrator.getExecutedMigrations()).length === 0;
  const applied = (await migrator.up()).map((m) => m.name);
  // A database with content from before search existed gets its index built once, when the index is created.
  if (!fresh && applied.some((name) => SEARCH_INDEX_MIGRATIONS.includes(name))) await app.get(SearchIndexService).reindex(orm.em);
  let demoLoaded = false;
  if (fresh && config.demoData) {
    await loadDemoData(app);
    demoLoaded = true;
  }
  return { applied, demoLoaded };
}
