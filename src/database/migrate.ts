import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';

/** What a migration run did: the migrations applied, and whether it created the schema. */
export interface Migrated {
  applied: string[];
  fresh: boolean;
}

/**
 * Brings the schema up to date, then runs `after` (the first content of a new schema) before letting go. On
 * PostgreSQL an advisory lock lets several instances start at once: one migrates, the others wait and then
 * find nothing to do.
 */
export async function migrateUnderLock<T>(
  app: INestApplicationContext,
  after: (orm: MikroORM, migrated: Migrated) => Promise<T>,
): Promise<T> {
  const orm = app.get(MikroORM);
  const config = app.get<AppConfig>(APP_CONFIG);
  if (config.database.engine !== 'postgresql') return migrate(orm, after);
  // The lock's own connection, outside MikroORM's transaction context: the migrations and what follows run as usual beside it.
  const knex = (orm.em.getConnection() as unknown as { getKnex(): KnexLike }).getKnex();
  const lock = await knex.transaction();
  try {
    await lock.raw(`select pg_advisory_xact_lock(hashtext('hfr-bbs:migrations'))`);
    return await migrate(orm, after);
  } finally {
    await lock.commit();
  }
}

interface KnexLike {
  transaction(): Promise<{ raw(sql: string): Promise<unknown>; commit(): Promise<unknown> }>;
}

async function migrate<T>(orm: MikroORM, after: (orm: MikroORM, migrated: Migrated) => Promise<T>): Promise<T> {
  const migrator = orm.getMigrator();
  const fresh = (await migrator.getExecutedMigrations()).length === 0;
  const applied = (await migrator.up()).map((m) => m.name);
  return after(orm, { applied, fresh });
}
