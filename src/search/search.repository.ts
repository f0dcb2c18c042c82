import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { Advisory, AdvisoryStatus } from '../advisories/advisory.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { all, one, run } from '../database/sql';
import { Engine, perEngine, statement } from '../database/statement';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { PostState } from '../policy/rules/subjects';
import { indexColumns, isCurated, SearchKind, SearchSource, tsvectorLiteral } from './search-text';

/** A post as the index reads it. */
export interface IndexPostRow {
  id: number;
  body_html: string;
  is_report: unknown;
  state: PostState;
  created_at: unknown;
  advisory_id: string;
  status: string;
  software: string | null;
  outcome: string | null;
  platform_key: string | null;
}

/** A post as a search result shows it. */
export interface ResultPostRow {
  id: number;
  number: number;
  body_html: string;
  is_report: unknown;
  state: PostState;
  created_at: unknown;
  advisory_id: string;
  status: AdvisoryStatus;
  advisory_title: string;
  username: string;
  software: string | null;
  outcome: string | null;
  platform_other: string | null;
  platform_label: string | null;
}

/** A known issue as a search result shows it. */
export interface ResultIssueRow {
  id: number;
  title: string;
  symptom: string;
  software: string;
  workaround: string;
  resolution: string;
  refs: unknown;
  status: string;
  created_at: unknown;
  advisory_id: string;
  advisory_status: AdvisoryStatus;
}

/** A bulletin as a search result shows it (updated_on as YYYY-MM-DD). */
export interface ResultAdvisoryRow {
  id: string;
  kb: unknown;
  title: string;
  official_title: string | null;
  summary: string;
  vulnerabilities: unknown;
  editor_notes: unknown;
  refs: unknown;
  status: AdvisoryStatus;
  updated_on: string;
}

/** A document of the index: its id (the rowid of its tokens) and its kind (whether it is curated). */
export interface IndexedDocument {
  id: number;
  kind: SearchKind;
}

export interface DocumentRow {
  id: number;
  kind: SearchKind;
  source_id: string;
}

const POST_COLUMNS = `p.id as id, p.body_html as body_html, p.is_report as is_report, p.state as state, p.created_at as created_at, t.advisory_id as advisory_id, a.status as status,
  r.software as software, r.outcome as outcome, pl.key as platform_key
  from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id
  left join field_reports r on r.post_id = p.id left join advisory_platforms pl on pl.id = r.platform_id`;

const INDEX_POST = statement<IndexPostRow>('SearchRepository.indexPost', `select ${POST_COLUMNS} where p.id = ?`, { hot: true });
const INDEX_POSTS_AFTER = statement<IndexPostRow>(
  'SearchRepository.indexPostsAfter',
  `select ${POST_COLUMNS} where p.id > ? order by p.id limit ?`,
);
const ADVISORY_POSTS_AFTER = statement<IndexPostRow>(
  'SearchRepository.advisoryPostsAfter',
  `select ${POST_COLUMNS} where t.advisory_id = ? and p.id > ? order by p.id limit ?`,
);
const COUNT_POSTS = statement<{ n: number | string }>('SearchRepository.countPosts', 'select count(*) as n from posts');

const DOCUMENT = statement<{ id: number; indexed: unknown }>(
  'SearchRepository.document',
  'select id, indexed from search_documents where kind = ? and source_id = ?',
  { hot: true },
);
const UNINDEX = statement('SearchRepository.unindex', 'update search_documents set indexed = false where id = ?', { hot: true });
const MOVE = statement('SearchRepository.move', 'update search_documents set advisory_id = ? where id = ?', { hot: true });
const UNINDEX_CHILDREN = statement<{ id: number; kind: SearchKind }>(
  'SearchRepository.unindexChildren',
  `update search_documents set indexed = false where advisory_id = ? and kind <> 'advisory' and indexed = true returning id, kind`,
);
const CURATED_DOCUMENTS_AFTER = statement<DocumentRow>(
  'SearchRepository.curatedDocumentsAfter',
  `select id, kind, source_id from search_documents where indexed = true and kind in ('known-issue', 'advisory') and id > ? order by id limit ?`,
);
const DELETE_DOCUMENTS = statement('SearchRepository.clear', 'delete from search_documents');

const PUBLISHED_ADVISORIES = statement<{ id: string }>(
  'SearchRepository.publishedAdvisories',
  `select a.id as id from advisories a where a.status = 'published' order by a.updated_on desc, a.id desc limit 1000`,
);
const PUBLISHED_PLATFORMS = statement<{ key: string; label: string }>(
  'SearchRepository.publishedPlatforms',
  `select p.key as key, min(p.label) as label from advisory_platforms p join advisories a on a.id = p.advisory_id where a.status = 'published' group by p.key order by p.key`,
);
const PUBLISHED_SOFTWARE = statement<{ software: string }>(
  'SearchRepository.publishedSoftware',
  `select distinct k.software as software from known_issues k join advisories a on a.id = k.advisory_id where a.status = 'published' and k.software <> '' order by k.software limit 100`,
);

const RESULT_DOCUMENTS = statement<DocumentRow>(
  'SearchRepository.documents',
  'select id, kind, source_id from search_documents where indexed = true and id in (?*)',
  { hot: true },
);
const RESULT_POSTS = statement<ResultPostRow>(
  'SearchRepository.posts',
  `select p.id as id, p.number as number, p.body_html as body_html, p.is_report as is_report, p.state as state, p.created_at as created_at,
     t.advisory_id as advisory_id, a.status as status, a.title as advisory_title, u.username as username,
     r.software as software, r.outcome as outcome, r.platform_other as platform_other, pl.label as platform_label
   from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id join users u on u.id = p.author_id
   left join field_reports r on r.post_id = p.id left join advisory_platforms pl on pl.id = r.platform_id
   where p.id in (?*)`,
  { hot: true },
);
const RESULT_ISSUES = statement<ResultIssueRow>(
  'SearchRepository.issues',
  `select k.id as id, k.title as title, k.symptom as symptom, k.software as software, k.workaround as workaround, k.resolution as resolution,
     k."references" as refs, k.status as status, k.created_at as created_at, k.advisory_id as advisory_id, a.status as advisory_status
   from known_issues k join advisories a on a.id = k.advisory_id where k.id in (?*)`,
  { hot: true },
);

const UPSERT_DOCUMENTS = statement<{ id: number; kind: string; source_id: string }>(
  'SearchRepository.upsertDocuments',
  `insert into search_documents (kind, source_id, advisory_id, indexed) values (?, ?, ?, true)...
     on conflict (kind, source_id) do update set indexed = true, advisory_id = excluded.advisory_id returning id, kind, source_id`,
  { hot: true },
);

// The full-text index: FTS5 columns keyed by rowid on SQLite, a tsvector keyed by id on PostgreSQL. Known issues and
// bulletins also go, with the same tokens and id, into search_fts_curated: best match reads them there first.
const PUT_TOKENS = perEngine(
  'SearchRepository.putTokens',
  {
    sqlite: 'insert into search_fts (rowid, title, software, body, extra) values (?, ?, ?, ?, ?)...',
    postgresql: 'insert into search_fts (id, tsv) values (?, ?::tsvector)... on conflict (id) do update set tsv = excluded.tsv',
  },
  { hot: true },
);
const PUT_CURATED_TOKENS = perEngine('SearchRepository.putTokens', {
  sqlite: 'insert into search_fts_curated (rowid, title, software, body, extra) values (?, ?, ?, ?, ?)...',
  postgresql: 'insert into search_fts_curated (id, tsv) values (?, ?::tsvector)... on conflict (id) do update set tsv = excluded.tsv',
});
const DROP_TOKENS = perEngine(
  'SearchRepository.dropTokens',
  { sqlite: 'delete from search_fts where rowid in (?*)', postgresql: 'delete from search_fts where id in (?*)' },
  { hot: true },
);
const DROP_CURATED_TOKENS = perEngine('SearchRepository.dropTokens', {
  sqlite: 'delete from search_fts_curated where rowid in (?*)',
  postgresql: 'delete from search_fts_curated where id in (?*)',
});
const CLEAR_TOKENS = perEngine('SearchRepository.clear', {
  sqlite: `insert into search_fts (search_fts) values ('delete-all')`,
  postgresql: 'delete from search_fts',
});
const CLEAR_CURATED_TOKENS = perEngine('SearchRepository.clear', {
  sqlite: `insert into search_fts_curated (search_fts_curated) values ('delete-all')`,
  postgresql: 'delete from search_fts_curated',
});
const OPTIMIZE = perEngine('SearchRepository.optimize', {
  sqlite: `insert into search_fts (search_fts) values ('optimize')`,
  postgresql: 'analyze search_fts',
});
const OPTIMIZE_CURATED = perEngine('SearchRepository.optimize', {
  sqlite: `insert into search_fts_curated (search_fts_curated) values ('optimize')`,
  postgresql: 'analyze search_fts_curated',
});
const COUNT_MATCHES = perEngine<{ n: number | string }>('SearchRepository.count', {
  sqlite: 'select count(*) as n from (select 1 from search_fts where search_fts match ? limit ?) x',
  postgresql: 'select count(*) as n from (select 1 from search_fts where tsv @@ ?::tsquery limit ?) x',
});
const MATCHES = perEngine<{ id: number }>(
  'SearchRepository.matches',
  {
    sqlite: 'select rowid as id from search_fts where search_fts match ? order by rowid desc limit ?',
    postgresql: 'select id from search_fts where tsv @@ ?::tsquery order by id desc limit ?',
  },
  { hot: true },
);
const MATCHES_BELOW = perEngine<{ id: number }>(
  'SearchRepository.matches',
  {
    sqlite: 'select rowid as id from search_fts where search_fts match ? and rowid < ? order by rowid desc limit ?',
    postgresql: 'select id from search_fts where tsv @@ ?::tsquery and id < ? order by id desc limit ?',
  },
  { hot: true },
);
// PostgreSQL's GIN index is not in id order: newest first, a common phrase's every match was rechecked (its positions
// read from the tsvector) and sorted, ~8,600 rows and 25–35 ms at 100,000 posts. So the newest rows are read first in
// key order, where a common phrase fills the page after a few dozen, and the index is asked only below them.
const RECENT_MATCHES = statement<{ id: number }>(
  'SearchRepository.matches',
  'select id from (select id, tsv from search_fts where id < ? order by id desc limit ?) recent where tsv @@ ?::tsquery order by id desc limit ?',
  { engine: 'postgresql', hot: true },
);
const RECENT_EDGE = statement<{ id: number | null; n: number | string }>(
  'SearchRepository.matches',
  'select min(id) as id, count(*) as n from (select id from search_fts where id < ? order by id desc limit ?) recent',
  { engine: 'postgresql', hot: true },
);
/** How many of the newest documents are read in order before the index, in two steps. */
const RECENT_SPANS = [500, 5000];
/** Above every id (search_documents.id is an int): "below nothing". */
const NO_ID = 2 ** 31 - 1;

const CURATED_MATCHES = perEngine<{ id: number }>(
  'SearchRepository.matches',
  {
    sqlite: 'select rowid as id from search_fts_curated where search_fts_curated match ? order by rowid desc limit ?',
    postgresql: 'select id from search_fts_curated where tsv @@ ?::tsquery order by id desc limit ?',
  },
  { hot: true },
);
const CURATED_MATCHES_BELOW = perEngine<{ id: number }>(
  'SearchRepository.matches',
  {
    sqlite: 'select rowid as id from search_fts_curated where search_fts_curated match ? and rowid < ? order by rowid desc limit ?',
    postgresql: 'select id from search_fts_curated where tsv @@ ?::tsquery and id < ? order by id desc limit ?',
  },
  { hot: true },
);
// PostgreSQL: a tier of title tokens alone reads the titles' own tsvector (ts_filter of the weight-A lexemes, a few
// hundred bytes), not the documents' (≈ 7.5 KB a bulletin, out of line): the same answer, without reading every bulletin whole.
const TITLE_MATCHES = statement<{ id: number }>(
  'SearchRepository.matches',
  'select id from search_fts_curated where title_tsv @@ ?::tsquery order by id desc limit ?',
  { engine: 'postgresql', hot: true },
);
const TITLE_MATCHES_BELOW = statement<{ id: number }>(
  'SearchRepository.matches',
  'select id from search_fts_curated where title_tsv @@ ?::tsquery and id < ? order by id desc limit ?',
  { engine: 'postgresql', hot: true },
);
// PostgreSQL formats its date column in SQL; SQLite keeps the text as stored.
// Without the file names (~11 KB of JSON each): a snippet rarely reads that far, and they are half the read.
const RESULT_ADVISORIES = perEngine<ResultAdvisoryRow>(
  'SearchRepository.advisories',
  {
    sqlite: `select id, kb, title, official_title, summary, vulnerabilities, editor_notes, "references" as refs, status, updated_on
       from advisories where id in (?*)`,
    postgresql: `select id, kb, title, official_title, summary, vulnerabilities, editor_notes, "references" as refs, status,
       to_char(updated_on, 'YYYY-MM-DD') as updated_on from advisories where id in (?*)`,
  },
  { hot: true },
);

const RESULT_PACKAGES = statement<{ id: string; packages: unknown }>(
  'SearchRepository.packages',
  'select id, packages from advisories where id in (?*)',
  { hot: true },
);

/** The search index (search_documents and the engine's search_fts) and the reads search makes of what it finds. */
@Injectable()
export class SearchRepository {
  private readonly engine: Engine;

  constructor(
    private readonly reader: ReadSql,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.engine = config.database.engine;
  }

  // The index, in the caller's transaction.

  indexPost(em: EntityManager, postId: number): Promise<IndexPostRow | undefined> {
    return one(em, INDEX_POST, [postId]);
  }

  indexPostsAfter(em: EntityManager, after: number, limit: number): Promise<IndexPostRow[]> {
    return all(em, INDEX_POSTS_AFTER, [after, limit]);
  }

  advisoryPostsAfter(em: EntityManager, advisoryId: string, after: number, limit: number): Promise<IndexPostRow[]> {
    return all(em, ADVISORY_POSTS_AFTER, [advisoryId, after, limit]);
  }

  async countPosts(em: EntityManager): Promise<number> {
    return Number((await one(em, COUNT_POSTS))?.n ?? 0);
  }

  /** Every bulletin with its platforms and every known issue with its bulletin, for a reindex. */
  async everything(em: EntityManager): Promise<{ advisories: Advisory[]; issues: KnownIssue[] }> {
    const advisories = await em.find(Advisory, {}, { populate: ['platforms'] });
    const issues = await em.find(KnownIssue, {}, { populate: ['advisory'] });
    return { advisories, issues };
  }

  /** Known issues and bulletins in the index, by id (the curated index's backfill). */
  curatedDocumentsAfter(em: EntityManager, after: number, limit: number): Promise<DocumentRow[]> {
    return all(em, CURATED_DOCUMENTS_AFTER, [after, limit]);
  }

  advisoriesById(em: EntityManager, ids: string[]): Promise<Advisory[]> {
    return ids.length ? em.find(Advisory, { id: { $in: ids } }, { populate: ['platforms'] }) : Promise.resolve([]);
  }

  issuesById(em: EntityManager, ids: number[]): Promise<KnownIssue[]> {
    return ids.length ? em.find(KnownIssue, { id: { $in: ids } }) : Promise.resolve([]);
  }

  issuesOf(em: EntityManager, advisoryId: string): Promise<KnownIssue[]> {
    return em.find(KnownIssue, { advisory: advisoryId });
  }

  /** A document's row, whether its tokens are in the index or not. */
  document(em: EntityManager, kind: SearchKind, sourceId: string): Promise<{ id: number; indexed: unknown } | undefined> {
    return one(em, DOCUMENT, [kind, sourceId]);
  }

  async unindex(em: EntityManager, id: number): Promise<void> {
    await run(em, UNINDEX, [id]);
  }

  async move(em: EntityManager, id: number, advisoryId: string): Promise<void> {
    await run(em, MOVE, [advisoryId, id]);
  }

  /** Takes an advisory's posts and known issues out of the index; their ids and kinds. */
  async unindexChildren(em: EntityManager, advisoryId: string): Promise<IndexedDocument[]> {
    return (await all(em, UNINDEX_CHILDREN, [advisoryId])).map((r) => ({ id: Number(r.id), kind: r.kind }));
  }

  /** Rows upserted as indexed, many at once; their ids by kind and source. */
  async upsertDocuments(
    em: EntityManager,
    docs: { kind: SearchKind; sourceId: string; advisoryId: string }[],
  ): Promise<Map<string, number>> {
    const rows = await all(em, UPSERT_DOCUMENTS, [docs.map((d) => [d.kind, d.sourceId, d.advisoryId])]);
    return new Map(rows.map((r) => [`${r.kind}:${r.source_id}`, Number(r.id)]));
  }

  /**
   * Tokens of documents: FTS5 columns on SQLite, a tsvector literal on PostgreSQL (many rows at once), in the
   * whole index and, for known issues and bulletins, in the curated one too.
   */
  async putTokens(em: EntityManager, docs: (IndexedDocument & { source: SearchSource })[]): Promise<void> {
    if (!docs.length) return;
    const rows = docs.map((d) => this.tokenRow(d.id, d.source));
    await run(em, PUT_TOKENS[this.engine], [rows]);
    const curated = rows.filter((_, i) => isCurated(docs[i].kind));
    if (curated.length) await run(em, PUT_CURATED_TOKENS[this.engine], [curated]);
  }

  /** The curated index's share of documents (all the backfill writes: the whole index already holds them). */
  async putCuratedTokens(em: EntityManager, docs: (IndexedDocument & { source: SearchSource })[]): Promise<void> {
    const curated = docs.filter((d) => isCurated(d.kind)).map((d) => this.tokenRow(d.id, d.source));
    if (curated.length) await run(em, PUT_CURATED_TOKENS[this.engine], [curated]);
  }

  async dropTokens(em: EntityManager, docs: IndexedDocument[]): Promise<void> {
    if (!docs.length) return;
    await run(em, DROP_TOKENS[this.engine], [docs.map((d) => d.id)]);
    const curated = docs.filter((d) => isCurated(d.kind)).map((d) => d.id);
    if (curated.length) await run(em, DROP_CURATED_TOKENS[this.engine], [curated]);
  }

  private tokenRow(id: number, source: SearchSource): unknown[] {
    if (this.engine === 'postgresql') return [id, tsvectorLiteral(source)];
    const c = indexColumns(source);
    return [id, c.title, c.software, c.body, c.extra];
  }

  /** Empties the index (tokens and rows). */
  async clear(em: EntityManager): Promise<void> {
    await this.clearCurated(em);
    await run(em, CLEAR_TOKENS[this.engine]);
    await run(em, DELETE_DOCUMENTS);
  }

  async clearCurated(em: EntityManager): Promise<void> {
    await run(em, CLEAR_CURATED_TOKENS[this.engine]);
  }

  /** One merged b-tree per term on SQLite, fresh statistics on PostgreSQL: the fastest layout after a bulk load. */
  async optimize(em: EntityManager): Promise<void> {
    await run(em, OPTIMIZE[this.engine]);
    await this.optimizeCurated(em);
  }

  async optimizeCurated(em: EntityManager): Promise<void> {
    await run(em, OPTIMIZE_CURATED[this.engine]);
  }

  // Reads of the search page, outside any transaction.

  async filterOptions(): Promise<{ advisories: string[]; platforms: { key: string; label: string }[]; software: string[] }> {
    const advisories = await this.reader.rows(PUBLISHED_ADVISORIES);
    const platforms = await this.reader.rows(PUBLISHED_PLATFORMS);
    const software = await this.reader.rows(PUBLISHED_SOFTWARE);
    return { advisories: advisories.map((a) => a.id), platforms, software: software.map((s) => s.software) };
  }

  /** Matches of a full-text expression (the engine's syntax), counted up to one more than upTo. */
  async count(expression: string, upTo: number): Promise<number> {
    return Number((await this.reader.row(COUNT_MATCHES[this.engine], [expression, upTo + 1]))?.n ?? 0);
  }

  /**
   * Matching document ids, newest first, below a keyset id when given; from the curated index alone when asked.
   * `many`: the expression has more matches than a count reads (COUNT_LIMIT), so on PostgreSQL the newest are read
   * in key order first (a handful of matches is cheaper from the index alone). `titles`: a curated expression of title
   * tokens alone (SQLite's FTS5 reads the title column by itself).
   */
  async matches(
    expression: string,
    below: number | null,
    limit: number,
    options: { curated?: boolean; many?: boolean; titles?: boolean } = {},
  ): Promise<number[]> {
    const { curated = false, many = false, titles = false } = options;
    const postgres = this.engine === 'postgresql';
    if (many && !curated && postgres) return this.recentFirst(expression, below ?? NO_ID, limit);
    const [top, under] =
      curated && titles && postgres
        ? [TITLE_MATCHES, TITLE_MATCHES_BELOW]
        : curated
          ? [CURATED_MATCHES[this.engine], CURATED_MATCHES_BELOW[this.engine]]
          : [MATCHES[this.engine], MATCHES_BELOW[this.engine]];
    const rows = below ? await this.reader.rows(under, [expression, below, limit]) : await this.reader.rows(top, [expression, limit]);
    return rows.map((r) => Number(r.id));
  }

  /** PostgreSQL, the whole index: the newest documents in key order span by span, then the index below them. */
  private async recentFirst(expression: string, below: number, limit: number): Promise<number[]> {
    const found: number[] = [];
    let edge = below;
    for (const span of RECENT_SPANS) {
      const rows = await this.reader.rows(RECENT_MATCHES, [edge, span, expression, limit - found.length]);
      found.push(...rows.map((r) => Number(r.id)));
      if (found.length >= limit) return found;
      const read = await this.reader.row(RECENT_EDGE, [edge, span]);
      // The span reached the oldest document: nothing is left below it.
      if (!read || read.id === null || Number(read.n) < span) return found;
      edge = Number(read.id);
    }
    const rows = await this.reader.rows(MATCHES_BELOW.postgresql, [expression, edge, limit - found.length]);
    return [...found, ...rows.map((r) => Number(r.id))];
  }

  documents(ids: number[]): Promise<DocumentRow[]> {
    return ids.length ? this.reader.rows(RESULT_DOCUMENTS, [ids]) : Promise.resolve([]);
  }

  posts(ids: number[]): Promise<ResultPostRow[]> {
    return ids.length ? this.reader.rows(RESULT_POSTS, [ids]) : Promise.resolve([]);
  }

  issues(ids: number[]): Promise<ResultIssueRow[]> {
    return ids.length ? this.reader.rows(RESULT_ISSUES, [ids]) : Promise.resolve([]);
  }

  advisories(ids: string[]): Promise<ResultAdvisoryRow[]> {
    return ids.length ? this.reader.rows(RESULT_ADVISORIES[this.engine], [ids]) : Promise.resolve([]);
  }

  /** Bulletins' file names (their packages column), by id. */
  async packages(ids: string[]): Promise<Map<string, unknown>> {
    const rows = ids.length ? await this.reader.rows(RESULT_PACKAGES, [ids]) : [];
    return new Map(rows.map((r) => [r.id, r.packages]));
  }
}
