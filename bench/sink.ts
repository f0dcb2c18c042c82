import Database from 'better-sqlite3';
import { Client } from 'pg';
import { AppConfig } from '../src/config/config';

/**
 * Bulk writes for the data generator, one per engine: the ORM would take hours for a million rows,
 * so rows go in as prepared (SQLite) or multi-row (PostgreSQL) inserts inside large transactions.
 */
export interface Sink {
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  exec(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  date(d: Date): unknown;
  bool(b: boolean): unknown;
  begin(): Promise<void>;
  commit(): Promise<void>;
  close(): Promise<void>;
}

export async function openSink(config: AppConfig): Promise<Sink> {
  return config.database.engine === 'sqlite' ? sqliteSink(config.database.path) : postgresSink(config.database.url);
}

/** better-sqlite3 works synchronously; behind the Sink's promises a throw still arrives as a rejection. */
function promised<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

function sqliteSink(path: string): Sink {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Bulk load: the file is thrown away if the generator dies, so durability can wait until the end.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  const statements = new Map<string, Database.Statement>();
  return {
    insert: (table, columns, rows) =>
      promised(() => {
        const key = `${table}(${columns.join(',')})`;
        let stmt = statements.get(key);
        if (!stmt) {
          stmt = db.prepare(
            `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
          );
          statements.set(key, stmt);
        }
        for (const row of rows) stmt.run(row);
      }),
    exec: (sql) =>
      promised(() => {
        db.exec(sql);
      }),
    query: <T>(sql: string) => promised(() => db.prepare(sql).all() as T[]),
    date: (d) => d.getTime(),
    bool: (b) => (b ? 1 : 0),
    begin: () =>
      promised(() => {
        db.exec('begin');
      }),
    commit: () =>
      promised(() => {
        db.exec('commit');
      }),
    close: () =>
      promised(() => {
        db.pragma('synchronous = NORMAL');
        // No ANALYZE: the board never gathers planner statistics on SQLite, so the data it is measured on has none either.
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }),
  };
}

async function postgresSink(url: string): Promise<Sink> {
  const client = new Client({ connectionString: url });
  await client.connect();
  // Without the page cache's revision triggers, which update a thread's row once per row inserted (quadratic in a
  // 100,000-post thread): a data set being built has no page to invalidate. Only a superuser may; others keep them.
  await client.query('set session_replication_role = replica').catch(() => undefined);
  // 65,535 bind parameters per statement is PostgreSQL's limit.
  const MAX_PARAMS = 60000;
  return {
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      for (let start = 0; start < rows.length; start += per) {
        const chunk = rows.slice(start, start + per);
        const params: unknown[] = [];
        const values = chunk.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
        await client.query(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values.join(',')}`, params);
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string) {
      return (await client.query(sql)).rows as T[];
    },
    date: (d) => d,
    bool: (b) => b,
    async begin() {
      await client.query('begin');
    },
    async commit() {
      await client.query('commit');
    },
    async close() {
      await client.query('analyze');
      await client.end();
    },
  };
}
