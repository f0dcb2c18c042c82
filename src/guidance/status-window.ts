import { Injectable } from '@nestjs/common';
import { PageWindow } from '../page-cache/guest-page-cache';
import { PageCacheRepository } from '../page-cache/page-cache.repository';
import { STATUS_MOST, statusSince } from './status-page.service';

/** What says a stored /status (or /status.json) is current: its window's advisories and their threads; a platform filter only for a platform they list. */
@Injectable()
export class StatusWindow implements PageWindow {
  constructor(private readonly pages: PageCacheRepository) {}

  validator(platform: string): Promise<string | null> {
    return this.pages.recentValidator(statusSince(), STATUS_MOST, platform || null);
  }
}
