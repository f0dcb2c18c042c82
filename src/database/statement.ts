/**
 * One SQL statement of a repository: its text, with `?` placeholders on both engines (and `(?*)` for an
 * IN list bound to an array), and the row it returns. Every statement is listed here when its module
 * loads, so the contract test can prepare each one against the migrated schema of both engines.
 */
export interface Statement<Row = unknown> {
  /** Repository and method, e.g. "ConfirmationsRepository.insert": where a failing statement lives. */
  readonly owner: string;
  readonly text: string;
  /** A hot path: on SQLite its plan may not scan a whole table. */
  readonly hot: boolean;
  /** Never set: carries the row type. */
  readonly row?: Row;
}

const ALL: Statement[] = [];

export function statement<Row = unknown>(owner: string, text: string, options: { hot?: boolean } = {}): Statement<Row> {
  const defined: Statement<Row> = Object.freeze({ owner, text, hot: options.hot ?? false });
  ALL.push(defined);
  return defined;
}

/** Every statement defined so far (all of them once the app's modules are loaded). */
export function allStatements(): readonly Statement[] {
  return ALL;
}

const LIST = '(?*)';

/** The text and flat values to run: each array parameter, in order, fills the next `(?*)` with one `?` per value. */
export function bound(stmt: Statement, params: readonly unknown[]): { text: string; values: unknown[] } {
  if (!stmt.text.includes(LIST)) return { text: stmt.text, values: [...params] };
  const values: unknown[] = [];
  const parts = stmt.text.split(LIST);
  let text = parts[0];
  let list = 0;
  for (const param of params) {
    if (!Array.isArray(param)) {
      values.push(param);
      continue;
    }
    if (param.length === 0) throw new Error(`${stmt.owner}: an empty IN list`);
    if (++list >= parts.length) throw new Error(`${stmt.owner}: more array parameters than (?*) lists`);
    text += `(${param.map(() => '?').join(', ')})` + parts[list];
    values.push(...(param as unknown[]));
  }
  if (list !== parts.length - 1) throw new Error(`${stmt.owner}: a (?*) list with no array parameter`);
  return { text, values };
}
