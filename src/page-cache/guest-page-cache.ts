import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { carriesSessionCookie, sessionCookieName } from '../auth/session-cookie';
import { sessionLoaded } from '../auth/session-store';
import en from '../common/i18n/en.json';
import ja from '../common/i18n/ja.json';
import { requestLocale } from '../common/i18n/locale.middleware';
import { REDIS } from '../common/redis/redis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { PageCacheRepository } from './page-cache.repository';
import { MemoryStore, PageStore, RedisStore, StoredPage } from './page-stores';

/** Sent with a stored page as Express sent them; these belong to one response, not to the page. */
const NOT_STORED = new Set(['set-cookie', 'connection', 'keep-alive', 'date', 'x-request-id', 'transfer-encoding']);

/** A guest's request that no current page answered: where and at which validator its rendering is stored. */
interface Missed {
  key: string;
  validator: string;
  etag: string;
}

/** How the board links to page n of a cacheable page of an advisory (a builder of src/paths.ts). */
export type PageAddress = (advisoryId: string, page: number) => string;

type RenderDone = (err: Error | null, html: string) => void;

/**
 * Rendered pages for guests (no session cookie), stored per address and language and served only while
 * the thread's revision and the page epoch are those they were rendered at. Every request still reads the
 * validator, so a write on any instance is seen at once: invalidation is exact. A current page is answered
 * from the server's request event, before Express, with the headers the rendered page was sent with: on a
 * hit the framework's middleware would cost more than the page. The pages are those of the routes marked
 * @GuestCacheable(), rendered as usual: this class stores what the route sent a guest, it decides nothing the route decides.
 */
@Injectable()
export class GuestPageCache {
  /** Pages served from the store, and guest pages rendered because none was current. */
  readonly stats = { hits: 0, misses: 0 };
  private readonly store: PageStore | null;
  private readonly sessionCookie: string;
  private readonly build: string;
  private readonly missed = new WeakMap<IncomingMessage, Missed>();

  constructor(
    private readonly pages: PageCacheRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
  ) {
    const bytes = config.pageCacheMegabytes * 1024 * 1024;
    this.store = bytes === 0 ? null : redis && config.redis ? new RedisStore(redis, `${config.redis.prefix}page:`) : new MemoryStore(bytes);
    this.sessionCookie = sessionCookieName(config);
    this.build = buildId(config.rootDir);
  }

  /**
   * Puts the hit path in front of Express on the server's request event, for the marked routes: each a route
   * path such as `/advisories/:id/thread` and the builder of the addresses the board links its pages by.
   */
  install(server: Server, express: RequestListener, routes: { route: string; address: PageAddress }[]): void {
    if (!this.store || routes.length === 0) return;
    if (!server.listeners('request').includes(express)) throw new Error('GuestPageCache: the server does not hand requests to Express');
    const matchers = routes.map(({ route, address }) => cacheableAddress(route, address));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const id = this.candidate(req, matchers);
      if (id === null) return express(req, res);
      void this.answer(req, res, id).then((answered) => answered || express(req, res));
    });
    server.removeListener('request', express);
  }

  /**
   * The advisory id of a guest's request a stored page could answer, else null: only at an address the board
   * links to (so no ?lang=, which sets a cookie), and only without a session cookie as the session layer reads
   * cookies: with one, any value, even a bad one, the request goes on to be rendered for its viewer.
   */
  private candidate(req: IncomingMessage, matchers: ((url: string) => string | null)[]): string | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    for (const match of matchers) {
      const id = match(req.url ?? '');
      if (id !== null) return carriesSessionCookie(req, this.sessionCookie) ? null : id;
    }
    return null;
  }

  /** Answers a guest's page (200 or 304) when a current one is stored; otherwise marks the miss for keepRendering(). */
  private async answer(req: IncomingMessage, res: ServerResponse, advisoryId: string): Promise<boolean> {
    try {
      // The thread's revision and the board's page epoch, both moved by triggers in the writing transaction.
      const validator = await this.pages.validator(advisoryId);
      if (validator === null) return false;
      const key = `${this.build}|${requestLocale(req, undefined).locale}|${req.url}`;
      const stored = await this.store!.get(key);
      if (stored?.validator !== validator) {
        this.stats.misses++;
        this.missed.set(req, { key, validator, etag: etagOf(key, validator) });
        return false;
      }
      this.stats.hits++;
      const etag = stored.headers.etag;
      if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
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
   * Before a cacheable route's handler runs: if the hit path marked the request as a guest's miss, the page the
   * handler renders (res.render, or @Render) is sent with its ETag and stored under the validator read before
   * its data, with the headers it is sent with, but only if it was rendered for a guest: see forGuest().
   */
  keepRendering(res: Response): void {
    const page = this.missed.get(res.req);
    if (!page) return;
    const render = res.render.bind(res) as (view: string, model?: object, done?: RenderDone) => void;
    res.render = ((view: string, model?: object, done?: RenderDone) => {
      // Someone else's callback, an error page (the exception filter sets its status first), or a viewer's page: rendered as usual.
      if (done || typeof model === 'function' || res.statusCode !== 200 || !forGuest(res)) return render(view, model, done);
      render(view, model, (err, html) => {
        if (err) return res.req.next!(err);
        this.sendAndStore(res, page, Buffer.from(html));
      });
    }) as Response['render'];
  }

  private sendAndStore(res: Response, page: Missed, body: Buffer): void {
    // An HTML page, unless the route said otherwise (a picture sets its own type).
    res.setHeader('ETag', page.etag).setHeader('Cache-Control', 'no-cache');
    if (!res.getHeader('Content-Type')) res.type('html');
    res.send(body);
    // Express answered 304 to a client holding this very page; express-session adds its cookie as the headers go out.
    if (res.statusCode !== 200 || !forGuest(res)) return;
    const headers: StoredPage['headers'] = {};
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (!NOT_STORED.has(name) && value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
    }
    void this.store!.set(page.key, { validator: page.validator, headers, body }).catch(() => undefined);
  }
}

/**
 * Which requests for a cacheable route a stored page may answer: those whose address is the one the board
 * links to, as its own address builder spells it for the route's `:id` (the advisory whose thread's revision
 * validates the page) and page number. Any other spelling (?page=01, ?x=1, a lower-case id) is rendered,
 * never stored, so nobody can fill the store with copies of a page under addresses of their own.
 */
export function cacheableAddress(route: string, address: PageAddress): (url: string) => string | null {
  const segments = route
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (segment === ':id') return '([^/?]+)';
      if (!/^[\w.~-]+$/.test(segment)) throw new Error(`GuestPageCache: ${route}: only :id may vary in a cacheable route`);
      return segment.replace(/\./g, '\\.');
    });
  if (segments.filter((s) => s.startsWith('(')).length !== 1) throw new Error(`GuestPageCache: ${route}: a cacheable route has one :id`);
  const pattern = new RegExp(`^/${segments.join('/')}(?:\\?page=(\\d{1,7}))?$`);
  return (url) => {
    const m = pattern.exec(url);
    return m && address(m[1], m[2] === undefined ? 1 : Number(m[2])) === url ? m[1] : null;
  };
}

/** Whether a response is a guest's and nobody else's: checked before rendering and, for Set-Cookie, once the headers are out. */
function forGuest(res: Response): boolean {
  const req = res.req;
  return req.viewer?.isGuest === true && !sessionLoaded(req) && !req.session?.csrfToken && res.getHeader('set-cookie') === undefined;
}

/** Strong, and only ever this page's at this validator: a reload that changed nothing is a 304. */
function etagOf(key: string, validator: string): string {
  return `"g-${createHash('sha256').update(key).digest('base64url').slice(0, 16)}-${validator}"`;
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
