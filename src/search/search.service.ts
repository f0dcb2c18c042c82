import { Inject, Injectable } from '@nestjs/common';
import { AdvisoryStatus } from '../advisories/advisory.entity';
import { advisoryPath } from '../advisories/advisory.view-model';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { knownIssuesPath } from '../known-issues/known-issue.view-model';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST } from '../policy/viewer';
import { PostState } from '../policy/rules/subjects';
import { postPath } from '../threads/thread-page.service';
import { bodySnippet, markText, matchRanges, TextPart } from './highlight';
import { ftsMatch, ftsTiers, Term, tsQuery, tsTiers } from './search-query';
import { advisoryBody, htmlToText, knownIssueBody } from './search-sources';
import { truthy } from './search-index.service';
import { SearchKind } from './search-text';

export type SearchOrder = 'best' | 'newest';

/** Where the next page starts: the last row's id and, in best-match order, its tier. */
export interface Cursor {
  id: number;
  tier?: number;
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
const FILTER_SECONDS = 30;

export interface FilterOptions {
  advisories: string[];
  platforms: { key: string; label: string }[];
  software: string[];
}
/** Counting stops here ("1,000+"): a count of every match of a common bigram would cost more than the page. */
export const COUNT_LIMIT = 1000;

/** The read side of search: the index answers with ids, the rows give the text, the highlighter marks it. */
@Injectable()
export class SearchService {
  private readonly engine: 'sqlite' | 'postgresql';
  private filters: { options: FilterOptions; until: number } | null = null;

  constructor(
    private readonly reader: ReadSql,
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.engine = config.database.engine;
  }

  /**
   * The choices of the filter selects: published bulletins, their platforms, the software named in known issues.
   * Read at most every FILTER_SECONDS: they cost more than a search, and a choice appearing a little late hides no result.
   */
  async filterOptions(): Promise<FilterOptions> {
    if (this.filters && this.filters.until > Date.now()) return this.filters.options;
    const options = await this.readFilterOptions();
    this.filters = { options, until: Date.now() + FILTER_SECONDS * 1000 };
    return options;
  }

  private async readFilterOptions(): Promise<FilterOptions> {
    const published = `a.status = 'published'`;
    const advisories = await this.reader.all<{ id: string }>(
      `select a.id as id from advisories a where ${published} order by a.updated_on desc, a.id desc limit 1000`,
    );
    const platforms = await this.reader.all<{ key: string; label: string }>(
      `select p.key as key, min(p.label) as label from advisory_platforms p join advisories a on a.id = p.advisory_id where ${published} group by p.key order by p.key`,
    );
    const software = await this.reader.all<{ software: string }>(
      `select distinct k.software as software from known_issues k join advisories a on a.id = k.advisory_id where ${published} and k.software <> '' order by k.software limit 100`,
    );
    return { advisories: advisories.map((a) => a.id), platforms, software: software.map((s) => s.software) };
  }

  async search(terms: Term[], order: SearchOrder, after: Cursor | null, display: Term[]): Promise<SearchResult> {
    const rows = await this.page(terms, order, after);
    const [{ n }] = await this.reader.all<{ n: number | string }>(this.countSql(), [this.expression(terms)]);
    const count = Number(n);
    const shown = rows.slice(0, PAGE_SIZE);
    const last = shown[shown.length - 1];
    return {
      items: await this.items(
        shown.map((r) => r.id),
        display,
      ),
      total: Math.min(count, COUNT_LIMIT),
      more: count > COUNT_LIMIT,
      next: rows.length > PAGE_SIZE && last ? { id: last.id, ...(order === 'best' ? { tier: last.tier } : {}) } : null,
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

  /** One page plus one row (to know there is a next page), by keyset: no OFFSET. Best match reads its tiers in turn. */
  private async page(terms: Term[], order: SearchOrder, after: Cursor | null): Promise<{ id: number; tier: number }[]> {
    const sqlite = this.engine === 'sqlite';
    const expressions = order === 'newest' ? [this.expression(terms)] : sqlite ? ftsTiers(terms) : tsTiers(terms);
    const rows: { id: number; tier: number }[] = [];
    for (let tier = after?.tier ?? 0; tier < expressions.length && rows.length <= PAGE_SIZE; tier++) {
      const below = after && tier === (after.tier ?? 0) ? after.id : null;
      const query = sqlite
        ? `select rowid as id from search_fts where search_fts match ?${below ? ' and rowid < ?' : ''} order by rowid desc limit ?`
        : `select id from search_fts where tsv @@ ?::tsquery${below ? ' and id < ?' : ''} order by id desc limit ?`;
      const limit = PAGE_SIZE + 1 - rows.length;
      const found = await this.reader.all<{ id: number }>(query, below ? [expressions[tier], below, limit] : [expressions[tier], limit]);
      rows.push(...found.map((r) => ({ id: Number(r.id), tier })));
    }
    return rows;
  }

  /**
   * The documents behind the ids, in the same order, checked once more against what a guest may see.
   * Raw rows, not entities: hydrating posts with their thread, bulletin and author cost more than the search.
   */
  private async items(ids: number[], terms: Term[]): Promise<SearchItem[]> {
    if (!ids.length) return [];
    const docs = await this.reader.all<{ id: number; kind: SearchKind; source_id: string }>(
      `select id, kind, source_id from search_documents where indexed = true and id in (${marks(ids)})`,
      ids,
    );
    const of = (kinds: SearchKind[]) => docs.filter((d) => kinds.includes(d.kind)).map((d) => d.source_id);
    const postIds = of(['post', 'report']).map(Number);
    const issueIds = of(['known-issue']).map(Number);
    const advisoryIds = of(['advisory']);
    const date = this.engine === 'postgresql' ? (c: string) => `to_char(${c}, 'YYYY-MM-DD')` : (c: string) => c;
    const posts = postIds.length
      ? await this.reader.all<PostRow>(
          `select p.id as id, p.number as number, p.body_html as body_html, p.is_report as is_report, p.state as state, p.created_at as created_at,
             t.advisory_id as advisory_id, a.status as status, a.title as advisory_title, u.username as username,
             r.software as software, r.outcome as outcome, r.platform_other as platform_other, pl.label as platform_label
           from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id join users u on u.id = p.author_id
           left join field_reports r on r.post_id = p.id left join advisory_platforms pl on pl.id = r.platform_id
           where p.id in (${marks(postIds)})`,
          postIds,
        )
      : [];
    const issues = issueIds.length
      ? await this.reader.all<IssueRow>(
          `select k.id as id, k.title as title, k.symptom as symptom, k.software as software, k.workaround as workaround, k.resolution as resolution,
             k."references" as refs, k.status as status, k.created_at as created_at, k.advisory_id as advisory_id, a.status as advisory_status
           from known_issues k join advisories a on a.id = k.advisory_id where k.id in (${marks(issueIds)})`,
          issueIds,
        )
      : [];
    const advisories = advisoryIds.length
      ? await this.reader.all<AdvisoryRow>(
          `select id, kb, title, official_title, summary, vulnerabilities, editor_notes, packages, "references" as refs, status, ${date('updated_on')} as updated_on
           from advisories where id in (${marks(advisoryIds)})`,
          advisoryIds,
        )
      : [];

    const built = new Map<number, SearchItem>();
    for (const d of docs) {
      const item =
        d.kind === 'advisory'
          ? this.advisoryItem(
              advisories.find((a) => a.id === d.source_id),
              terms,
            )
          : d.kind === 'known-issue'
            ? this.issueItem(
                issues.find((i) => String(i.id) === d.source_id),
                terms,
              )
            : this.postItem(
                posts.find((p) => String(p.id) === d.source_id),
                terms,
              );
      if (item) built.set(Number(d.id), item);
    }
    return ids.map((id) => built.get(id)).filter((x): x is SearchItem => x !== undefined);
  }

  private findable(status: AdvisoryStatus, postState?: PostState): boolean {
    return this.policy.can(GUEST, Action.FindInSearch, {
      advisory: { isPublished: status === AdvisoryStatus.Published },
      ...(postState ? { post: { state: postState } } : {}),
    });
  }

  private postItem(post: PostRow | undefined, terms: Term[]): SearchItem | null {
    if (!post || !this.findable(post.status, post.state)) return null;
    const isReport = truthy(post.is_report);
    const text = htmlToText(post.body_html);
    return {
      kind: isReport ? 'report' : 'post',
      url: postPath(post.advisory_id, Number(post.number)),
      advisoryId: post.advisory_id,
      advisoryUrl: advisoryPath(post.advisory_id),
      heading: [{ text: post.advisory_title, mark: false }],
      snippet: bodySnippet(text, terms),
      software: isReport && post.software ? markText(post.software, matchRanges(post.software, terms, 'software')) : null,
      author: post.username,
      number: Number(post.number),
      date: new Date(post.created_at as string),
      outcome: isReport ? post.outcome : null,
      platform: isReport ? (post.platform_label ?? post.platform_other) : null,
      status: null,
    };
  }

  private issueItem(issue: IssueRow | undefined, terms: Term[]): SearchItem | null {
    if (!issue || !this.findable(issue.advisory_status)) return null;
    const body = knownIssueBody({ ...issue, references: json<string[]>(issue.refs), platforms: [], advisoryId: issue.advisory_id });
    return {
      kind: 'known-issue',
      url: `${knownIssuesPath(issue.advisory_id)}#ki${issue.id}`,
      advisoryId: issue.advisory_id,
      advisoryUrl: advisoryPath(issue.advisory_id),
      heading: markText(issue.title, matchRanges(issue.title, terms, 'title')),
      snippet: bodySnippet(body, terms),
      software: issue.software ? markText(issue.software, matchRanges(issue.software, terms, 'software')) : null,
      author: null,
      number: null,
      date: new Date(issue.created_at as string),
      outcome: null,
      platform: null,
      status: issue.status,
    };
  }

  private advisoryItem(a: AdvisoryRow | undefined, terms: Term[]): SearchItem | null {
    if (!a || !this.findable(a.status)) return null;
    const body = advisoryBody({
      id: a.id,
      kb: json(a.kb),
      title: a.title,
      officialTitle: a.official_title,
      summary: a.summary,
      vulnerabilities: json(a.vulnerabilities),
      editorNotes: json(a.editor_notes),
      packages: json(a.packages),
      references: json(a.refs),
      platformKeys: [],
    });
    return {
      kind: 'advisory',
      url: advisoryPath(a.id),
      advisoryId: a.id,
      advisoryUrl: advisoryPath(a.id),
      heading: markText(a.title, matchRanges(a.title, terms, 'title')),
      snippet: bodySnippet(body, terms),
      software: null,
      author: null,
      number: null,
      date: a.updated_on,
      outcome: null,
      platform: null,
      status: null,
    };
  }
}

interface PostRow {
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

interface IssueRow {
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

interface AdvisoryRow {
  id: string;
  kb: unknown;
  title: string;
  official_title: string | null;
  summary: string;
  vulnerabilities: unknown;
  editor_notes: unknown;
  packages: unknown;
  refs: unknown;
  status: AdvisoryStatus;
  updated_on: string;
}

const marks = (list: unknown[]) => list.map(() => '?').join(', ');

/** JSON columns: text from SQLite, already parsed from PostgreSQL. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
