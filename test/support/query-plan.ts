import Database from 'better-sqlite3';
import { Client } from 'pg';
import { ENGINE, TestApp } from './test-app';

/** The plan of a statement as this engine explains it (on PostgreSQL, with sequential scans priced out: the test tables are tiny). */
export async function explain(t: TestApp, text: string, values: unknown[]): Promise<string> {
  if (ENGINE === 'sqlite') {
    const db = new Database((t.config.database as { path: string }).path, { readonly: true });
    try {
      return (db.prepare(`explain query plan ${text}`).all(...values) as { detail: string }[]).map((r) => r.detail).join('\n');
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: (t.config.database as { url: string }).url });
  await client.connect();
  try {
    await client.query('set enable_seqscan = off');
    let n = 0;
    const rows = (await client.query(`explain ${text.replace(/\?/g, () => `$${++n}`)}`, values)).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}
