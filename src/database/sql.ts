import { EntityManager } from '@mikro-orm/core';
import Database from 'better-sqlite3';
import type { Knex } from '@mikro-orm/better-sqlite';

import { bound, postgresQuery, PostgresQuery, Statement } from './statement';

type Method = 'all' | 'get' | 'run';

/** What a write statement reports: the new row's id where it returns one, and how many rows it touched. */
export interface WriteResult {
  insertId: unknown;
  affectedRows: number;
}

/** A repository statement's rows, in the caller's transaction (or on the ORM's connection outside one). */
export async function all<Row>(em: EntityManager, stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row[]> {
  return execute<Row[]>(em, stmt, params, 'all');
}

/** A repository statement's first row, or undefined. */
export async function one<Row>(em: EntityManager, stmt: Statement<Row>, params: readonly unknown[] = []): Promise<Row | undefined> {
  return execute<Row | undefined>(em, stmt, params, 'get');
}

/** A repository write statement. */
export async function run(em: EntityManager, stmt: Statement<unknown>, params: readonly unknown[] = []): Promise<WriteResult> {
  return execute<WriteResult>(em, stmt, params, 'run');
}

/**
 * A bound statement inside the caller's transaction (or on the ORM's connection outside one), prepared on the
 * transaction's own connection: the ORM inlines the values into the text, so each call was parsed and planned anew
 * (on PostgreSQL ≈ 220 µs of its CPU per statement). Results have the shapes the ORM's connection gives.
 */
async function execute<T>(em: EntityManager, stmt: Statement<unknown>, params: readonly unknown[], method: Method): Promise<T> {
  const { text, values } = bound(stmt, params);
  const trx = em.getTransactionContext<Knex.Transaction>();
  // Knex types a transaction's client as any.
  const connection: unknown = trx ? await (trx.client as Knex.Client).acquireConnection() : null;
  try {
    if (connection instanceof Database) return prepared(connection, text).run(values, method) as T;
    if (isPostgresClient(connection)) {
      const result = await connection.query(postgresQuery(stmt, text, values));
      return (em.getConnection() as unknown as OrmConnection).transformRawResult<T>(result, method);
    }
    return (await em.getConnection().execute(text, values, method, trx)) as T;
  } catch (err) {
    // As the ORM's own writes report them: a duplicate key is a UniqueConstraintViolationException on both engines.
    throw em.getDriver().convertException(err as Error);
  }
}

/** A node-postgres client: the connection of a transaction on PostgreSQL. */
interface PostgresClient {
  query(config: PostgresQuery): Promise<unknown>;
}

function isPostgresClient(connection: unknown): connection is PostgresClient {
  return typeof (connection as { query?: unknown } | null)?.query === 'function';
}

/** The ORM connection's own shaping of a driver result for each method (protected in its types): the ORM's shapes, not a copy. */
interface OrmConnection {
  transformRawResult<T>(result: unknown, method: Method): T;
}

/** Statements prepared once per connection and SQL text; IN lists of every length make many texts, so each cache is bounded. */
const MAX_STATEMENTS = 500;
const statementsOf = new WeakMap<Database.Database, Map<string, Prepared>>();

export class Prepared {
  private readonly statement: Database.Statement;

  constructor(db: Database.Database, query: string) {
    this.statement = db.prepare(query);
  }

  /** The results the ORM's connection gives for each method, so callers need not know which path ran. */
  run(params: unknown[], method: Method): unknown {
    const values = params.map(bindable);
    if (method === 'get') return this.statement.reader ? this.statement.get(...values) : (this.statement.run(...values), undefined);
    if (!this.statement.reader) {
      const res = this.statement.run(...values);
      return method === 'all' ? [] : { insertId: res.lastInsertRowid, affectedRows: res.changes };
    }
    const rows = this.statement.all(...values) as { id?: unknown }[];
    return method === 'all' ? rows : { insertId: rows[rows.length - 1]?.id ?? 0, affectedRows: rows.length, row: rows[0], rows };
  }
}

export function prepared(db: Database.Database, query: string): Prepared {
  let statements = statementsOf.get(db);
  if (!statements) statementsOf.set(db, (statements = new Map<string, Prepared>()));
  let statement = statements.get(query);
  if (!statement) {
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statement = new Prepared(db, query);
    statements.set(query, statement);
  }
  return statement;
}

/** better-sqlite3 binds no booleans or dates: SQLite keeps them as 0/1 and epoch milliseconds, as the ORM writes them. */
export function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (value === undefined) return null;
  return value;
}

/** A date as the engine stores it in a raw query (SQLite keeps epoch milliseconds). */
export function dbDate(em: EntityManager, date: Date): unknown {
  return em.getPlatform().processDateProperty(date);
}

/** Raw rows differ by engine: SQLite gives epoch ms, JSON text and 0/1; PostgreSQL gives Date, parsed JSON and booleans. */
export function rowDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as number | string));
}

export function rowJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function rowBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
