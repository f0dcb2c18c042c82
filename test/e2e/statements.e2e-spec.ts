import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { allStatements, numbered, sampleText as sample } from '../../src/database/statement';
import { PAGE_TABLES } from '../../src/page-cache/page-cache.repository';
import { explain } from '../support/query-plan';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

/** A value for each `?` of a statement's text, for explaining it. */
const slotsOf = (text: string) => Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 1);

describe('every repository statement against the migrated schema', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t?.close());

  it('prepares on this engine, and no hot statement scans a whole table on SQLite', async () => {
    const statements = allStatements().filter((s) => !s.owner.startsWith('Spec.') && (s.engine ?? ENGINE) === ENGINE);
    assert.ok(statements.length > 0, 'the app defines its statements');
    const failures: string[] = [];
    if (ENGINE === 'sqlite') {
      const db = new Database((t.config.database as { path: string }).path, { readonly: true });
      // A partial index holds only the rows its WHERE keeps (posts_held_idx: the held posts), so scanning it is no table scan.
      const partial = (
        db.prepare(`select name from sqlite_master where type = 'index' and sql like '% where %'`).all() as { name: string }[]
      ).map((r) => r.name);
      try {
        for (const stmt of statements) {
          try {
            const text = sample(stmt);
            db.prepare(text);
            if (!stmt.hot) continue;
            const plan = db
              .prepare(`explain query plan ${text}`)
              .all(...Array.from({ length: (text.match(/\?/g) ?? []).length }, () => null)) as { detail: string }[];
            // A SCAN reads a whole table or index (SEARCH is the keyed lookup); constant rows, VALUES rows and virtual tables aside.
            const scans = plan
              .filter((p) => /^SCAN \w/.test(p.detail) && !/^SCAN CONSTANT ROW|VIRTUAL TABLE|^SCAN \d+-ROW VALUES CLAUSE/.test(p.detail))
              .filter((p) => !partial.some((index) => p.detail.endsWith(` USING COVERING INDEX ${index}`)))
              .map((p) => p.detail);
            if (scans.length) failures.push(`${stmt.owner}: ${scans.join(', ')}`);
          } catch (err) {
            failures.push(`${stmt.owner}: ${(err as Error).message}`);
          }
        }
      } finally {
        db.close();
      }
    } else {
      const client = new Client({ connectionString: (t.config.database as { url: string }).url });
      await client.connect();
      try {
        for (const [i, stmt] of statements.entries()) {
          try {
            // PREPARE takes only queries; a maintenance command (ANALYZE) is run as it is, harmless here.
            if (/^analyze /i.test(stmt.text)) await client.query(stmt.text);
            else {
              await client.query(`prepare hfr_contract_${i} as ${numbered(sample(stmt))}`);
              await client.query(`deallocate hfr_contract_${i}`);
            }
          } catch (err) {
            failures.push(`${stmt.owner}: ${(err as Error).message}`);
          }
        }
      } finally {
        await client.end();
      }
    }
    assert.deepEqual(failures, []);
  });

  it(
    'finds the bulletins citing posts and known issues from the cited ids on SQLite, with no planner statistics',
    {
      skip: ENGINE !== 'sqlite' && "SQLite's join order",
    },
    async () => {
      const citing = allStatements().filter((s) => s.owner.startsWith('CitationsRepository.citing'));
      assert.equal(citing.length, 3);
      // As the board runs: it never gathers statistics, and the plan must not read every published bulletin's citations.
      const stats = (await t.em().getConnection().execute(`select count(*) as n from sqlite_master where name like 'sqlite_stat%'`)) as {
        n: number;
      }[];
      assert.equal(stats[0].n, 0);
      for (const stmt of citing) {
        const text = sample(stmt);
        const plan = (await explain(t, text, slotsOf(text))).split('\n');
        const firstRead = plan.find((detail) => /^(SEARCH|SCAN) /.test(detail));
        assert.match(firstRead ?? '', /^SEARCH c USING INDEX citations_target_idx \(kind=\? AND target_id=\?\)$/, stmt.owner);
      }
    },
  );

  it(
    'seeks a later page of the board index from its cursor on SQLite, not from the newest bulletin',
    {
      skip: ENGINE !== 'sqlite' && "SQLite's plans",
    },
    async () => {
      const after = allStatements().filter((s) => s.owner === 'PageCacheRepository.listingValidator' && s.text.includes('id < ?'));
      assert.equal(after.length, 1);
      const text = sample(after[0]);
      const plan = await explain(t, text, slotsOf(text));
      assert.ok(plan.includes('advisories_listing_idx (status=? AND updated_on<?)'), `the window reads from the cursor on:\n${plan}`);
    },
  );

  it('each table a thread page shows carries the triggers that move the page cache validator', async () => {
    const names: string[] =
      ENGINE === 'sqlite'
        ? (
            (await t
              .em()
              .getConnection()
              .execute(`select tbl_name as tbl from sqlite_master where type = 'trigger' and name like 'page_%'`)) as { tbl: string }[]
          ).map((r) => r.tbl)
        : (
            (await t
              .em()
              .getConnection()
              .execute(`select c.relname as tbl from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname like 'page_%'`)) as {
              tbl: string;
            }[]
          ).map((r) => r.tbl);
    const missing = PAGE_TABLES.filter((table) => !names.includes(table));
    assert.deepEqual(missing, []);
  });
});
