import 'reflect-metadata';
import { EntityManager, MikroORM } from '@mikro-orm/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpApp } from '../../src/app.setup';
import type { LogDestination } from '../../src/common/logging/request-logger';
import { AppConfig, DatabaseConfig, findRootDir, loadConfig } from '../../src/config/config';
import { prepareDatabase } from '../../src/prepare-database';

/** The engine under test: PostgreSQL when DATABASE_URL is set, SQLite otherwise (as for the app). */
export const ENGINE: 'sqlite' | 'postgresql' = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';

export interface TestDatabase {
  config: DatabaseConfig;
  env: Record<string, string>;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh, empty database for one test file: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (ENGINE === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hfr-test-'));
    const path = join(dir, 'test.sqlite');
    return {
      config: { engine: 'sqlite', path },
      env: { SQLITE_PATH: path },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const base = new URL(process.env.DATABASE_URL!);
  const name = `hfr_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    config: { engine: 'postgresql', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const c = new Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

export function testConfig(db: TestDatabase, overrides: Partial<AppConfig> = {}): AppConfig {
  // New members' posts are not held in tests unless a test asks for it (moderation.holdFirstPosts).
  const base = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false', HOLD_FIRST_POSTS: '0' }, findRootDir(__dirname));
  return Object.freeze({ ...base, database: db.config, ...overrides });
}

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  orm: MikroORM;
  /** A fresh EntityManager for checking what was written. */
  em(): EntityManager;
  config: AppConfig;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real application (same module, same configureApp) on a fresh database, or on `existing` (kept on close);
 * with `logRequests: true`, request lines go to `requestLog` rather than the test's stdout.
 */
export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  existing?: TestDatabase,
  requestLog?: LogDestination,
): Promise<TestApp> {
  const db = existing ?? (await createTestDatabase());
  const config = testConfig(db, overrides);
  const app = await createHttpApp(AppModule.register(config), {
    logger: process.env.TEST_LOG ? ['error', 'warn'] : false,
  });
  configureApp(app, config, requestLog);
  await prepareDatabase(app);
  await app.init();
  const orm = app.get(MikroORM);
  return {
    app,
    http: app.getHttpServer(),
    orm,
    em: () => orm.em.fork(),
    config,
    db,
    close: async () => {
      await app.close();
      if (!existing) await db.drop();
    },
  };
}
