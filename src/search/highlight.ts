import { Term } from './search-query';
import { analyze, bigrams, normalizeWithOffsets, runOf, Token } from './search-text';

/** A piece of displayed text; templates escape `text` and wrap marked pieces in <mark>. */
export interface TextPart {
  text: string;
  mark: boolean;
}

export type Field = 'title' | 'software' | 'body';
type Range = [number, number];
const KB_NUMBER_OF = /^kb(\d{5,7})$/;

/**
 * Where the terms match in the ORIGINAL text (UTF-16 ranges, sorted, merged): the same token stream as the
 * index is matched on the normalized text, then mapped back, so ｶｰﾈﾙ is marked when カーネル was searched.
 */
export function matchRanges(original: string, terms: Term[], field: Field): Range[] {
  if (!original) return [];
  const norm = normalizeWithOffsets(original);
  // A phrase of one Japanese run's bigrams is that run (null for any other term).
  const runs = terms.map((t) => (t.type === 'phrase' ? runOf(t.tokens) : null));
  // Every token is a substring of the normalized text ("kb885835" but for its number: "KB 885835" is that word too),
  // and a Japanese phrase's bigrams are its run: without the run, or the first token of some term, nothing can match.
  const possible = terms.some((t, k) =>
    t.type === 'char'
      ? norm.text.includes(t.char)
      : t.type === 'phrase' &&
        (!t.field || t.field === field) &&
        [runs[k] ?? KB_NUMBER_OF.exec(t.tokens[0])?.[1] ?? t.tokens[0], ...(t.forms ?? [])].some((s) => norm.text.includes(s)),
  );
  if (!possible) return [];
  // Tokens only for what needs them: a Japanese character, or a phrase of one run's bigrams, matches wherever its
  // characters stand in a row (they are Japanese, so they are one run's).
  let tokens: Token[] | null = null;
  const found: Range[] = [];
  // Ranges in the original text already: a verb's other forms, matched as phrases of their own.
  const inflected: Range[] = [];
  for (const [k, term] of terms.entries()) {
    if (term.type === 'facet') continue;
    if (term.type === 'char') {
      occurrences(norm.text, term.char, found);
      continue;
    }
    if (term.field && term.field !== field) continue;
    // A verb's other forms are marked as what was typed is (起動し in 起動しなくなる).
    const forms = (term.forms ?? []).map((f): Term => ({ type: 'phrase', tokens: bigrams(f), prefix: false }));
    if (forms.length) inflected.push(...matchRanges(original, forms, field));
    const run = runs[k];
    if (run) {
      occurrences(norm.text, run, found);
      continue;
    }
    tokens ??= analyze(norm.text).tokens;
    const n = term.tokens.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        const have = tokens[i + j].text;
        const want = term.tokens[j];
        ok = term.prefix && j === n - 1 ? have.startsWith(want) : have === want;
      }
      if (!ok && term.kbNumber) ok = tokens[i].text === `kb${term.kbNumber}`;
      if (!ok) continue;
      const last = tokens[i + n - 1];
      // A prefix marks only what was typed: "の" in のジ.
      found.push([tokens[i].start, term.prefix ? Math.min(last.end, last.start + term.tokens[n - 1].length) : last.end]);
    }
  }
  const mapped = [...found.map(([s, e]): Range => [norm.from(s), norm.to(e - 1)]), ...inflected].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const r of mapped) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Every place `needle` stands in `text`, overlapping ones included, as the token stream finds them. */
function occurrences(text: string, needle: string, found: Range[]): void {
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) found.push([i, i + needle.length]);
}

// A snippet shows 160 characters: a chunk a few times that is enough, and chunks without a term's first token are never analysed.
export const SNIPPET_CHUNK = 600;
const OVERLAP = 200;

/**
 * The snippet of a long body without analysing all of it: chunks (overlapping, starting after whitespace so
 * no word is cut) are matched in turn until one holds a match. A bulletin's body runs to many kilobytes; given as
 * sections (joined by "\n", empty ones left out), it is built only as far as the snippet needs.
 */
export function bodySnippet(body: string | Iterable<string>, terms: Term[], length = 160): TextPart[] {
  const reach = typeof body === 'string' ? () => body : reader(body);
  let original = reach(SNIPPET_CHUNK);
  if (original.length <= SNIPPET_CHUNK) return snippet(original, matchRanges(original, terms, 'body'), length);
  for (let start = 0; start < original.length;) {
    original = reach(start + SNIPPET_CHUNK);
    const end = Math.min(original.length, start + SNIPPET_CHUNK);
    const ranges = matchRanges(original.slice(start, end), terms, 'body');
    // A match this close to the chunk's end may be cut; the next chunk, overlapping, sees it whole.
    const usable = ranges.filter(([, e]) => end === original.length || e <= end - start - OVERLAP / 2);
    if (usable.length)
      return snippet(
        reach(start + ranges[0][0] + length + 1),
        ranges.map(([s, e]): Range => [s + start, e + start]),
        length,
      );
    if (end === original.length) break;
    let next = end - OVERLAP;
    while (next < end && !/\s/.test(original[next])) next++;
    // Japanese has no spaces: then the overlap starts mid-run, which splits no Latin word.
    start = next < end ? next + 1 : end - OVERLAP;
  }
  return snippet(reach(length + 1), [], length);
}

/** The text of sections as far as needed: reach(n) is longer than n characters, or the whole text. */
function reader(sections: Iterable<string>): (n: number) => string {
  const rest = sections[Symbol.iterator]();
  let text = '';
  let whole = false;
  return (n) => {
    while (!whole && text.length <= n) {
      const next = rest.next();
      if (next.done) whole = true;
      else if (next.value) text = text ? `${text}\n${next.value}` : next.value;
    }
    return text;
  };
}

/** The whole text in parts, matches marked (titles). */
export function markText(original: string, ranges: Range[]): TextPart[] {
  return partsOf(original, 0, original.length, ranges);
}

/** About `length` characters around the first match (or the beginning), whitespace collapsed, "…" where cut. */
export function snippet(original: string, ranges: Range[], length = 160): TextPart[] {
  if (original.length <= length) return tidy(partsOf(original, 0, original.length, ranges));
  let start = Math.max(0, (ranges[0]?.[0] ?? 0) - 40);
  if (start > 0 && isLowSurrogate(original.charCodeAt(start))) start--;
  let end = Math.min(original.length, start + length);
  if (end < original.length && isLowSurrogate(original.charCodeAt(end))) end++;
  const parts = partsOf(original, start, end, ranges);
  if (start > 0) parts.unshift({ text: '…', mark: false });
  if (end < original.length) parts.push({ text: '…', mark: false });
  return tidy(parts);
}

function partsOf(text: string, start: number, end: number, ranges: Range[]): TextPart[] {
  const parts: TextPart[] = [];
  let at = start;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, start);
    const e = Math.min(e0, end);
    if (e <= s) continue;
    if (s > at) parts.push({ text: text.slice(at, s), mark: false });
    parts.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false });
  return parts;
}

/** One line: runs of whitespace (paragraph breaks included) become one space. */
function tidy(parts: TextPart[]): TextPart[] {
  const out = parts.map((p) => ({ text: p.text.replace(/\s+/g, ' '), mark: p.mark })).filter((p) => p.text !== '');
  if (out.length) out[0].text = out[0].text.replace(/^ /, '');
  if (out.length) out[out.length - 1].text = out[out.length - 1].text.replace(/ $/, '');
  return out.filter((p) => p.text !== '');
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
