/**
 * Text → search tokens, shared by the index, the query parser and the highlighter (one normalizer for all).
 *
 * Normalizing: NFKC (full-width Latin and digits become ASCII, half-width katakana becomes full-width:
 * ＫＢ８８５８３５ → KB885835, ｶｰﾈﾙ → カーネル), lower case, invisible format characters dropped.
 * Tokens: Latin/digit runs are whole words ("ntoskrnl", "exe"; "KB 885835" is the one word "kb885835");
 * a run of Japanese (kanji, kana, Hangul) becomes its overlapping bigrams followed by its last character
 * ("起動しない" → 起動 動し しな ない い), so a 2-character query is one token and a longer one a phrase
 * of bigrams. Every Japanese character also goes, once, into the `extra` column as "u_起" (1-character
 * queries), as does the number of each KB word ("u_885835"), and the filters ("k_report",
 * "a_ms04_2d044", "p_win2000_2dsp4", "o_problem"). User tokens never contain "_", so they never collide.
 *
 * Bulk path (reindex, benchmark data generator): build a SearchSource per document (see
 * search-sources.ts) and call `indexColumns(source)` → the four strings for SQLite's
 * `search_fts(rowid, title, software, body, extra)`, or `tsvectorLiteral(source)` → the value for
 * PostgreSQL's `search_fts(id, tsv)` (cast with `?::tsvector`); the rowid/id is the
 * `search_documents.id` of the same document. Known issues and bulletins go into `search_fts_curated` too.
 */

export type SearchKind = 'post' | 'report' | 'known-issue' | 'advisory';
export const SEARCH_KINDS: readonly SearchKind[] = ['post', 'report', 'known-issue', 'advisory'];
/** Known issues and bulletins: the curated answers, ranked before posts, with an index of their own besides. */
export const CURATED_KINDS: readonly SearchKind[] = ['known-issue', 'advisory'];
export const isCurated = (kind: SearchKind) => CURATED_KINDS.includes(kind);

/** What one document contributes to the index; filters are facet tokens made with `facet`. */
export interface SearchSource {
  title: string;
  software: string;
  body: string;
  facets: string[];
}

export interface Token {
  /** The normalized token ("起動", "kb885835"). */
  text: string;
  /** UTF-16 offsets in the normalized text. */
  start: number;
  end: number;
}

export interface Piece extends Token {
  type: 'word' | 'cjk';
}

export interface Analysis {
  /** Words, bigrams and run-final characters in text order: the phrase stream of one field. */
  tokens: Token[];
  /** Japanese runs (for 1-character matches) with their offsets in the normalized text. */
  runs: Token[];
  /** Extra-column tokens: each Japanese character and each KB word's number, prefixed "u_". */
  extra: Set<string>;
}

/** Longer "words" (base64, hashes) are cut: PostgreSQL refuses lexemes over 2 KB. */
export const MAX_WORD_CHARS = 60;

const FORMAT_CHARS = /\p{Cf}/gu;
const STARTS_WITH_MARK = /^\p{M}/u;
// Kanji, kana (with ー and 々) and Hangul letters; CJK punctuation (、。・「」) separates like spaces.
const CJK_CLASS = '[[\\p{L}\\p{N}\\p{M}]&&[\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}\\p{scx=Hang}]]';
const WORD_CLASS = '[[\\p{L}\\p{N}\\p{M}]--[\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}\\p{scx=Hang}]]';
// Built at run time: the "v" flag (set intersection) is newer than the compiler's target.
const PIECES = new RegExp(`(?<cjk>${CJK_CLASS}+)|(?<word>${WORD_CLASS}+)`, 'gv');
const KB_GAP = /^[\s:#-]{0,3}$/;
const KB_DIGITS = /^\d{5,7}$/;
const KB_WORD = /^kb(\d{5,7})$/;

/** The normalized form every token is cut from (fast path: no offsets). */
export function normalizeText(text: string): string {
  return text.replace(FORMAT_CHARS, '').normalize('NFKC').toLowerCase();
}

// Characters NFKC and lower-casing map one to one, alone, whatever follows: ASCII, CJK punctuation (no
// combining marks), kana without the combining sound marks, common kanji, full-width ASCII and half-width
// katakana without ﾞﾟ. Most posts are nothing else, and need no per-character normalizing.
const ONE_TO_ONE = /^[\t\n\r\x20-\x7e\u3000-\u3029\u3030-\u303f\u3041-\u3096\u30a1-\u30fc\u4e00-\u9fff\uff01-\uff5e\uff66-\uff9d]*$/;

/**
 * The normalized text with, for each UTF-16 unit of it, the range of the original text it came from:
 * matches found in the normalized text are highlighted in the original one.
 */
export function normalizeWithOffsets(original: string): Normalized {
  if (ONE_TO_ONE.test(original)) {
    const text = normalizeText(original);
    // A guard: should one of those characters ever change length, the general path stays right.
    if (text.length === original.length) return { text, from: (i) => i, to: (i) => i + 1 };
  }
  return normalizeByCharacter(original);
}

export interface Normalized {
  text: string;
  /** Where the original range of the normalized unit i starts and ends. */
  from: (i: number) => number;
  to: (i: number) => number;
}

/** The general path: each character with the combining marks after it, normalized on its own. */
export function normalizeByCharacter(original: string): Normalized {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let segment = '';
  let segmentStart = 0;
  let i = 0;
  const flush = (end: number) => {
    if (!segment) return;
    const out = normalizeText(segment);
    for (let k = 0; k < out.length; k++) {
      from.push(segmentStart);
      to.push(end);
    }
    text += out;
    segment = '';
  };
  for (const ch of original) {
    // A combining mark (e.g. half-width ﾞ) belongs to the character before it: normalize them together.
    if (!STARTS_WITH_MARK.test(ch.normalize('NFKC'))) {
      flush(i);
      segmentStart = i;
    }
    segment += ch;
    i += ch.length;
  }
  flush(i);
  return { text, from: (k) => from[k], to: (k) => to[k] };
}

/** Words and Japanese runs in text order. */
export function pieces(normalized: string): Piece[] {
  const out: Piece[] = [];
  for (const m of normalized.matchAll(PIECES)) {
    const start = m.index;
    const text = m[0];
    if (m.groups?.cjk !== undefined) {
      out.push({ type: 'cjk', text, start, end: start + text.length });
      continue;
    }
    const prev = out[out.length - 1];
    // "KB 885835" and "KB-885835" are the word "kb885835", as in "KB885835".
    if (prev && prev.type === 'word' && prev.text === 'kb' && KB_DIGITS.test(text) && KB_GAP.test(normalized.slice(prev.end, start))) {
      prev.text = `kb${text}`;
      prev.end = start + text.length;
      continue;
    }
    const cps = Array.from(text);
    out.push({
      type: 'word',
      text: cps.length > MAX_WORD_CHARS ? cps.slice(0, MAX_WORD_CHARS).join('') : text,
      start,
      end: start + text.length,
    });
  }
  return out;
}

/** The bigrams of a Japanese run ("起動しない" → 起動 動し しな ない), or the run itself when it is one character. */
export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  return chars.slice(0, -1).map((c, k) => c + chars[k + 1]);
}

const CJK_ONLY = new RegExp(`^${CJK_CLASS}+$`, 'v');

/** The Japanese run these are the bigrams of (起動 動し しな ない → 起動しない), or null when they are not one run's. */
export function runOf(tokens: readonly string[]): string | null {
  let run = '';
  let last = '';
  for (const token of tokens) {
    const [first, second, ...more] = Array.from(token);
    if (second === undefined || more.length || !CJK_ONLY.test(token) || (run && first !== last)) return null;
    run = run ? run + second : token;
    last = second;
  }
  return run || null;
}

/** Cuts normalized text into tokens (see the module comment). */
export function analyze(normalized: string): Analysis {
  const tokens: Token[] = [];
  const runs: Token[] = [];
  const extra = new Set<string>();
  for (const p of pieces(normalized)) {
    if (p.type === 'word') {
      tokens.push({ text: p.text, start: p.start, end: p.end });
      const kb = KB_WORD.exec(p.text);
      if (kb) extra.add(`u_${kb[1]}`);
      continue;
    }
    runs.push({ text: p.text, start: p.start, end: p.end });
    const chars = Array.from(p.text);
    let offset = p.start;
    for (let k = 0; k < chars.length; k++) {
      const c = chars[k];
      const next = chars[k + 1];
      extra.add(`u_${c}`);
      // The run's last character closes it, so a phrase cannot run on into the next run or word.
      tokens.push(
        next === undefined
          ? { text: c, start: offset, end: offset + c.length }
          : { text: c + next, start: offset, end: offset + c.length + next.length },
      );
      offset += c.length;
    }
  }
  return { tokens, runs, extra };
}

/** Facet tokens for the filters: lower-case letters and digits, anything else hex-escaped after "_". */
export const facet = {
  kind: (k: SearchKind) => `k_${escapeFacet(k)}`,
  advisory: (id: string) => `a_${escapeFacet(id.toLowerCase())}`,
  platform: (key: string) => `p_${escapeFacet(key)}`,
  outcome: (o: string) => `o_${escapeFacet(o)}`,
};

function escapeFacet(value: string): string {
  return value.replace(/[^a-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

export interface IndexColumns {
  title: string;
  software: string;
  body: string;
  extra: string;
}

function analyzeSource(source: SearchSource) {
  const title = analyze(normalizeText(source.title));
  const software = analyze(normalizeText(source.software));
  const body = analyze(normalizeText(source.body));
  const extra = new Set([...title.extra, ...software.extra, ...body.extra, ...source.facets]);
  return { title, software, body, extra };
}

/** The four FTS5 column values for a document: space-separated tokens. */
export function indexColumns(source: SearchSource): IndexColumns {
  const a = analyzeSource(source);
  const join = (tokens: Token[]) => tokens.map((t) => t.text).join(' ');
  return { title: join(a.title.tokens), software: join(a.software.tokens), body: join(a.body.tokens), extra: [...a.extra].join(' ') };
}

/** PostgreSQL keeps positions up to 16383 and 256 of them per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

/**
 * The same document as a tsvector literal: title (weight A), software (B) and body (D) in that order with a
 * gap between them so that no phrase spans two fields; extra tokens without positions.
 */
export function tsvectorLiteral(source: SearchSource): string {
  const a = analyzeSource(source);
  const lexemes = new Map<string, string[]>();
  let position = 1;
  for (const [field, weight] of [
    [a.title, 'A'],
    [a.software, 'B'],
    [a.body, ''],
  ] as const) {
    for (const t of field.tokens) {
      const list = lexemes.get(t.text) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${Math.min(position, MAX_POSITION)}${weight}`);
      lexemes.set(t.text, list);
      position++;
    }
    position++;
  }
  for (const x of a.extra) if (!lexemes.has(x)) lexemes.set(x, []);
  return [...lexemes]
    .map(([lexeme, positions]) => (positions.length ? `${quoteLexeme(lexeme)}:${positions.join(',')}` : quoteLexeme(lexeme)))
    .join(' ');
}

/** A lexeme in tsvector/tsquery syntax (our tokens hold no quotes, but the syntax is honoured anyway). */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
