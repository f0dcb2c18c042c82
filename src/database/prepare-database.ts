import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SEARCH_INDEX_MIGRATIONS, SearchIndexService } from '../search/search-index.service';
import { loadDemoData } from './demo-data';

/**
 * Brings the schema up to date; on the run that creates the schema, loads the demo bulletin.
 * Later starts find their migrations applied and so never load it twice. On PostgreSQL an advisory
 * lock lets several instances start at once: one migrates, the others wait and then find nothing to do.
 */
export async function prepareDatabase(app: INestApplicationContext): Promise<{ applied: string[]; demoLoaded: boolean }> {
  const orm = app.get(MikroORM);
  const config = app.get<AppConfig>(APP_CONFIG);
  if (config.database.engine !== 'postgresql') return migrate(app, orm, config);
  // The lock's own connection, outside MikroORM's transaction context: the migrations and demo data run as usual beside it.
  const knex = (orm.em.getConnection() as unknown as { getKnex(): KnexLike }).getKnex();
  const lock = await knex.transaction();
  try {
    await lock.raw(`select pg_advisory_xact_lock(hashtext('hfr-bbs:migrations'))`);
    return await migrate(app, orm, config);
  } finally {
    await lock.commit();
  }
}

interface KnexLike {
  transaction(): Promise<{ raw(sql: string): Promise<unknown>; commit(): Promise<unknown> }>;
}

async function migrate(
  app: INestApplicationContext,
  orm: MikroORM,
  config: AppConfig,
): Promise<{ applied: string[]; demoLoaded: boolean }> {
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
