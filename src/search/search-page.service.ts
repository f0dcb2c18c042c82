import { Injectable } from '@nestjs/common';
import { normalizeAdvisoryId, PLATFORM_KEY } from '../advisories/advisory-format';
import { rowId } from '../common/http/row-id';
import { LIMITS } from '../common/limits';
import { OUTCOMES } from '../field-reports/field-report.entity';
import { Cursor, PAGE_SIZE, SearchOrder, SearchResult, SearchService } from './search.service';
import { MAX_QUERY_CHARS, MAX_TERMS, parseQuery, Term } from './search-query';
import { facet, SEARCH_KINDS, SearchKind } from './search-text';
import { searchPath } from '../paths';

const PARAMS = ['q', 'kind', 'advisory', 'platform', 'outcome', 'software', 'order', 'after'] as const;
type Form = Record<(typeof PARAMS)[number], string>;

const BEST_CURSOR = /^([0-4])_(\d{1,12})$/;

interface Problem {
  key: string;
  status: 200 | 400;
  params?: Record<string, unknown>;
}

/** The search page: the form as typed, its problem if any (400 when the form cannot be searched), and a page of results. */
@Injectable()
export class SearchPageService {
  constructor(private readonly search: SearchService) {}

  async page(query: Record<string, unknown>): Promise<{ status: number; model: object }> {
    const { form, malformed } = readForm(query);
    const options = await this.search.filterOptions();
    const checked = malformed ? { problem: { key: 'search.invalid', status: 400 } as Problem } : check(form);
    let result: SearchResult | null = null;
    if (!checked.problem && checked.terms && checked.terms.length) {
      result = await this.search.search(checked.terms, checked.order!, checked.after ?? null, checked.terms);
    }
    const order: SearchOrder = checked.order ?? (form.q.trim() ? 'best' : 'newest');
    return {
      status: checked.problem?.status ?? 200,
      model: {
        titleKey: 'search.title',
        form,
        // The bulletin select's options are built once per list (the valueOptions helper); this one is marked.
        chosenAdvisory: normalizeAdvisoryId(form.advisory),
        problem: checked.problem ? { key: checked.problem.key, ...checked.problem.params } : null,
        // The box is marked only when the words themselves are the problem (not a filter).
        queryInvalid: checked.problem?.key === 'search.tooLong' || checked.problem?.key === 'search.tooManyTerms',
        options: {
          kinds: SEARCH_KINDS.map((k) => ({ value: k, key: `search.kind.${k}`, selected: k === form.kind })),
          advisories: options.advisories,
          platforms: options.platforms.map((p) => ({ value: p.key, label: p.label, selected: p.key === form.platform })),
          outcomes: OUTCOMES.map((o) => ({ value: o, key: `outcome.${o}`, selected: o === form.outcome })),
          orders: (['best', 'newest'] as const).map((o) => ({ value: o, key: `search.order.${o}`, selected: o === order })),
          software: options.software,
        },
        result: result && {
          ...result,
          items: result.items.map((i) => ({
            ...i,
            kindKey: `search.kind.${i.kind}`,
            outcomeKey: i.outcome ? `outcome.${i.outcome}` : null,
            statusKey: i.status ? `knownIssue.status.${i.status}` : null,
            isPost: i.kind === 'post' || i.kind === 'report',
          })),
          nextUrl: result.next ? pageUrl(form, order, result.next) : null,
          firstUrl: form.after ? pageUrl(form, order, null) : null,
          hasPager: Boolean(result.next || form.after),
          pageSize: PAGE_SIZE,
        },
      },
    };
  }
}

/** Every parameter as a string ("" when absent); repeated or nested parameters make the form malformed. */
function readForm(query: Record<string, unknown>): { form: Form; malformed: boolean } {
  let malformed = false;
  const form = {} as Form;
  for (const name of PARAMS) {
    const v = query[name];
    if (v === undefined) form[name] = '';
    else if (typeof v === 'string') form[name] = v;
    else {
      malformed = true;
      form[name] = Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
    }
  }
  return { form, malformed };
}

function check(form: Form): { problem?: Problem; terms?: Term[]; order?: SearchOrder; after?: Cursor } {
  const invalid = { problem: { key: 'search.invalid', status: 400 } as Problem };
  const parsed = parseQuery(form.q);
  if (parsed.problem === 'tooLong')
    return { problem: { key: 'search.tooLong', status: 400, params: { max: MAX_QUERY_CHARS, length: Array.from(form.q.trim()).length } } };
  if (parsed.problem === 'tooManyTerms') return { problem: { key: 'search.tooManyTerms', status: 400, params: { max: MAX_TERMS } } };
  if (form.kind && !(SEARCH_KINDS as readonly string[]).includes(form.kind)) return invalid;
  const advisory = form.advisory ? normalizeAdvisoryId(form.advisory) : null;
  if (form.advisory && !advisory) return invalid;
  if (form.platform && !PLATFORM_KEY.test(form.platform)) return invalid;
  if (form.outcome && !(OUTCOMES as readonly string[]).includes(form.outcome)) return invalid;
  if (Array.from(form.software).length > LIMITS.searchSoftware)
    return { problem: { key: 'search.softwareTooLong', status: 400, params: { max: LIMITS.searchSoftware } } };
  if (form.order && form.order !== 'best' && form.order !== 'newest') return invalid;

  const filters: Term[] = [];
  if (form.kind) filters.push({ type: 'facet', token: facet.kind(form.kind as SearchKind) });
  if (advisory) filters.push({ type: 'facet', token: facet.advisory(advisory) });
  if (form.platform) filters.push({ type: 'facet', token: facet.platform(form.platform) });
  if (form.outcome) filters.push({ type: 'facet', token: facet.outcome(form.outcome) });
  // Related software is matched as one phrase in that field: "Backup Exec", not "Exec … Backup".
  const software = form.software.trim() ? parseQuery(`"${form.software.replace(/["“”„]/g, ' ')}"`, 'software') : null;
  if (software?.problem === 'tooManyTerms') return { problem: { key: 'search.tooManyTerms', status: 400, params: { max: MAX_TERMS } } };
  filters.push(...(software?.terms ?? []));

  // Without words, the filters alone list what they select, newest first.
  const order: SearchOrder = parsed.terms.length ? (form.order as SearchOrder) || 'best' : 'newest';
  let after: Cursor | undefined;
  if (form.after) {
    const best = BEST_CURSOR.exec(form.after);
    const id = rowId(order === 'newest' ? form.after : best?.[2]);
    if (order === 'newest' && id !== null) after = { id };
    else if (order === 'best' && best && id !== null) after = { tier: Number(best[1]), id };
    else return invalid;
  }
  if (parsed.problem === 'noTerms' && form.q.trim()) return { problem: { key: 'search.noTerms', status: 200 }, order };
  return { terms: [...parsed.terms, ...filters], order, after };
}

function pageUrl(form: Form, order: SearchOrder, after: Cursor | null): string {
  const { q, kind, advisory, platform, outcome, software } = form;
  return searchPath({
    q,
    kind,
    advisory,
    platform,
    outcome,
    software,
    order,
    after: after && (after.tier === undefined ? after.id : `${after.tier}_${after.id}`),
  });
}
