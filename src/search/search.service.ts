import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { Advisory } from '../advisories/advisory.entity';
import { advisoryPath } from '../advisories/advisory.view-model';
import { APP_CONFIG, AppConfig } from '../config/config';
import { sql } from '../database/sql';
import { FieldReport } from '../field-reports/field-report.entity';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { knownIssuesPath } from '../known-issues/known-issue.view-model';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST } from '../policy/viewer';
import { Post } from '../threads/post.entity';
import { postPath } from '../threads/thread-page.service';
import { markText, matchRanges, snippet, TextPart } from './highlight';
import { ftsMatch, Term, tsQuery } from './search-query';
import { advisoryBody, htmlToText, knownIssueBody } from './search-sources';
import { SearchKind } from './search-text';

export type SearchOrder = 'best' | 'newest';

/** Where the next page starts: the last row's id (newest), or its score and id (best match). */
export interface Cursor {
  id: number;
  score?: number;
}

export interface SearchItem {
  kind: SearchKind;
  url: string;
  advisoryId: string;
  advisoryUrl: string;
  heading: TextPart[];
  snippet: TextPart[];
  software: TextPart[] | null;
  author: string | null;
  number: number | null;
  date: Date | string;
  outcome: string | null;
  platform: string | null;
  status: string | null;
}

export interface SearchResult {
  items: SearchItem[];
  /** Matches counted up to COUNT_LIMIT; `more` when there are more than that. */
  total: number;
  more: boolean;
  next: Cursor | null;
}

export const PAGE_SIZE = 20;
/** Counting stops here ("1,000+"): a count of every match of a common bigram would cost more than the page. */
export const COUNT_LIMIT = 1000;
/** Best match ranks the newest this many matches: bounded work for bigrams found in most posts. */
export const RANK_WINDOW = 2000;

/** The read side of search: the index answers with ids, the rows give the text, the highlighter marks it. */
@Injectable()
export class SearchService {
  private readonly engine: 'sqlite' | 'postgresql';

  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.engine = config.database.engine;
  }

  /** The choices of the filter selects: published bulletins, their platforms, the software named in known issues. */
  async filterOptions() {
    const em = this.em.fork();
    const published = `a.status = 'published'`;
    const advisories = await sql<{ id: string }[]>(em, `select a.id as id from advisories a where ${published} order by a.updated_on desc, a.id desc limit 1000`, [], 'all');
    const platforms = await sql<{ key: string; label: string }[]>(
      em,
      `select p.key as key, min(p.label) as label from advisory_platforms p join advisories a on a.id = p.advisory_id where ${published} group by p.key order by p.key`,
      [],
      'all',
    );
    const software = await sql<{ software: string }[]>(
      em,
      `select distinct k.software as software from known_issues k join advisories a on a.id = k.advisory_id where ${published} and k.software <> '' order by k.software limit 100`,
      [],
      'all',
    );
    return { advisories: advisories.map((a) => a.id), platforms, software: software.map((s) => s.software) };
  }

  async search(terms: Term[], order: SearchOrder, after: Cursor | null, display: Term[]): Promise<SearchResult> {
    const em = this.em.fork();
    const rows = await this.page(em, terms, order, after);
    const [{ n }] = await sql<{ n: number | string }[]>(em, this.countSql(), [this.expression(terms)], 'all');
    const count = Number(n);
    const shown = rows.slice(0, PAGE_SIZE);
    const last = shown[shown.length - 1];
    return {
      items: await this.items(em, shown.map((r) => r.id), display),
      total: Math.min(count, COUNT_LIMIT),
      more: count > COUNT_LIMIT,
      next: rows.length > PAGE_SIZE && last ? { id: last.id, ...(order === 'best' ? { score: last.score } : {}) } : null,
    };
  }

  private expression(terms: Term[]): string {
    return this.engine === 'sqlite' ? ftsMatch(terms) : tsQuery(terms);
  }

  private countSql(): string {
    return this.engine === 'sqlite'
      ? `select count(*) as n from (select 1 from search_fts where search_fts match ? limit ${COUNT_LIMIT + 1}) x`
      : `select count(*) as n from (select 1 from search_fts where tsv @@ ?::tsquery limit ${COUNT_LIMIT + 1}) x`;
  }

  /** One page plus one row (to know there is a next page), by keyset: no OFFSET. */
  private async page(em: EntityManager, terms: Term[], order: SearchOrder, after: Cursor | null): Promise<{ id: number; score: number }[]> {
    const q = this.expression(terms);
    const limit = PAGE_SIZE + 1;
    const sqlite = this.engine === 'sqlite';
    if (order === 'newest') {
      const query = sqlite
        ? `select rowid as id from search_fts where search_fts match ?${after ? ' and rowid < ?' : ''} order by rowid desc limit ?`
        : `select id from search_fts where tsv @@ ?::tsquery${after ? ' and id < ?' : ''} order by id desc limit ?`;
      const rows = await sql<{ id: number }[]>(em, query, after ? [q, after.id, limit] : [q, limit], 'all');
      return rows.map((r) => ({ id: Number(r.id), score: 0 }));
    }
    // Lower scores first on both engines (bm25 is negative; ts_rank is negated), newest first among equals.
    const candidates = sqlite
      ? `select rowid as id, bm25(search_fts, 4.0, 2.0, 1.0, 0.5) as score from search_fts where search_fts match ? order by rowid desc limit ${RANK_WINDOW}`
      : `select id, -(ts_rank(tsv, ?::tsquery)::float8) as score from (select id, tsv from search_fts where tsv @@ ?::tsquery order by id desc limit ${RANK_WINDOW}) c`;
    const keyset = after ? ' where score > ? or (score = ? and id < ?)' : '';
    const params: unknown[] = sqlite ? [q] : [q, q];
    if (after) params.push(after.score ?? 0, after.score ?? 0, after.id);
    params.push(limit);
    const rows = await sql<{ id: number; score: number | string }[]>(em, `select id, score from (${candidates}) r${keyset} order by score, id desc limit ?`, params, 'all');
    return rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  }

  /** The documents behind the ids, in the same order, checked once more against what a guest may see. */
  private async items(em: EntityManager, ids: number[], terms: Term[]): Promise<SearchItem[]> {
    if (!ids.length) return [];
    const docs = await sql<{ id: number; kind: SearchKind; source_id: string }[]>(
      em,
      `select id, kind, source_id from search_documents where indexed = true and id in (${ids.map(() => '?').join(', ')})`,
      ids,
      'all',
    );
    const of = (kinds: SearchKind[]) => docs.filter((d) => kinds.includes(d.kind)).map((d) => d.source_id);
    const postIds = of(['post', 'report']).map(Number);
    const issueIds = of(['known-issue']).map(Number);
    const advisoryIds = of(['advisory']);
    const posts = postIds.length ? await em.find(Post, { id: { $in: postIds } }, { populate: ['thread.advisory', 'author'] }) : [];
    const reports = postIds.length ? await em.find(FieldReport, { post: { $in: postIds } }, { populate: ['platform'] }) : [];
    const issues = issueIds.length ? await em.find(KnownIssue, { id: { $in: issueIds } }, { populate: ['advisory'] }) : [];
    const advisories = advisoryIds.length ? await em.find(Advisory, { id: { $in: advisoryIds } }) : [];

    const built = new Map<number, SearchItem>();
    for (const d of docs) {
      const item =
        d.kind === 'advisory'
          ? this.advisoryItem(advisories.find((a) => a.id === d.source_id), terms)
          : d.kind === 'known-issue'
            ? this.issueItem(issues.find((i) => String(i.id) === d.source_id), terms)
            : this.postItem(posts.find((p) => String(p.id) === d.source_id), reports, terms);
      if (item) built.set(Number(d.id), item);
    }
    return ids.map((id) => built.get(id)).filter((x): x is SearchItem => x !== undefined);
  }

  private postItem(post: Post | undefined, reports: FieldReport[], terms: Term[]): SearchItem | null {
    if (!post) return null;
    const advisory = post.thread.getEntity().advisory;
    if (!this.policy.can(GUEST, Action.FindInSearch, { advisory, post: { state: post.state } })) return null;
    const report = post.isReport ? reports.find((r) => r.post.id === post.id) : undefined;
    const text = htmlToText(post.bodyHtml);
    const platform = report ? (report.platform?.getEntity().label ?? report.platformOther) : null;
    return {
      kind: post.isReport ? 'report' : 'post',
      url: postPath(advisory.id, post.number),
      advisoryId: advisory.id,
      advisoryUrl: advisoryPath(advisory.id),
      heading: [{ text: advisory.title, mark: false }],
      snippet: snippet(text, matchRanges(text, terms, 'body')),
      software: report?.software ? markText(report.software, matchRanges(report.software, terms, 'software')) : null,
      author: post.author.getEntity().username,
      number: post.number,
      date: post.createdAt,
      outcome: report?.outcome ?? null,
      platform,
      status: null,
    };
  }

  private issueItem(issue: KnownIssue | undefined, terms: Term[]): SearchItem | null {
    if (!issue) return null;
    const advisory = issue.advisory.getEntity();
    if (!this.policy.can(GUEST, Action.FindInSearch, { advisory })) return null;
    const body = knownIssueBody({ ...issue, advisoryId: advisory.id });
    return {
      kind: 'known-issue',
      url: `${knownIssuesPath(advisory.id)}#ki${issue.id}`,
      advisoryId: advisory.id,
      advisoryUrl: advisoryPath(advisory.id),
      heading: markText(issue.title, matchRanges(issue.title, terms, 'title')),
      snippet: snippet(body, matchRanges(body, terms, 'body')),
      software: issue.software ? markText(issue.software, matchRanges(issue.software, terms, 'software')) : null,
      author: null,
      number: null,
      date: issue.createdAt,
      outcome: null,
      platform: null,
      status: issue.status,
    };
  }

  private advisoryItem(advisory: Advisory | undefined, terms: Term[]): SearchItem | null {
    if (!advisory || !this.policy.can(GUEST, Action.FindInSearch, { advisory })) return null;
    const body = advisoryBody({ ...advisory, platformKeys: [] });
    return {
      kind: 'advisory',
      url: advisoryPath(advisory.id),
      advisoryId: advisory.id,
      advisoryUrl: advisoryPath(advisory.id),
      heading: markText(advisory.title, matchRanges(advisory.title, terms, 'title')),
      snippet: snippet(body, matchRanges(body, terms, 'body')),
      software: null,
      author: null,
      number: null,
      date: advisory.updatedOn,
      outcome: null,
      platform: null,
      status: null,
    };
  }
}
