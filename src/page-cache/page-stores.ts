import type Redis from 'ioredis';
import { AppConfig } from '../config/config';

/** The one store of rendered pages and shared parts of pages (null with PAGE_CACHE_MB=0): one budget, one Redis prefix. */
export const PAGE_STORE = Symbol('PAGE_STORE');

export function pageStore(config: AppConfig, redis: Redis | null): PageStore | null {
  const bytes = config.pageCacheMegabytes * 1024 * 1024;
  if (bytes === 0) return null;
  return redis && config.redis ? new RedisStore(redis, `${config.redis.prefix}page:`, bytes) : new MemoryStore(bytes);
}

/** A rendered page with the headers it was sent with and the validator it was rendered at. */
export interface StoredPage {
  validator: string;
  headers: Record<string, string | string[]>;
  /** UTF-8 bytes: encoding 50 KB of text again for every guest cost as much as the rest of a hit. */
  body: Buffer;
}

export interface PageStore {
  /** The page stored under the key if it was rendered at this validator (the one just read), else undefined. */
  get(key: string, validator: string): Promise<StoredPage | undefined>;
  set(key: string, page: StoredPage): Promise<void>;
}

/** One instance's pages; least recently used pages go first once the budget is spent. */
export class MemoryStore implements PageStore {
  private readonly pages = new Map<string, StoredPage>();
  private used = 0;

  constructor(private readonly budget: number) {}

  get(key: string, validator: string): Promise<StoredPage | undefined> {
    const entry = this.pages.get(key);
    if (entry?.validator !== validator) return Promise.resolve(undefined);
    this.pages.delete(key);
    this.pages.set(key, entry);
    return Promise.resolve(entry);
  }

  set(key: string, page: StoredPage): Promise<void> {
    const size = page.body.length;
    if (size > this.budget) return Promise.resolve();
    const old = this.pages.get(key);
    if (old) this.used -= old.body.length;
    this.pages.delete(key);
    this.pages.set(key, page);
    this.used += size;
    for (const [k, v] of this.pages) {
      if (this.used <= this.budget) break;
      this.pages.delete(k);
      this.used -= v.body.length;
    }
    return Promise.resolve();
  }
}

/**
 * Shared by every instance; a day's expiry clears pages nobody asks for. Each instance also keeps, in its own memory,
 * the pages it read or stored: one at the validator asked for is the same page, so it is not fetched again.
 */
export class RedisStore implements PageStore {
  private readonly near: MemoryStore;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    nearBytes: number,
  ) {
    this.near = new MemoryStore(nearBytes);
  }

  /** Stored as the validator, the headers as JSON and the body, each of the first two ending in a newline. */
  async get(key: string, validator: string) {
    const near = await this.near.get(key, validator);
    if (near) return near;
    const value = await this.redis.getBuffer(this.prefix + key);
    if (value === null) return undefined;
    const cut = value.indexOf(10);
    const cut2 = value.indexOf(10, cut + 1);
    if (value.subarray(0, cut).toString() !== validator) return undefined;
    const page = {
      validator,
      headers: JSON.parse(value.subarray(cut + 1, cut2).toString()) as StoredPage['headers'],
      body: value.subarray(cut2 + 1),
    };
    await this.near.set(key, page);
    return page;
  }

  async set(key: string, page: StoredPage) {
    await this.near.set(key, page);
    await this.redis.set(
      this.prefix + key,
      Buffer.concat([Buffer.from(`${page.validator}\n${JSON.stringify(page.headers)}\n`), page.body]),
      'EX',
      86_400,
    );
  }
}
