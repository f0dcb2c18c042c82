import { MikroORM } from '@mikro-orm/core';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { APP_CONFIG, AppConfig } from '../config/config';
import { prepared } from './sql';
import { bound, PostgresQuery, postgresQuery, Statement } from './statement';

/**
 * Reads outside any transaction on the hot paths (thread pages, search, the page cache's validator).
 * On a SQLite file: a read-only connection whose statements are prepared once (WAL lets it read beside
 * the writer, and it sees every committed write); building each query through the ORM's query builder
 * cost as much as running it. On PostgreSQL: the ORM's pool, each statement prepared once per connection
 * (the ORM inlines the values into a new text each time, parsed anew: a cached page's validator took
 * ≈ 60 µs of PostgreSQL's CPU that way, 37 prepared). SQLite in memory: the ORM's connection.
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
    return this.read<Row>(stmt, params, 'all') as Promise<Row[]>;
  }

  /** A repository statement's first row, or undefined. */
  row<Row>(stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row | undefined> {
    return this.read<Row>(stmt, params, 'get') as Promise<Row | undefined>;
  }

  private async read<Row>(stmt: Statement<Row>, params: readonly unknown[], method: 'all' | 'get'): Promise<Row[] | Row | undefined> {
    const { text, values } = bound(stmt, params);
    const db = this.sqlite();
    if (db) return prepared(db, text).run(values, method) as Row[] | Row | undefined;
    if (this.config.database.engine !== 'postgresql')
      return (await this.orm.em.getConnection().execute(text, values, method)) as Row[] | Row;
    const rows = await this.postgres<Row>(postgresQuery(stmt, text, values));
    return method === 'all' ? rows : rows[0];
  }

  /** On PostgreSQL: the values sent as parameters on a connection of the ORM's pool (its type parsers, its limits). */
  private async postgres<Row>(query: PostgresQuery): Promise<Row[]> {
    const client = (this.orm.em.getConnection() as unknown as { getKnex(): { client: PostgresPool } }).getKnex().client;
    const connection = await client.acquireConnection();
    try {
      return (await connection.query(query)).rows as Row[];
    } finally {
      await client.releaseConnection(connection);
    }
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

/** What ReadSql uses of the ORM's pool (knex's) and of a node-postgres client. */
interface PostgresPool {
  acquireConnection(): Promise<{ query(config: PostgresQuery): Promise<{ rows: unknown[] }> }>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

@Global()
@Module({ providers: [ReadSql], exports: [ReadSql] })
export class ReadSqlModule {}
