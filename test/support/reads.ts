import type { NestExpressApplication } from '@nestjs/platform-express';
import { ReadSql } from '../../src/database/read-sql';

/** Counts the hot reads (ReadSql) of one statement owner until `restore()`: how many round trips a path makes. */
export function countReads(app: NestExpressApplication, owner: string): { readonly count: number; restore(): void } {
  const reader = app.get(ReadSql);
  const [row, rows] = [reader.row.bind(reader), reader.rows.bind(reader)];
  let count = 0;
  reader.row = (stmt, params) => ((count += stmt.owner === owner ? 1 : 0), row(stmt, params));
  reader.rows = (stmt, params) => ((count += stmt.owner === owner ? 1 : 0), rows(stmt, params));
  return {
    get count() {
      return count;
    },
    restore() {
      reader.row = row;
      reader.rows = rows;
    },
  };
}
