import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { EntityMetadata, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { join } from 'node:path';
import { ENTITIES } from '../entities';
import { AppConfig } from './config';

/**
 * MikroORM options for the configured engine; migrations live in migrations/<engine>/.
 * Only the CLI keeps the schema snapshot: applying migrations at run time would rewrite it in the tree.
 */
export function ormOptions(config: AppConfig, forCli = false): Options {
  const engine = config.database.engine;
  const migrations = {
    tableName: 'mikro_orm_migrations',
    // Compiled beside this build: dist/ for the board, the tests' own folder for the tests.
    path: join(__dirname, '..', '..', 'migrations', engine),
    pathTs: join(config.rootDir, 'migrations', engine),
    glob: '!(*.d).{js,ts}',
    emit: 'ts' as const,
    snapshot: forCli,
    snapshotName: '.snapshot',
    transactional: true,
    allOrNothing: true,
    silent: config.env === 'test',
  };
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    migrations,
    preferTs: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    debug: false,
    allowGlobalContext: false,
    // The full-text tables (FTS5 and its shadow tables, or the tsvector table) are made by raw SQL in a migration.
    schemaGenerator: { skipTables: [/(^|\.)search_fts/, /(^|\.)page_epoch$/] },
  };
  if (config.database.engine === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: config.database.url,
      pool: { min: 0, max: 10 },
      // ReadSql prepares its statements once per connection; each is still planned for its values, as an inlined query
      // was (a search's best plan depends on its words, and a generic plan would be chosen once for all of them).
      driverOptions: { connection: { options: '-c plan_cache_mode=force_custom_plan' } },
    };
  }
  return {
    ...common,
    driver: BetterSqliteDriver,
    dbName: config.database.path,
    // SQLite checks every unique and key at once (it needs no deferred constraints: one writer at a time).
    discovery: {
      onMetadata: (meta: EntityMetadata) => {
        for (const unique of meta.uniques) delete unique.deferMode;
        for (const prop of Object.values(meta.properties)) delete prop.deferMode;
      },
    },
    pool: SQLITE_POOL,
  };
}

/** SQLite's one connection (knex's pool of one), as every writer finds it. */
const SQLITE_POOL = {
  // WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
  afterCreate: (conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
    conn.pragma('journal_mode = WAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma('busy_timeout = 5000');
    conn.pragma('synchronous = NORMAL');
    // A RETURNING clause keeps its rows in a temporary table: on disk (this build's default) it took 4× the update's time.
    conn.pragma('temp_store = MEMORY');
    done(null, conn);
  },
  // A COMMIT that fails leaves SQLite's transaction open, and knex then sends no ROLLBACK: such a connection is closed
  // (which rolls it back) and replaced, rather than handed to the next writer inside a transaction it never began.
  validate: (conn: { inTransaction: boolean }) => !conn.inTransaction,
};
