/**
 * One SQL statement of a repository: its text, with `?` placeholders on both engines, and the row it returns.
 * Two kinds of slot take an array parameter: `(?*)`, an IN list with one `?` per value, and a row tuple
 * followed by `...` (as in `values (?, ?, true)...`), repeated once per row given as an array of arrays.
 * Every statement is listed here when its module loads, so the contract test can prepare each one against
 * the migrated schema of its engine (both engines unless the statement names one).
 */
export interface Statement<Row = unknown> {
  /** Repository and method, e.g. "FieldReportsRepository.confirm": where a failing statement lives. */
  readonly owner: string;
  readonly text: string;
  /** A hot path: on SQLite its plan may not scan a whole table. */
  readonly hot: boolean;
  /** Written in one engine's dialect (FTS5, tsvector, row locks); undefined: both. */
  readonly engine?: Engine;
  /** Never set: carries the row type. */
  readonly row?: Row;
}

export type Engine = 'sqlite' | 'postgresql';

interface Options {
  hot?: boolean;
  engine?: Engine;
}

/** The text cut at its slots once, so binding a hot statement does not parse it again. */
interface Parsed {
  pieces: string[];
  /** Per slot: null for an IN list, else the row tuple repeated per row and its `?` count. */
  slots: ({ tuple: string; marks: number } | null)[];
}

const SLOT = /\(\?\*\)|(\([^()]*\))\.\.\./g;
const ALL: Statement[] = [];
const PARSED = new WeakMap<Statement, Parsed>();

export function statement<Row = unknown>(owner: string, text: string, options: Options = {}): Statement<Row> {
  const defined: Statement<Row> = Object.freeze({ owner, text, hot: options.hot ?? false, engine: options.engine });
  const pieces: string[] = [];
  const slots: Parsed['slots'] = [];
  let from = 0;
  for (const m of text.matchAll(SLOT)) {
    pieces.push(text.slice(from, m.index));
    slots.push(m[1] ? { tuple: m[1], marks: (m[1].match(/\?/g) ?? []).length } : null);
    from = m.index + m[0].length;
  }
  pieces.push(text.slice(from));
  PARSED.set(defined, { pieces, slots });
  ALL.push(defined);
  return defined;
}

/** One statement per engine under one owner, for what the two dialects say differently; pick with `[engine]`. */
export function perEngine<Row = unknown>(owner: string, texts: Record<Engine, string>, options: { hot?: boolean } = {}) {
  return {
    sqlite: statement<Row>(owner, texts.sqlite, { ...options, engine: 'sqlite' }),
    postgresql: statement<Row>(owner, texts.postgresql, { ...options, engine: 'postgresql' }),
  };
}

/** Every statement defined so far (all of them once the app's modules are loaded). */
export function allStatements(): readonly Statement[] {
  return ALL;
}

/** The text and flat values to run: each array parameter, in order, fills the next slot. */
export function bound(stmt: Statement, params: readonly unknown[]): { text: string; values: unknown[] } {
  const parsed = PARSED.get(stmt);
  if (!parsed) throw new Error(`${stmt.owner}: not declared with statement()`);
  const { pieces, slots } = parsed;
  if (!slots.length) return { text: stmt.text, values: [...params] };
  const values: unknown[] = [];
  let text = pieces[0];
  let n = 0;
  for (const param of params) {
    if (!Array.isArray(param)) {
      values.push(param);
      continue;
    }
    if (param.length === 0) throw new Error(`${stmt.owner}: an empty list`);
    if (n >= slots.length) throw new Error(`${stmt.owner}: more array parameters than slots`);
    const slot = slots[n];
    if (slot === null) {
      text += `(${param.map(() => '?').join(', ')})`;
      values.push(...(param as unknown[]));
    } else {
      for (const row of param as unknown[]) {
        if (!Array.isArray(row) || row.length !== slot.marks) throw new Error(`${stmt.owner}: each row needs ${slot.marks} values`);
        values.push(...(row as unknown[]));
      }
      text += param.map(() => slot.tuple).join(', ');
    }
    text += pieces[++n];
  }
  if (n !== slots.length) throw new Error(`${stmt.owner}: a slot with no array parameter`);
  return { text, values };
}

/** The text with `$1`, `$2`… for its `?` placeholders, in order: PostgreSQL's numbered parameters. */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The text with every slot filled twice (two list values, two rows): what the contract test prepares. */
export function sampleText(stmt: Statement): string {
  const { pieces, slots } = PARSED.get(stmt)!;
  return pieces.reduce(
    (text, piece, i) => text + (i === 0 ? '' : slots[i - 1] === null ? '(?, ?)' : `${slots[i - 1]!.tuple}, ${slots[i - 1]!.tuple}`) + piece,
    '',
  );
}

/** What node-postgres is sent for a statement: its text with `$n` placeholders, its name when prepared, its values. */
export interface PostgresQuery {
  text: string;
  name?: string;
  values: unknown[];
}
/** Per statement, its texts (a list's text per length) and their names. */
type Named = Pick<PostgresQuery, 'text' | 'name'>;
const NAMED = new WeakMap<Statement, Map<string, Named>>();
/** A list statement's lengths prepared on each connection; longer tails (rare) are parsed each time. */
const SHAPES = 64;
let names = 0;

/**
 * A bound statement for node-postgres, reads and writes alike. Each text of a statement (one per list length) is
 * prepared under its own name, so each connection parses it once. A Date goes as its UTC instant, as the ORM writes
 * it (forceUtcTimezone), so a date column gets the UTC day in any server zone.
 */
export function postgresQuery(stmt: Statement, text: string, values: readonly unknown[]): PostgresQuery {
  let shapes = NAMED.get(stmt);
  if (!shapes) NAMED.set(stmt, (shapes = new Map<string, Named>()));
  let named = shapes.get(text);
  if (!named) {
    named = { text: numbered(text) };
    if (shapes.size < SHAPES) shapes.set(text, (named = { ...named, name: `hfr_${++names}` }));
  }
  return { ...named, values: values.map((v) => (v instanceof Date ? v.toISOString() : v)) };
}
