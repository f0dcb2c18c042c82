import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { carriesSessionCookie, sessionCookieName } from '../auth/session-cookie';
import { sessionLoaded } from '../auth/session-store';
import en from '../common/i18n/en.json';
import ja from '../common/i18n/ja.json';
import { isLocale } from '../common/i18n/i18n';
import { isLocaleCookie, requestLocale } from '../common/i18n/locale.middleware';
import { withinTurnBudget } from '../common/http/turn-budget';
import { requestIdHeader } from '../common/logging/request-logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { PageCacheRepository } from './page-cache.repository';
import { PAGE_STORE, PageStore, StoredPage } from './page-stores';

/**
 * Sent with a stored page as Express sent them; these belong to one response, not to the page. A Set-Cookie is
 * kept: only the language link's own cookie may be on a stored page (forGuest), the same for every request at its address.
 */
const NOT_STORED = new Set(['connection', 'keep-alive', 'date', 'x-request-id', 'transfer-encoding']);

/** The language switch's link: the address it is on, with `lang=` added last (see localeMiddleware). */
const LANG_LINK = /[?&]lang=([a-z]{2})$/;

/** A guest's request a stored page could answer: its route, the value its validator is read for, the language its address sets. */
interface Candidate {
  route: CacheableRoute;
  value: string;
  lang: string | undefined;
}

/** A guest's request that no current page answered: where and at which validator its rendering is stored. */
interface Missed {
  key: string;
  validator: string;
  etag: string;
}

/** How long guests asking for a page being rendered wait for it before rendering it themselves. */
const WAIT_FOR_RENDER_MS = 5000;

/** How the board links to page n of a cacheable page of an advisory (a builder of src/paths.ts). */
export type PageAddress = (advisoryId: string, page: number) => string;

/** How the board links to a page made of several advisories: the bare path, or with one query value (a builder of src/paths.ts). */
export type WindowAddress = (value?: string) => string;

/**
 * What says whether a stored page of several advisories (the board index, /status) is current: one read,
 * before the page's data, that moves with every write the page shows and whenever its window moves.
 */
export interface PageWindow {
  /** The validator at the address's query value ('' for the bare path), or null: that one is rendered, never stored. */
  validator(value: string): Promise<string | null>;
}

/** A marked route as the hit path sees it: which addresses it answers, and what validates their stored pages. */
export interface CacheableRoute {
  /** The value the validator is read for, from an address the board links to; null for any other spelling. */
  match(url: string): string | null;
  validator(value: string): Promise<string | null>;
}

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
  /** Pages served from the store, guest pages rendered because none was current, and requests that waited for one being rendered. */
  readonly stats = { hits: 0, misses: 0, waited: 0 };
  private readonly sessionCookie: string;
  private readonly build: string;
  private readonly missed = new WeakMap<IncomingMessage, Missed>();
  /** Pages being rendered for a guest in this process (key and validator): the same page's other guests wait for it. */
  private readonly rendering = new Map<string, Promise<void>>();
  /** Ends the wait of a page being rendered once it is in the store (before its response has gone out). */
  private readonly stored = new WeakMap<ServerResponse, () => void>();

  constructor(
    private readonly pages: PageCacheRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PAGE_STORE) private readonly store: PageStore | null,
  ) {
    this.sessionCookie = sessionCookieName(config);
    this.build = buildId(config);
  }

  /** A route of one advisory's pages: `:id` in its path names the advisory whose thread's revision (and the page epoch) validates them. */
  advisoryRoute(route: string, address: PageAddress): CacheableRoute {
    // The thread's revision and the board's page epoch, both moved by triggers in the writing transaction.
    return { match: cacheableAddress(route, address), validator: (id) => this.pages.validator(id) };
  }

  /**
   * Puts the hit path in front of Express on the server's request event, for the marked routes: each with the
   * addresses the board links its pages by, and what validates them. What goes on to Express goes through the turn
   * budget (withinTurnBudget), with or without a store.
   */
  install(server: Server, express: RequestListener, routes: CacheableRoute[]): void {
    if (!server.listeners('request').includes(express)) throw new Error('GuestPageCache: the server does not hand requests to Express');
    // Stored pages are answered at once; what Express renders is started a turn's share at a time.
    const render = withinTurnBudget(express);
    if (!this.store || routes.length === 0) {
      server.on('request', render);
    } else {
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        const found = this.candidate(req, routes);
        if (found === null) return render(req, res);
        void this.answer(req, res, found).then((answered) => answered || render(req, res));
      });
    }
    server.removeListener('request', express);
  }

  /**
   * The route and validator value of a guest's request a stored page could answer, else null: only at an address
   * the board links to (or its language switch's link to it), and only without a session cookie as the session
   * layer reads cookies: with one, any value, even a bad one, the request goes on to be rendered for its viewer.
   */
  private candidate(req: IncomingMessage, routes: CacheableRoute[]): Candidate | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    const url = req.url ?? '';
    const lang = LANG_LINK.exec(url);
    if (lang && !isLocale(lang[1])) return null;
    const address = lang ? url.slice(0, lang.index) : url;
    for (const route of routes) {
      const value = route.match(address);
      if (value !== null) return carriesSessionCookie(req, this.sessionCookie) ? null : { route, value, lang: lang?.[1] };
    }
    return null;
  }

  /** Answers a guest's page (200 or 304) when a current one is stored; otherwise marks the miss for keepRendering. */
  private async answer(req: IncomingMessage, res: ServerResponse, { route, value, lang }: Candidate): Promise<boolean> {
    try {
      const validator = await route.validator(value);
      if (validator === null) return false;
      const key = `${this.build}|${requestLocale(req, lang).locale}|${req.url}`;
      let stored = await this.store!.get(key, validator);
      const flight = `${key}|${validator}`;
      const rendering = stored ? undefined : this.rendering.get(flight);
      if (rendering) {
        // After a write, the guests of a hot page wait for the one rendering it instead of each rendering it too.
        this.stats.waited++;
        await rendering;
        stored = await this.store!.get(key, validator);
      }
      if (!stored) {
        this.stats.misses++;
        this.missed.set(req, { key, validator, etag: etagOf(key, validator) });
        if (!rendering) this.renders(flight, res);
        return false;
      }
      this.stats.hits++;
      const etag = stored.headers.etag;
      // The request's id goes with the page's headers in one list: any header set before writeHead() would make Node copy them one by one.
      if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
        const headers = Object.entries(stored.headers).filter(([name]) => name !== 'content-type' && name !== 'content-length');
        res.writeHead(304, [...headers.flat(), ...requestIdHeader(res)]).end();
      } else {
        res.writeHead(200, [...headerList(stored), ...requestIdHeader(res)]).end(req.method === 'HEAD' ? undefined : stored.body);
      }
      return true;
    } catch {
      // A failing database answers through the normal path (503 page); the cache never decides that.
      return false;
    }
  }

  /** Marks a page at a validator as being rendered until its response is done (stored, or not: an error page) or a while has passed. */
  private renders(flight: string, res: ServerResponse): void {
    let timer: NodeJS.Timeout;
    const done = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WAIT_FOR_RENDER_MS).unref();
      res.once('close', resolve);
      this.stored.set(res, resolve);
    }).finally(() => {
      clearTimeout(timer);
      if (this.rendering.get(flight) === done) this.rendering.delete(flight);
    });
    this.rendering.set(flight, done);
  }

  /**
   * Express middleware, before the routes: if the hit path marked the request as a guest's miss, what the cacheable
   * route's handler sends (a page it renders, res.render or @Render, or JSON text it sends) goes out with an ETag and
   * is stored under the validator read before its data, with the headers it is sent with, but only if it was sent to
   * a guest: see forGuest(). Middleware rather than an interceptor on each route: an interceptor cost every signed-in
   * request of those routes Nest's AsyncResource.bind and an rxjs pipeline, to find nothing marked.
   */
  readonly keepRendering = (req: IncomingMessage, res: Response, next: () => void): void => {
    const page = this.missed.get(req);
    if (!page) return next();
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      // An object comes back as JSON text; an error page (the exception filter sets its status first) or a viewer's page goes as usual.
      if (!(typeof body === 'string' || Buffer.isBuffer(body)) || res.statusCode !== 200 || !forGuest(res)) return send(body);
      res.send = send;
      this.sendAndStore(res, page, typeof body === 'string' ? Buffer.from(body) : body);
      return res;
    }) as Response['send'];
    next();
  };

  private sendAndStore(res: Response, page: Missed, body: Buffer): void {
    // The route's own validators if it set them (the JSON routes' content hash), else this page's at its validator.
    if (!res.getHeader('ETag')) res.setHeader('ETag', page.etag);
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-cache');
    // An HTML page, unless the route said otherwise (a picture, JSON).
    if (!res.getHeader('Content-Type')) res.type('html');
    res.send(body);
    // Express answered 304 to a client holding this very page; express-session adds its cookie as the headers go out.
    if (res.statusCode !== 200 || !forGuest(res)) return;
    const headers: StoredPage['headers'] = {};
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (!NOT_STORED.has(name) && value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
    }
    const stored = this.stored.get(res);
    void this.store!.set(page.key, { validator: page.validator, headers, body })
      .catch(() => undefined)
      .finally(stored);
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

/**
 * Which requests for a route of several advisories' pages (no `:id`) a stored page may answer: its bare path, or
 * the path with the one query value its address builder takes, spelled exactly as the builder spells it. The
 * value ('' for the bare path) is the window's to check: a value it does not know (a platform nobody lists, a
 * cursor of no shape) gets no validator, so nobody can fill the store with pages of their own.
 */
export function windowAddress(route: string, address: WindowAddress): (url: string) => string | null {
  if (route.includes(':')) throw new Error(`GuestPageCache: ${route}: a window's route has no parameter`);
  return (url) => {
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== route) return null;
    if (q < 0) return address() === url ? '' : null;
    const params = [...new URLSearchParams(url.slice(q + 1))];
    if (params.length !== 1 || params[0][1] === '') return null;
    return address(params[0][1]) === url ? params[0][1] : null;
  };
}

/**
 * Whether a response is a guest's and nobody else's: checked before sending and, for Set-Cookie, once the headers
 * are out. The one cookie allowed is the language link's, which its address alone decides.
 */
function forGuest(res: Response): boolean {
  const req = res.req;
  const cookies = res.getHeader('set-cookie');
  return (
    req.viewer?.isGuest === true &&
    !sessionLoaded(req) &&
    !req.session?.csrfToken &&
    (cookies === undefined || (Array.isArray(cookies) ? cookies : [String(cookies)]).every(isLocaleCookie))
  );
}

/** A stored page's headers as the flat [name, value, …] list writeHead() takes, made once per page the store keeps in memory. */
const HEADER_LISTS = new WeakMap<StoredPage, (string | string[])[]>();

function headerList(page: StoredPage): (string | string[])[] {
  let list = HEADER_LISTS.get(page);
  if (!list) HEADER_LISTS.set(page, (list = Object.entries(page.headers).flat()));
  return list;
}

/** Strong, and only ever this page's at this validator: a reload that changed nothing is a 304. */
function etagOf(key: string, validator: string): string {
  return `"g-${createHash('sha256').update(key).digest('base64url').slice(0, 16)}-${validator}"`;
}

/**
 * Templates, styles and messages of this build, and the settings pages show (verdict thresholds, the absolute
 * addresses of the JSON): a deploy or restart that changes them never serves an older page from a shared store.
 */
export function buildId(config: AppConfig): string {
  const rootDir = config.rootDir;
  const hash = createHash('sha256').update(JSON.stringify([config.verdicts, config.publicBaseUrl]));
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
