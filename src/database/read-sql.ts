import { MikroORM } from '@mikro-orm/core';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { APP_CONFIG, AppConfig } from '../config/config';

/** Prepared statements kept per SQL text; IN lists of every length make many texts, so the cache is bounded. */
const MAX_STATEMENTS = 500;

/**
 * Reads outside any transaction on the hot paths (thread pages, search, the page cache's validator).
 * On a SQLite file: a read-only connection whose statements are prepared once (WAL lets it read beside
 * the writer, and it sees every committed write); building each query through the ORM's query builder
 * cost as much as running it. Elsewhere (PostgreSQL, :memory:): the ORM's connection.
 */
@Injectable()
export class ReadSql implements OnApplicationShutdown {
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async all<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const statement = this.statement(query);
    if (statement) return statement.all(...params.map(bindable)) as T[];
    return (await this.orm.em.getConnection().execute(query, params, 'all')) as T[];
  }

  async get<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T | undefined> {
    const statement = this.statement(query);
    if (statement) return statement.get(...params.map(bindable)) as T | undefined;
    return (await this.orm.em.getConnection().execute(query, params, 'get')) as T | undefined;
  }

  onApplicationShutdown(): void {
    this.statements.clear();
    this.db?.close();
    this.db = null;
  }

  private statement(query: string): Database.Statement | null {
    const db = this.config.database;
    if (db.engine !== 'sqlite' || db.path === ':memory:') return null;
    this.db ??= new Database(db.path, { readonly: true, fileMustExist: true });
    let statement = this.statements.get(query);
    if (!statement) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(query);
      this.statements.set(query, statement);
    }
    return statement;
  }
}

/** better-sqlite3 binds no booleans or dates: SQLite keeps them as 0/1 and epoch milliseconds. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  return value;
}

@Global()
@Module({ providers: [ReadSql], exports: [ReadSql] })
export class ReadSqlModule {}
