import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sessionCookieName } from '../auth/auth.setup';
import { sessionLoaded } from '../auth/session-store';
import { requestCookies } from '../common/http/cookies';
import en from '../common/i18n/en.json';
import ja from '../common/i18n/ja.json';
import { requestLocale } from '../common/i18n/locale.middleware';
import { REDIS } from '../common/redis/redis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ThreadPageRepository } from './thread-page.repository';

const THREAD_PAGE = /^\/advisories\/([A-Z0-9-]{1,20})\/thread(?:\?page=([1-9]\d{0,6}))?$/;
/** Sent with a stored page as Express sent them; these belong to one response, not to the page. */
const NOT_STORED = new Set(['set-cookie', 'connection', 'keep-alive', 'date', 'x-request-id', 'transfer-encoding']);

interface GuestPage {
  key: string;
  validator: string;
  etag: string;
}

interface Stored {
  validator: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Pages are kept as UTF-8 bytes: encoding 50 KB of text again for every guest cost as much as the rest of a hit. */
interface Store {
  get(key: string): Promise<Stored | undefined>;
  set(key: string, page: Stored): Promise<void>;
}

// The page a guest request missed, handed from the server's request event to the controller that renders it.
const PENDING = Symbol('guestPage');
type Marked = IncomingMessage & { [PENDING]?: GuestPage };

/**
 * Rendered thread pages for guests (no session cookie), stored per address and language and served
 * only while the thread's revision and the page epoch are those they were rendered at. Every request
 * still reads the validator, so a write on any instance is seen at once: invalidation is exact.
 * A current page is answered from the server's request event, before Express, with the headers the
 * rendered page was sent with: on a hit the framework's middleware would cost more than the page.
 */
@Injectable()
export class GuestPageCache {
  /** Pages served from the store, and guest pages rendered because none was current. */
  readonly stats = { hits: 0, misses: 0 };
  private readonly store: Store | null;
  private readonly sessionCookie: string;
  private readonly build: string;

  constructor(
    private readonly threadPages: ThreadPageRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
  ) {
    const bytes = config.pageCacheMegabytes * 1024 * 1024;
    this.store = bytes === 0 ? null : redis && config.redis ? new RedisStore(redis, `${config.redis.prefix}page:`) : new MemoryStore(bytes);
    this.sessionCookie = sessionCookieName(config);
    this.build = buildId(config.rootDir);
  }

  /**
   * Called for every request before Express: answers a guest's thread page (200 or 304) when a current
   * one is stored and resolves true; otherwise resolves false, having marked a guest's miss for render().
   * Only the addresses the board links to qualify (page as digits, no ?lang=, which sets a cookie), and
   * only without a session cookie as the session layer reads cookies (any value, even a bad one, goes on).
   */
  async answer(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!this.store || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const m = THREAD_PAGE.exec(req.url ?? '');
    if (!m || requestCookies(req)[this.sessionCookie] !== undefined) return false;
    try {
      // The thread's revision and the board's page epoch, both moved by triggers in the writing transaction.
      const validator = await this.threadPages.validator(m[1]);
      if (validator === null) return false;
      const key = `${this.build}|${requestLocale(req, undefined).locale}|${req.url}`;
      const page: GuestPage = {
        key,
        validator,
        etag: `"g-${createHash('sha256').update(key).digest('base64url').slice(0, 16)}-${validator}"`,
      };
      const stored = await this.store.get(key);
      if (stored?.validator !== validator) {
        this.stats.misses++;
        (req as Marked)[PENDING] = page;
        return false;
      }
      this.stats.hits++;
      if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === page.etag)) {
        const { 'content-type': _type, 'content-length': _length, ...headers } = stored.headers;
        res.writeHead(304, headers).end();
      } else {
        res.writeHead(200, stored.headers).end(req.method === 'HEAD' ? undefined : stored.body);
      }
      return true;
    } catch {
      // A failing database answers through the normal path (503 page); the cache never decides that.
      return false;
    }
  }

  /**
   * Renders a view; a guest's missed page is stored under the validator read before its data, with the
   * headers it is sent with, but only if it was rendered for a guest: no viewer, no session, no cookie set.
   */
  render(res: Response, view: string, model: object): void {
    const page = (res.req as Marked)[PENDING];
    if (!page || !forGuest(res)) return res.render(view, model);
    res.render(view, model, (err: Error | null, html: string) => {
      if (err) return res.req.next!(err);
      const body = Buffer.from(html);
      res.setHeader('ETag', page.etag).setHeader('Cache-Control', 'no-cache').type('html').send(body);
      const headers: Stored['headers'] = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (!NOT_STORED.has(name) && value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
      }
      if (res.statusCode === 200 && forGuest(res))
        void this.store!.set(page.key, { validator: page.validator, headers, body }).catch(() => undefined);
    });
  }
}

/** Whether a response is a guest's and nobody else's: checked before rendering and, for Set-Cookie, once the headers are out. */
function forGuest(res: Response): boolean {
  const req = res.req;
  return req.viewer?.isGuest === true && !sessionLoaded(req) && !req.session?.csrfToken && res.getHeader('set-cookie') === undefined;
}

/** Least recently used pages go first once the budget is spent. */
class MemoryStore implements Store {
  private readonly pages = new Map<string, Stored>();
  private used = 0;

  constructor(private readonly budget: number) {}

  get(key: string): Promise<Stored | undefined> {
    const entry = this.pages.get(key);
    if (entry) {
      this.pages.delete(key);
      this.pages.set(key, entry);
    }
    return Promise.resolve(entry);
  }

  set(key: string, page: Stored): Promise<void> {
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

/** Shared by every instance; a day's expiry clears pages nobody asks for. */
class RedisStore implements Store {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Stored as the validator, the headers as JSON and the body, each of the first two ending in a newline. */
  async get(key: string) {
    const value = await this.redis.getBuffer(this.prefix + key);
    if (value === null) return undefined;
    const cut = value.indexOf(10);
    const cut2 = value.indexOf(10, cut + 1);
    return {
      validator: value.subarray(0, cut).toString(),
      headers: JSON.parse(value.subarray(cut + 1, cut2).toString()) as Stored['headers'],
      body: value.subarray(cut2 + 1),
    };
  }

  async set(key: string, page: Stored) {
    await this.redis.set(
      this.prefix + key,
      Buffer.concat([Buffer.from(`${page.validator}\n${JSON.stringify(page.headers)}\n`), page.body]),
      'EX',
      86_400,
    );
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
