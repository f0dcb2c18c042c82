import { Injectable } from '@nestjs/common';
import { PageWindow } from '../page-cache/guest-page-cache';
import { PageCacheRepository } from '../page-cache/page-cache.repository';
import { PAGE_SIZE, parseCursor } from './bulletin-page.service';

/** What says a stored page of the board index is current: the advisories it lists from its cursor (one more: whether a next page exists). */
@Injectable()
export class BoardWindow implements PageWindow {
  constructor(private readonly pages: PageCacheRepository) {}

  validator(after: string): Promise<string | null> {
    const cursor = after ? parseCursor(after) : null;
    // A cursor of no shape shows the first page: rendered, never stored under an address of its own.
    if (after && !cursor) return Promise.resolve(null);
    return this.pages.listingValidator(cursor, PAGE_SIZE + 1);
  }
}
