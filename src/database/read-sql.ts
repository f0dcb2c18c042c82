import { MikroORM } from '@mikro-orm/core';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { APP_CONFIG, AppConfig } from '../config/config';
import { prepared } from './sql';
import { bound, Statement } from './statement';

/**
 * Reads outside any transaction on the hot paths (thread pages, search, the page cache's validator).
 * On a SQLite file: a read-only connection whose statements are prepared once (WAL lets it read beside
 * the writer, and it sees every committed write); building each query through the ORM's query builder
 * cost as much as running it. Elsewhere (PostgreSQL, :memory:): the ORM's connection.
 */
@Injectable()
export class ReadSql implements OnApplicationShutdown {
  private db: Database.Database | null = null;

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A repository statement's rows, read outside any transaction. */
  rows<Row>(stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row[]> {
    const { text, values } = bound(stmt, params);
    return this.all<Row>(text, values);
  }

  /** A repository statement's first row, or undefined. */
  row<Row>(stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row | undefined> {
    const { text, values } = bound(stmt, params);
    return this.get<Row>(text, values);
  }

  private async all<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const db = this.sqlite();
    if (db) return prepared(db, query).run(params, 'all') as T[];
    return (await this.orm.em.getConnection().execute(query, params, 'all')) as T[];
  }

  private async get<T>(query: string, params: unknown[] = []): Promise<T | undefined> {
    const db = this.sqlite();
    if (db) return prepared(db, query).run(params, 'get') as T | undefined;
    return (await this.orm.em.getConnection().execute(query, params, 'get')) as T | undefined;
  }

  onApplicationShutdown(): void {
    this.db?.close();
    this.db = null;
  }

  private sqlite(): Database.Database | null {
    const db = this.config.database;
    if (db.engine !== 'sqlite' || db.path === ':memory:') return null;
    return (this.db ??= new Database(db.path, { readonly: true, fileMustExist: true }));
  }
}

@Global()
@Module({ providers: [ReadSql], exports: [ReadSql] })
export class ReadSqlModule {}
