import { Inject, Injectable } from '@nestjs/common';
import { AdvisoryStatus } from '../advisories/advisory.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { rowBool, rowDate, rowJson } from '../database/sql';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST } from '../policy/viewer';
import { PostState } from '../policy/rules/subjects';
import { bodySnippet, markText, matchRanges, TextPart } from './highlight';
import { ftsMatch, ftsTiers, Term, Tier, tsQuery, tsTiers } from './search-query';
import { AdvisoryFacts, advisorySections, htmlToText, knownIssueBody } from './search-sources';
import { ResultAdvisoryRow, ResultIssueRow, ResultPostRow, SearchRepository } from './search.repository';
import { SearchKind } from './search-text';
import { advisoryPath, knownIssuePath, postPath } from '../paths';

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
/**
 * A count that passed COUNT_LIMIT is not taken again for this long: "1,000+" stays true while posts are added, and
 * only removing hundreds of matches could make it false. Smaller counts are taken every time (a new post shows at once).
 */
export const MANY_SECONDS = 60;
/** Expressions remembered as having more than COUNT_LIMIT matches, the least recently counted dropped first. */
const MANY_KEPT = 1000;

/** The read side of search: the index answers with ids, the rows give the text, the highlighter marks it. */
@Injectable()
export class SearchService {
  private readonly engine: 'sqlite' | 'postgresql';
  private filters: { options: FilterOptions; until: number } | null = null;
  /** Expression → until when it is known to have more than COUNT_LIMIT matches (see MANY_SECONDS). */
  private readonly manyUntil = new Map<string, number>();

  constructor(
    private readonly repo: SearchRepository,
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

  private readFilterOptions(): Promise<FilterOptions> {
    return this.repo.filterOptions();
  }

  async search(terms: Term[], order: SearchOrder, after: Cursor | null, display: Term[]): Promise<SearchResult> {
    // Counted beside the curated tiers (on PostgreSQL, on another connection); the posts tier waits for it.
    const counting = this.count(this.expression(terms));
    const many = counting.then((n) => n > COUNT_LIMIT);
    // A failed count fails the search through Promise.all, whether or not a tier waited for `many`.
    many.catch(() => undefined);
    const [rows, count] = await Promise.all([this.page(terms, order, after, many), counting]);
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

  /** Matches up to one more than COUNT_LIMIT; an expression known to pass it (MANY_SECONDS) is not counted again. */
  private async count(expression: string): Promise<number> {
    const until = this.manyUntil.get(expression);
    if (until !== undefined && until > Date.now()) return COUNT_LIMIT + 1;
    const n = await this.repo.count(expression, COUNT_LIMIT);
    this.manyUntil.delete(expression);
    if (n > COUNT_LIMIT) {
      if (this.manyUntil.size >= MANY_KEPT) this.manyUntil.delete(this.manyUntil.keys().next().value!);
      this.manyUntil.set(expression, Date.now() + MANY_SECONDS * 1000);
    }
    return n;
  }

  /** Every match, a verb in any of its forms included (newest order, the count). */
  private expression(terms: Term[]): string {
    return this.engine === 'sqlite' ? ftsMatch(terms, true) : tsQuery(terms, true);
  }

  /**
   * One page plus one row (to know there is a next page), by keyset: no OFFSET. Best match reads its tiers in turn.
   * `many`: more matches than the count reads, which lets the repository read the newest documents first.
   */
  private async page(
    terms: Term[],
    order: SearchOrder,
    after: Cursor | null,
    many: Promise<boolean>,
  ): Promise<{ id: number; tier: number }[]> {
    const sqlite = this.engine === 'sqlite';
    const tiers: Tier[] =
      order === 'newest' ? [{ expression: this.expression(terms), curated: false }] : sqlite ? ftsTiers(terms) : tsTiers(terms);
    const rows: { id: number; tier: number }[] = [];
    for (let tier = after?.tier ?? 0; tier < tiers.length && rows.length <= PAGE_SIZE; tier++) {
      const below = after && tier === (after.tier ?? 0) ? after.id : null;
      const found = await this.repo.matches(tiers[tier].expression, below, PAGE_SIZE + 1 - rows.length, {
        curated: tiers[tier].curated,
        titles: tiers[tier].titles,
        many: !tiers[tier].curated && (await many),
      });
      rows.push(...found.map((id) => ({ id, tier })));
    }
    return rows;
  }

  /**
   * The documents behind the ids, in the same order, checked once more against what a guest may see.
   * Raw rows, not entities: hydrating posts with their thread, bulletin and author cost more than the search.
   */
  private async items(ids: number[], terms: Term[]): Promise<SearchItem[]> {
    if (!ids.length) return [];
    const docs = await this.repo.documents(ids);
    const of = (kinds: SearchKind[]) => docs.filter((d) => kinds.includes(d.kind)).map((d) => d.source_id);
    const postIds = of(['post', 'report']).map(Number);
    const issueIds = of(['known-issue']).map(Number);
    const advisoryIds = of(['advisory']);
    const posts = await this.repo.posts(postIds);
    const issues = await this.repo.issues(issueIds);
    const advisories = await this.repo.advisories(advisoryIds);

    const built = new Map<number, SearchItem>();
    // Bulletins whose snippet read on to their file names, built again once those are read (one query for all).
    const pending: { id: number; row: ResultAdvisoryRow }[] = [];
    for (const d of docs) {
      const advisory = d.kind === 'advisory' ? advisories.find((a) => a.id === d.source_id) : undefined;
      const item =
        d.kind === 'advisory'
          ? this.advisoryItem(advisory, terms)
          : d.kind === 'known-issue'
            ? this.issueItem(
                issues.find((i) => String(i.id) === d.source_id),
                terms,
              )
            : this.postItem(
                posts.find((p) => String(p.id) === d.source_id),
                terms,
              );
      if (item === 'packages') pending.push({ id: Number(d.id), row: advisory! });
      else if (item) built.set(Number(d.id), item);
    }
    if (pending.length) {
      const packages = await this.repo.packages(pending.map((p) => p.row.id));
      for (const p of pending) {
        const item = this.advisoryItem(p.row, terms, packages.get(p.row.id) ?? '[]');
        if (item && item !== 'packages') built.set(p.id, item);
      }
    }
    return ids.map((id) => built.get(id)).filter((x): x is SearchItem => x !== undefined);
  }

  private findable(status: AdvisoryStatus, postState?: PostState): boolean {
    return this.policy.can(GUEST, Action.FindInSearch, {
      advisory: { isPublished: status === AdvisoryStatus.Published },
      ...(postState ? { post: { state: postState } } : {}),
    });
  }

  private postItem(post: ResultPostRow | undefined, terms: Term[]): SearchItem | null {
    if (!post || !this.findable(post.status, post.state)) return null;
    const isReport = rowBool(post.is_report);
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
      date: rowDate(post.created_at)!,
      outcome: isReport ? post.outcome : null,
      platform: isReport ? (post.platform_label ?? post.platform_other) : null,
      status: null,
    };
  }

  private issueItem(issue: ResultIssueRow | undefined, terms: Term[]): SearchItem | null {
    if (!issue || !this.findable(issue.advisory_status)) return null;
    const body = knownIssueBody({ ...issue, references: rowJson<string[]>(issue.refs), platforms: [], advisoryId: issue.advisory_id });
    return {
      kind: 'known-issue',
      url: knownIssuePath(issue.advisory_id, issue.id),
      advisoryId: issue.advisory_id,
      advisoryUrl: advisoryPath(issue.advisory_id),
      heading: markText(issue.title, matchRanges(issue.title, terms, 'title')),
      snippet: bodySnippet(body, terms),
      software: issue.software ? markText(issue.software, matchRanges(issue.software, terms, 'software')) : null,
      author: null,
      number: null,
      date: rowDate(issue.created_at)!,
      outcome: null,
      platform: null,
      status: issue.status,
    };
  }

  /**
   * A bulletin's result. Its file names (`packages`, read apart) come last in its text: without them, 'packages' says
   * that the snippet got that far and the result is to be built again with them.
   */
  private advisoryItem(a: ResultAdvisoryRow | undefined, terms: Term[], packages?: unknown): SearchItem | 'packages' | null {
    if (!a || !this.findable(a.status)) return null;
    let reached = false;
    // The JSON columns are parsed only when the snippet reads that far (most matches are in the summary or a note).
    const body = advisorySections({
      id: a.id,
      get kb() {
        return rowJson<AdvisoryFacts['kb']>(a.kb);
      },
      title: a.title,
      officialTitle: a.official_title,
      summary: a.summary,
      get vulnerabilities() {
        return rowJson<AdvisoryFacts['vulnerabilities']>(a.vulnerabilities);
      },
      get editorNotes() {
        return rowJson<AdvisoryFacts['editorNotes']>(a.editor_notes);
      },
      get packages() {
        reached = packages === undefined;
        return reached ? [] : rowJson<AdvisoryFacts['packages']>(packages);
      },
      get references() {
        return rowJson<AdvisoryFacts['references']>(a.refs);
      },
      platformKeys: [],
    });
    const snippet = bodySnippet(body, terms);
    if (reached) return 'packages';
    return {
      kind: 'advisory',
      url: advisoryPath(a.id),
      advisoryId: a.id,
      advisoryUrl: advisoryPath(a.id),
      heading: markText(a.title, matchRanges(a.title, terms, 'title')),
      snippet,
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
