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
  async rows<Row>(stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row[]> {
    const { text, values } = bound(stmt, params);
    const db = this.sqlite();
    if (db) return prepared(db, text).run(values, 'all') as Row[];
    if (this.config.database.engine === 'postgresql') return this.postgres<Row>(text, values, text === stmt.text);
    return (await this.orm.em.getConnection().execute(text, values, 'all')) as Row[];
  }

  /** A repository statement's first row, or undefined. */
  async row<Row>(stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row | undefined> {
    const { text, values } = bound(stmt, params);
    const db = this.sqlite();
    if (db) return prepared(db, text).run(values, 'get') as Row | undefined;
    if (this.config.database.engine === 'postgresql') return (await this.postgres<Row>(text, values, text === stmt.text))[0];
    return (await this.orm.em.getConnection().execute(text, values, 'get')) as Row | undefined;
  }

  /**
   * On PostgreSQL: the values sent as parameters on a connection of the ORM's pool (its type parsers, its limits); a
   * statement of one text (no list slot) is prepared once per connection under a name, so it is parsed once there.
   */
  private async postgres<Row>(text: string, values: unknown[], fixed: boolean): Promise<Row[]> {
    const client = (this.orm.em.getConnection() as unknown as { getKnex(): { client: PostgresPool } }).getKnex().client;
    const connection = await client.acquireConnection();
    try {
      return (await connection.query({ ...postgresQuery(text, fixed), values })).rows as Row[];
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
  acquireConnection(): Promise<{ query(config: PostgresQuery & { values: unknown[] }): Promise<{ rows: unknown[] }> }>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** A statement's text with `$n` for each `?` (as the ORM's PostgreSQL connection numbers them), and its name if prepared. */
interface PostgresQuery {
  text: string;
  name?: string;
}
const POSTGRES_QUERIES = new Map<string, PostgresQuery>();
const MAX_QUERIES = 500;

function postgresQuery(text: string, fixed: boolean): PostgresQuery {
  let query = POSTGRES_QUERIES.get(text);
  if (!query) {
    let n = 0;
    // Names stay unique per text for the life of the process: a connection keeps what it prepared under each name.
    query = { text: text.replace(/\?/g, () => `$${++n}`), name: fixed ? `hfr_${POSTGRES_QUERIES.size + 1}` : undefined };
    if (POSTGRES_QUERIES.size < MAX_QUERIES || fixed) POSTGRES_QUERIES.set(text, query);
  }
  return query;
}

@Global()
@Module({ providers: [ReadSql], exports: [ReadSql] })
export class ReadSqlModule {}
