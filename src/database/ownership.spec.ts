import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { allStatements } from './statement';

// Compiled to dist-test/src/database: the sources are two levels above the build's root.
const ROOT = join(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
  .map((f) => ({ path: relative(ROOT, join(SRC, f)), text: readFileSync(join(SRC, f), 'utf8') }));

const isRepository = (path: string) => path.endsWith('.repository.ts');
const inDatabase = (path: string) => path.startsWith('src/database/');
/** Code without its comments, so a comment may name a statement. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** Lines of files outside the allowed places that match a pattern. */
function offenders(pattern: RegExp, allowed: (path: string) => boolean): string[] {
  return sources
    .filter((s) => !allowed(s.path))
    .flatMap((s) =>
      code(s.text)
        .split('\n')
        .filter((line) => pattern.test(line))
        .map((line) => `${s.path}: ${line.trim()}`),
    );
}

describe('one owner per statement', () => {
  it('keeps SQL text in repositories (and the database plumbing)', () => {
    const sqlText = /['"`]\s*(select\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\()/i;
    assert.deepEqual(
      offenders(sqlText, (p) => isRepository(p) || inDatabase(p)),
      [],
    );
  });

  it('declares statements only in repositories', () => {
    assert.deepEqual(
      offenders(/\b(statement|perEngine)(<[^>]*>)?\(/, (p) => isRepository(p) || inDatabase(p)),
      [],
    );
  });

  it('runs ORM queries only in repositories', () => {
    const query =
      /\bem(\.fork\(\))?\.(find|findOne|findOneOrFail|findAndCount|count|nativeUpdate|nativeDelete|nativeInsert|upsert|upsertMany|createQueryBuilder|qb|execute|getConnection|getKnex)\(/;
    assert.deepEqual(
      offenders(query, (p) => isRepository(p) || inDatabase(p)),
      [],
    );
  });

  it('leaves knex and the drivers to src/database (the ORM configuration names its driver)', () => {
    const internals = /from '(better-sqlite3|pg|knex|@mikro-orm\/knex)'|\bKnex\b|acquireConnection|getKnex/;
    assert.deepEqual(
      offenders(internals, (p) => inDatabase(p) || p.startsWith('src/config/mikro-orm')),
      [],
    );
  });

  it("begins transactions only through WriteTransactions, which groups SQLite's commits", () => {
    assert.deepEqual(
      offenders(/\.(transactional|begin)\(/, (p) => p === 'src/database/write-transactions.ts'),
      [],
    );
  });

  it('has no statement twice', async () => {
    for (const s of sources.filter((s) => isRepository(s.path)))
      await import(join(__dirname, '..', relative('src', s.path).replace(/\.ts$/, '.js')));
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const s of allStatements()) {
      const text = `${s.engine ?? 'both'}: ${s.text.replace(/\s+/g, ' ').trim().toLowerCase()}`;
      const first = seen.get(text);
      if (first) twice.push(`${first} and ${s.owner}: ${text}`);
      else seen.set(text, s.owner);
    }
    assert.ok(seen.size > 50, `the repositories declare their statements (${seen.size} found)`);
    assert.deepEqual(twice, []);
  });
});
