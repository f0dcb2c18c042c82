import { LIMITS } from '../common/limits';
import { inflections } from './inflection';
import { bigrams, CURATED_KINDS, facet, normalizeText, pieces, Piece, quoteLexeme } from './search-text';

/** Longer queries are refused with a message (they are never what someone typed to find a symptom). */
export const MAX_QUERY_CHARS = LIMITS.searchQuery;
export const MAX_TERMS = 20;

/**
 * One condition of a query; all of them must hold (AND).
 * phrase: consecutive tokens in one field (a word, "ntoskrnl exe", the bigrams of "起動しない"); `prefix`
 * lets the last token be longer; `kbNumber` also accepts the KB word of that number ("885835" ↔ KB885835).
 * `forms`: a Japanese verb's other forms (起動しない: 起動し, 起動でき, …), matched in the second rank.
 * char: one Japanese character anywhere. facet: a filter token.
 */
export type Term =
  | { type: 'phrase'; tokens: string[]; prefix: boolean; field?: 'software'; kbNumber?: string; forms?: string[] }
  | { type: 'char'; char: string }
  | { type: 'facet'; token: string };

export type QueryProblem = 'tooLong' | 'tooManyTerms' | 'noTerms';

export interface ParsedQuery {
  terms: Term[];
  problem: QueryProblem | null;
}

const QUOTES = /["“”„]/;
const KB_NUMBER = /^\d{5,7}$/;

/**
 * The user's text as terms, built only from our own tokens (never passed to MATCH or tsquery as typed).
 * Unquoted: words joined by punctuation are a phrase ("MS04-044", "ntoskrnl.exe"), each Japanese run is a
 * term of its own, and Latin and Japanese are separate terms ("Backup失敗" = Backup AND 失敗).
 * "Quoted text" is one phrase across scripts. An unclosed quote runs to the end.
 */
export function parseQuery(raw: string, field?: 'software'): ParsedQuery {
  const trimmed = raw.trim();
  if (Array.from(trimmed).length > MAX_QUERY_CHARS) return { terms: [], problem: 'tooLong' };
  const text = normalizeText(trimmed);
  const terms: Term[] = [];
  text.split(QUOTES).forEach((segment, i) => {
    if (i % 2 === 1) {
      const term = quotedTerm(segment, field);
      if (term) terms.push(term);
      return;
    }
    for (const chunk of segment.split(/\s+/)) terms.push(...chunkTerms(chunk, field));
  });
  const seen = new Set<string>();
  const unique = terms.filter((t) => {
    const key = JSON.stringify(t);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length > MAX_TERMS) return { terms: [], problem: 'tooManyTerms' };
  return { terms: unique, problem: unique.length ? null : 'noTerms' };
}

function chunkTerms(chunk: string, field: 'software' | undefined): Term[] {
  const out: Term[] = [];
  let words: string[] = [];
  const flushWords = () => {
    if (!words.length) return;
    const kbNumber = !field && words.length === 1 && KB_NUMBER.test(words[0]) ? words[0] : undefined;
    out.push({ type: 'phrase', tokens: words, prefix: false, ...(field ? { field } : {}), ...(kbNumber ? { kbNumber } : {}) });
    words = [];
  };
  for (const p of pieces(chunk)) {
    if (p.type === 'word') {
      words.push(p.text);
      continue;
    }
    flushWords();
    out.push(runTerm(p.text, field, true));
  }
  flushWords();
  return out;
}

/** A Japanese run on its own: one character anywhere, one bigram, or a phrase of bigrams (unquoted, a verb in any form). */
function runTerm(run: string, field: 'software' | undefined, anyForm = false): Term {
  const chars = Array.from(run);
  if (chars.length === 1) return field ? { type: 'phrase', tokens: chars, prefix: true, field } : { type: 'char', char: run };
  const forms = anyForm && !field ? inflections(run) : null;
  return { type: 'phrase', tokens: bigrams(run), prefix: false, ...(field ? { field } : {}), ...(forms ? { forms } : {}) };
}

function quotedTerm(segment: string, field: 'software' | undefined): Term | null {
  const merged = joinJapaneseAcrossSpaces(segment, pieces(segment));
  if (merged.length === 0) return null;
  if (merged.length === 1 && merged[0].type === 'cjk') return runTerm(merged[0].text, field);
  const tokens: string[] = [];
  let prefix = false;
  merged.forEach((p, i) => {
    if (p.type === 'word') return void tokens.push(p.text);
    const chars = Array.from(p.text);
    const last = i === merged.length - 1;
    if (chars.length === 1) {
      tokens.push(p.text);
      // The document's run may go on after this character: it is then the start of a bigram.
      prefix = last;
    } else {
      tokens.push(...bigrams(p.text));
      // Inside the phrase the run ends where the quote's next word starts: the document's run does too.
      if (!last) tokens.push(chars[chars.length - 1]);
    }
  });
  return { type: 'phrase', tokens, prefix, ...(field ? { field } : {}) };
}

/** Japanese is written without spaces: "起動 しない" in quotes means 起動しない. */
function joinJapaneseAcrossSpaces(segment: string, list: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of list) {
    const prev = out[out.length - 1];
    if (prev && prev.type === 'cjk' && p.type === 'cjk' && /^\s*$/.test(segment.slice(prev.end, p.start))) {
      out[out.length - 1] = { ...prev, text: prev.text + p.text, end: p.end };
    } else out.push({ ...p });
  }
  return out;
}

/** A string in FTS5 query syntax: every token quoted, so nothing the user typed is an operator. */
function ftsString(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/** Whether some word of the query is a verb with other forms to look for. */
export function hasForms(terms: Term[]): boolean {
  return terms.some((t) => t.type === 'phrase' && t.forms);
}

/** The SQLite FTS5 MATCH expression for the terms (AND of all); `forms` lets each verb be in any of its forms. */
export function ftsMatch(terms: Term[], forms = false): string {
  return terms
    .map((t) => {
      if (t.type === 'char') return ftsString(`u_${t.char}`);
      if (t.type === 'facet') return ftsString(t.token);
      if (forms && t.forms) return `(${t.forms.map((f) => ftsString(bigrams(f).join(' '))).join(' OR ')})`;
      const phrase = `${ftsString(t.tokens.join(' '))}${t.prefix ? ' *' : ''}`;
      if (t.kbNumber) return `(${phrase} OR ${ftsString(`u_${t.kbNumber}`)})`;
      return t.field ? `${t.field} : ${phrase}` : phrase;
    })
    .join(' AND ');
}

/** The PostgreSQL tsquery for the terms: phrases with <->, the software field as weight B; `forms` as in ftsMatch. */
export function tsQuery(terms: Term[], forms = false): string {
  return terms
    .map((t) => {
      if (t.type === 'char') return quoteLexeme(`u_${t.char}`);
      if (t.type === 'facet') return quoteLexeme(t.token);
      if (forms && t.forms) return tsForms(t.forms);
      const weight = t.field === 'software' ? 'B' : '';
      const parts = t.tokens.map((token, i) => {
        const flags = `${t.prefix && i === t.tokens.length - 1 ? '*' : ''}${weight}`;
        return flags ? `${quoteLexeme(token)}:${flags}` : quoteLexeme(token);
      });
      const phrase = parts.length > 1 ? `(${parts.join(' <-> ')})` : parts[0];
      return t.kbNumber ? `(${phrase} | ${quoteLexeme(`u_${t.kbNumber}`)})` : phrase;
    })
    .join(' & ');
}

/**
 * A verb in any of its forms, the bigrams they share written once ('起動' <-> ('動し' | '動す' | …)): the same
 * matches, but the GIN index reads the shared bigram's doclist once instead of once per form (11 → 7 ms for 起動しない).
 */
function tsForms(forms: string[]): string {
  const grams = forms.map((f) => bigrams(f).map(quoteLexeme));
  let shared = 0;
  while (grams.every((g) => shared < g.length && g[shared] === grams[0][shared])) shared++;
  if (shared === 0) return `(${grams.map((g) => g.join(' <-> ')).join(' | ')})`;
  const head = grams[0].slice(0, shared).join(' <-> ');
  // A form that is the shared part alone matches wherever the longer ones do.
  if (grams.some((g) => g.length === shared)) return `(${head})`;
  return `(${head} <-> (${grams.map((g) => g.slice(shared).join(' <-> ')).join(' | ')}))`;
}

const CURATED = CURATED_KINDS.map(facet.kind);

/**
 * One tier of best-match order: an expression, read from the index of known issues and bulletins alone
 * (`curated`) or from the whole index.
 */
export interface Tier {
  expression: string;
  curated: boolean;
  /** Every token asked for is a title's: PostgreSQL reads the titles' own tsvector, not the whole documents'. */
  titles?: boolean;
}

/**
 * Best-match order as three tiers, each read newest first: (1) known issues and bulletins whose title holds
 * every term, (2) other known issues and bulletins, (3) posts and field reports. Unlike bm25, which counts
 * every match of every phrase on each query, each tier is read with a LIMIT like the newest order.
 * The curated tiers read their own small index: in the whole one, a common phrase's doclist was read to its
 * end to find the few curated documents among a million posts.
 * A verb's other forms come after all of these, curated first: what was typed ranks above what was inflected.
 */
export function ftsTiers(terms: Term[]): Tier[] {
  const exact = ftsExactTiers(terms);
  if (!hasForms(terms)) return exact;
  const all = ftsMatch(terms);
  const curated = `(${CURATED.map(ftsString).join(' OR ')})`;
  const other = `(${ftsMatch(terms, true)})`;
  return [
    ...exact,
    { expression: `${other} NOT (${all})`, curated: true },
    { expression: `(${other} NOT ${curated}) NOT (${all})`, curated: false },
  ];
}

function ftsExactTiers(terms: Term[]): Tier[] {
  const all = `(${ftsMatch(terms)})`;
  const curated = `(${CURATED.map(ftsString).join(' OR ')})`;
  const posts = { expression: `${all} NOT ${curated}`, curated: false };
  const inTitle = titleTerms(terms).map((t) => {
    if (t.type === 'char') return `title : ${ftsString(t.char)} *`;
    const phrase = `title : ${ftsString(t.tokens.join(' '))}${t.prefix ? ' *' : ''}`;
    return t.kbNumber ? `(${phrase} OR title : ${ftsString(`kb${t.kbNumber}`)})` : phrase;
  });
  if (!inTitle.length) return [{ expression: all, curated: true }, posts];
  const title = `(${inTitle.join(' AND ')})`;
  return [titleTier(terms, inTitle, title, `${all} AND ${title}`), { expression: `${all} NOT ${title}`, curated: true }, posts];
}

/** The same tiers as tsqueries (the title is weight A). */
export function tsTiers(terms: Term[]): Tier[] {
  const exact = tsExactTiers(terms);
  if (!hasForms(terms)) return exact;
  const all = tsQuery(terms);
  const curated = `(${CURATED.map(quoteLexeme).join(' | ')})`;
  const other = `(${tsQuery(terms, true)})`;
  return [
    ...exact,
    { expression: `${other} & !(${all})`, curated: true },
    { expression: `${other} & !${curated} & !(${all})`, curated: false },
  ];
}

function tsExactTiers(terms: Term[]): Tier[] {
  const all = `(${tsQuery(terms)})`;
  const curated = `(${CURATED.map(quoteLexeme).join(' | ')})`;
  const posts = { expression: `${all} & !${curated}`, curated: false };
  const inTitle = titleTerms(terms).map((t) => {
    if (t.type === 'char') return `${quoteLexeme(t.char)}:*A`;
    const parts = t.tokens.map((token, i) => `${quoteLexeme(token)}:${t.prefix && i === t.tokens.length - 1 ? '*' : ''}A`);
    const phrase = parts.length > 1 ? `(${parts.join(' <-> ')})` : parts[0];
    return t.kbNumber ? `(${phrase} | ${quoteLexeme(`kb${t.kbNumber}`)}:A)` : phrase;
  });
  if (!inTitle.length) return [{ expression: all, curated: true }, posts];
  const title = `(${inTitle.join(' & ')})`;
  return [titleTier(terms, inTitle, title, `${all} & ${title}`), { expression: `${all} & !${title}`, curated: true }, posts];
}

/**
 * The first tier: when every term is a title term, the title alone (every term in the title is every term), else
 * both. A phrase in many bodies and no title made `all AND title` read the phrase's whole doclist for nothing.
 * The title alone is marked `titles`: on PostgreSQL it is read from the titles' own tsvector.
 */
function titleTier(terms: Term[], inTitle: string[], title: string, both: string): Tier {
  const titles = inTitle.length === terms.length;
  return { expression: titles ? title : both, curated: true, titles };
}

/** The words and characters typed (not filters, not the software field). */
function titleTerms(terms: Term[]) {
  return terms.filter((t): t is Extract<Term, { type: 'phrase' | 'char' }> => t.type === 'char' || (t.type === 'phrase' && !t.field));
}
