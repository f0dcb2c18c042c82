import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseQuery, tsQuery, ftsMatch } from '../../src/search/search-query';
import { SearchRepository } from '../../src/search/search.repository';
import { COUNT_LIMIT, MANY_SECONDS, SearchService } from '../../src/search/search.service';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

// A phrase in more documents than a count reads is read newest first in key order on PostgreSQL, span by span, and
// from the index only below the spans. Whichever way the ids are read, they must be the index's own answer.

const DOCUMENTS = 6000;
/** Every third document has the phrase as written ("manyword alpha"), the others its words the other way round. */
const dense = (i: number) => i % 3 === 0;
/** One document in 400: too few for the spans to fill a page, so the index is asked below them. */
const sparse = (i: number) => i % 400 === 7;

describe(`search, many matches, on ${ENGINE}`, () => {
  let t: TestApp;
  let repo: SearchRepository;
  const ids: number[] = [];

  before(async () => {
    t = await createTestApp();
    repo = t.app.get(SearchRepository);
    const [advisory] = await createAdvisories(t.app, [buildAdvisoryDoc()]);
    for (let from = 0; from < DOCUMENTS; from += 500) {
      await t.em().transactional(async (em) => {
        const batch = Array.from({ length: 500 }, (_, k) => from + k);
        const rows = await repo.upsertDocuments(
          em,
          batch.map((i) => ({ kind: 'post', sourceId: `many-${i}`, advisoryId: advisory.id })),
        );
        const docs = batch.map((i) => ({
          id: rows.get(`post:many-${i}`)!,
          kind: 'post' as const,
          source: {
            title: '',
            software: '',
            body: `${dense(i) ? 'manyword alpha' : 'alpha manyword'} ${sparse(i) ? 'sparseword' : ''} 本文 ${i}`,
            facets: [],
          },
        }));
        await repo.putTokens(em, docs);
        ids.push(...docs.map((d) => d.id));
      });
    }
    ids.sort((a, b) => b - a);
  });
  after(() => t.close());

  const expression = (q: string) => {
    const { terms } = parseQuery(q);
    return ENGINE === 'sqlite' ? ftsMatch(terms) : tsQuery(terms);
  };
  /** The ids the index holds for a test document predicate, newest first. */
  const expected = (holds: (i: number) => boolean, below: number | null, limit: number) =>
    ids.filter((id, k) => holds(DOCUMENTS - 1 - k) && (below === null || id < below)).slice(0, limit);

  for (const [q, holds] of [
    ['"manyword alpha"', dense],
    ['sparseword', sparse],
    ['nowhere', () => false],
  ] as const) {
    it(`${q}: the same ids, newest first, from the first page to past the spans`, async () => {
      for (const below of [null, ids[0], ids[450], ids[520], ids[5400], ids[5600], ids[DOCUMENTS - 1]]) {
        for (const limit of [1, 21]) {
          const many = await repo.matches(expression(q), below, limit, { many: true });
          const few = await repo.matches(expression(q), below, limit);
          assert.deepEqual(many, expected(holds, below, limit), `many, below ${below}, limit ${limit}`);
          assert.deepEqual(few, many, `few, below ${below}, limit ${limit}`);
        }
      }
    });
  }

  it('the sparse word is in every span and below them (the test reaches each step)', () => {
    const at = (k: number) => sparse(DOCUMENTS - 1 - k);
    const positions = ids.map((_, k) => k).filter(at);
    assert.ok(positions.some((k) => k < 500));
    assert.ok(positions.some((k) => k >= 500 && k < 5500));
    assert.ok(positions.some((k) => k >= 5500));
  });

  it(
    "keeps each GIN index's pending list small: every search reads it whole (PostgreSQL)",
    { skip: ENGINE !== 'postgresql' ? 'PostgreSQL only: FTS5 merges its own segments' : false },
    async () => {
      const sql = `select relname, reloptions from pg_class where relname in ('search_fts_tsv_idx', 'search_fts_curated_tsv_idx') order by relname`;
      const rows = (await t.em().getConnection().execute(sql)) as { relname: string; reloptions: string[] | null }[];
      assert.deepEqual(
        rows.map((r) => [r.relname, r.reloptions]),
        [
          ['search_fts_curated_tsv_idx', ['gin_pending_list_limit=128']],
          ['search_fts_tsv_idx', ['gin_pending_list_limit=128']],
        ],
      );
    },
  );

  it('counts a word past 1,000 once a minute, and a smaller count on every search', async () => {
    const service = t.app.get(SearchService);
    // Numeric source ids (the result rows are read by them) of no post: the page is empty, its count is not.
    const [advisory] = await createAdvisories(t.app, [buildAdvisoryDoc()]);
    const add = (word: string, from: number, n: number) =>
      t.em().transactional(async (em) => {
        const batch = Array.from({ length: n }, (_, k) => String(9_000_000 + from + k));
        const rows = await repo.upsertDocuments(
          em,
          batch.map((sourceId) => ({ kind: 'post', sourceId, advisoryId: advisory.id })),
        );
        const source = { title: '', software: '', body: `${word} 本文`, facets: [] };
        await repo.putTokens(
          em,
          batch.map((sourceId) => ({ id: rows.get(`post:${sourceId}`)!, kind: 'post' as const, source })),
        );
      });
    await add('countmany', 0, COUNT_LIMIT + 100);
    const counted: string[] = [];
    const count = repo.count.bind(repo);
    repo.count = (expression, upTo) => (counted.push(expression), count(expression, upTo));
    const realNow = Date.now;
    try {
      const search = (q: string) => service.search(parseQuery(q).terms, 'newest', null, parseQuery(q).terms);
      const first = await search('countmany');
      assert.deepEqual([first.total, first.more, counted.length], [COUNT_LIMIT, true, 1]);
      const again = await search('countmany');
      assert.deepEqual([again.total, again.more, counted.length], [COUNT_LIMIT, true, 1], 'not counted again');
      Date.now = () => realNow() + (MANY_SECONDS + 1) * 1000;
      assert.equal((await search('countmany')).more, true);
      assert.equal(counted.length, 2, 'counted again once the minute is over');

      assert.equal((await search('countfew')).total, 0);
      await add('countfew', COUNT_LIMIT + 100, 1);
      const after = await search('countfew');
      assert.deepEqual([after.total, after.more, counted.length], [1, false, 4], 'a small count is taken on every search');
    } finally {
      Date.now = realNow;
      repo.count = count;
    }
  });
});
