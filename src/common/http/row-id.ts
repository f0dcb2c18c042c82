import { BadRequestException, NotFoundException } from '@nestjs/common';

/** Row ids are 32-bit serials on both engines: a larger number names nothing. */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id from a form field or query (a cursor, a reply target): the number, or null when no row can have it. */
export function rowId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ROW_ID ? id : null;
}

/**
 * A row id from the URL path: plain decimal digits only, so that "+1", " 1", "1e3" and "0x10" are not
 * other spellings of a page. Not a number: 400; a number no row can have: 404.
 */
export function pathRowId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw new BadRequestException('the id must be a number');
  const id = rowId(raw);
  if (id === null) throw new NotFoundException();
  return id;
}
