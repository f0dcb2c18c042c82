import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sessionCookieName } from '../auth/auth.setup';
import en from '../common/i18n/en.json';
import ja from '../common/i18n/ja.json';
import { REDIS } from '../common/redis/redis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';

/** The validator: the thread's revision and the board's page epoch, both moved by triggers in the writing transaction. */
export const PAGE_VALIDATOR_SQL = 'select t.revision, e.epoch from threads t cross join page_epoch e where t.advisory_id = ? and e.id = 1';

const THREAD_PAGE = /^\/advisories\/([A-Z0-9-]{1,20})\/thread$/;
// Only the addresses the board links to: made-up variants would each take a place in the cache.
const CACHEABLE_QUERY = new Map([
  ['page', /^[1-9]\d{0,6}$/],
  ['lang', /^(ja|en)$/],
]);

interface Pending {
  advisoryId: string;
  key: string;
  etag: string;
}

interface GuestPage {
  key: string;
  validator: string;
  etag: string;
}

/** Pages are kept as UTF-8 bytes: encoding 50 KB of text again for every guest cost as much as the rest of a hit. */
interface Store {
  get(key: string): Promise<{ validator: string; body: Buffer } | undefined>;
  set(key: string, validator: string, body: Buffer): Promise<void>;
}

/**
 * Rendered thread pages for guests (no session cookie), stored per address and language and served
 * only while the thread's revision and the page epoch are those they were rendered at. Every request
 * still reads the validator, so a write on any instance is seen at once: invalidation is exact.
 */
@Injectable()
export class GuestPageCache {
  /** Pages served from the store, and guest pages rendered because none was current. */
  readonly stats = { hits: 0, misses: 0 };
  private readonly store: Store | null;
  private readonly cookiePrefix: string;
  private readonly build: string;

  constructor(
    private readonly reader: ReadSql,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
  ) {
    const bytes = config.pageCacheMegabytes * 1024 * 1024;
    this.store = bytes === 0 ? null : redis && config.redis ? new RedisStore(redis, `${config.redis.prefix}page:`) : new MemoryStore(bytes);
    this.cookiePrefix = `${sessionCookieName(config)}=`;
    this.build = buildId(config.rootDir);
  }

  /** Express middleware: a stored page or a 304 for a guest; otherwise marks the request for the controller to store. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const pending = this.store && this.candidate(req, res);
    if (!pending) return next();
    this.validator(pending)
      .then(async (validator) => {
        if (validator === null) return next();
        const page: GuestPage = { key: pending.key, validator, etag: `"g-${pending.etag}-${validator}"` };
        if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === page.etag)) {
          return void withValidator(res, page).status(304).end();
        }
        const stored = await this.store!.get(page.key);
        if (stored?.validator === validator) {
          this.stats.hits++;
          return void withValidator(res, page).type('html').send(stored.body);
        }
        this.stats.misses++;
        res.locals.guestPage = page;
        next();
      })
      // A failing database answers through the normal path (503 page); the cache never decides that.
      .catch(() => next());
  };

  /** Renders a view; a guest page marked by the middleware is stored under the validator read before its data. */
  render(res: Response, view: string, model: object): void {
    const page = res.locals.guestPage as GuestPage | undefined;
    if (!page) return res.render(view, model);
    res.render(view, model, (err: Error | null, html: string) => {
      if (err) return res.req.next!(err);
      const body = Buffer.from(html);
      void this.store!.set(page.key, page.validator, body).catch(() => undefined);
      withValidator(res, page).type('html').send(body);
    });
  }

  private candidate(req: Request, res: Response): Pending | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    const m = THREAD_PAGE.exec(req.path);
    if (!m || req.headers.cookie?.includes(this.cookiePrefix)) return null;
    for (const [name, value] of Object.entries(req.query)) if (typeof value !== 'string' || !CACHEABLE_QUERY.get(name)?.test(value)) return null;
    const key = `${this.build}|${res.locals.locale}|${req.originalUrl}`;
    return { advisoryId: m[1], key, etag: createHash('sha256').update(key).digest('base64url').slice(0, 16) };
  }

  private async validator(pending: Pending): Promise<string | null> {
    const row = await this.reader.get<{ revision: unknown; epoch: unknown }>(PAGE_VALIDATOR_SQL, [pending.advisoryId]);
    return row ? `${row.revision}.${row.epoch}` : null;
  }
}

/** Browsers keep the page but ask again each time: a 304 while nothing changed. */
function withValidator(res: Response, page: GuestPage): Response {
  return res.setHeader('ETag', page.etag).setHeader('Cache-Control', 'no-cache');
}

/** Least recently used pages go first once the budget is spent. */
class MemoryStore implements Store {
  private readonly pages = new Map<string, { validator: string; body: Buffer }>();
  private used = 0;

  constructor(private readonly budget: number) {}

  async get(key: string) {
    const entry = this.pages.get(key);
    if (entry) {
      this.pages.delete(key);
      this.pages.set(key, entry);
    }
    return entry;
  }

  async set(key: string, validator: string, body: Buffer) {
    const size = body.length;
    if (size > this.budget) return;
    const old = this.pages.get(key);
    if (old) this.used -= old.body.length;
    this.pages.delete(key);
    this.pages.set(key, { validator, body });
    this.used += size;
    for (const [k, v] of this.pages) {
      if (this.used <= this.budget) break;
      this.pages.delete(k);
      this.used -= v.body.length;
    }
  }
}

/** Shared by every instance; a day's expiry clears pages nobody asks for. */
class RedisStore implements Store {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string) {
    const value = await this.redis.getBuffer(this.prefix + key);
    if (value === null) return undefined;
    const cut = value.indexOf(10);
    return { validator: value.subarray(0, cut).toString(), body: value.subarray(cut + 1) };
  }

  async set(key: string, validator: string, body: Buffer) {
    await this.redis.set(this.prefix + key, Buffer.concat([Buffer.from(`${validator}\n`), body]), 'EX', 86_400);
  }
}

/** Templates, styles and messages of this build: a deploy that changes them never serves an older page. */
function buildId(rootDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(rootDir, 'views'));
  walk(join(rootDir, 'public', 'css'));
  hash.update(JSON.stringify([ja, en]));
  return hash.digest('base64url').slice(0, 10);
}
