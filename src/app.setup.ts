import { DynamicModule, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import proxyaddr from 'proxy-addr';
import { normalizeAdvisoryId } from './advisories/advisory-format';
import { ADVISORY_FORM_PATHS } from './advisories/advisory-form';
import { BoardExpressAdapter } from './common/http/express-adapter';
import { localeMiddleware } from './common/i18n/locale.middleware';
import { configureSessions } from './auth/auth.setup';
import { ModerationService } from './moderation/moderation.service';
import { GuestPageCache } from './page-cache/guest-page-cache';
import { queueCount } from './moderation/queue-count.middleware';
import { PolicyService } from './policy/policy.service';
import { refuseNulBytes } from './common/middleware/refuse-nul-bytes';
import { expressErrorHandler, HttpExceptionFilter } from './common/filters/http-exception.filter';
import { globalValidationPipe } from './common/forms/validate-form';
import { LogDestination, RequestLog, sendRequestId } from './common/logging/request-logger';
import { createViewEngine } from './common/views/view-engine';
import { AppConfig } from './config/config';
import { advisoryPath } from './paths';

/**
 * The board's Nest HTTP app, as main.ts and the tests make it: Express through BoardExpressAdapter (requests made with
 * Express's prototypes), Nest's own body parsers off (ours run before the CSRF check, in configureApp).
 */
export function createHttpApp(module: DynamicModule, options: NestApplicationOptions = {}): Promise<NestExpressApplication> {
  return NestFactory.create<NestExpressApplication>(module, new BoardExpressAdapter(), { ...options, bodyParser: false });
}

/**
 * Everything about the HTTP app: views, static files, headers, sessions, CSRF, pipes, filters. main.ts and tests share it.
 * The request log goes to stdout unless a test gives it a destination of its own.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig, requestLog?: LogDestination): NestExpressApplication {
  const production = config.env === 'production';
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No hash of every body: what can be revalidated carries the board's own validator (the guest page cache's, the feeds'
  // and JSON's content hash). A member's page is new each time (its forms' one-time keys); any other page is rendered
  // whole before Express could answer 304, so its hash saved bytes, never work.
  app.set('etag', false);
  logRequests(app, config, requestLog);
  app.use(app.get(GuestPageCache).keepRendering);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      hsts: production,
    }),
  );

  const publicDir = join(config.rootDir, 'public');
  app.useStaticAssets(publicDir, { prefix: '/static/', maxAge: '365d', immutable: true, index: false });
  const assetVersion = createHash('sha256')
    .update(readFileSync(join(publicDir, 'css', 'app.css')))
    .digest('hex')
    .slice(0, 10);

  app.use(canonicalAdvisoryIds);
  app.use(localeMiddleware(production));
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.assetVersion = assetVersion;
    res.locals.currentPath = req.path;
    next();
  });
  // Flat urlencoded fields only: "role[x]=" stays a plain key, so no nested object reaches a form.
  // 20,000 Japanese characters are 180 KB once percent-encoded; anything far past that is refused with 413.
  // The advisory form holds a whole bulletin (MS04-044 alone posts ~700 fields): the same parser, larger limits.
  app.use(ADVISORY_FORM_PATHS, urlencoded({ extended: false, limit: '2mb', parameterLimit: 20_000 }));
  app.useBodyParser('urlencoded', { extended: false, limit: '256kb', parameterLimit: 200 });
  app.useBodyParser('json', { limit: '100kb' });
  app.use(refuseNulBytes);
  configureSessions(app, config);
  // Every page a moderator opens shows the queue's count in the header.
  app.use(queueCount(app.get(PolicyService), app.get(ModerationService)));
  app.use(expressErrorHandler);

  const viewsDir = join(config.rootDir, 'views');
  const engine = createViewEngine(viewsDir);
  app.engine('hbs', engine.expressEngine);
  app.setBaseViewsDir(viewsDir);
  app.setViewEngine('hbs');
  app.set('view cache', true);
  pagesAreHtml(app);

  app.useGlobalPipes(globalValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  return app;
}

/** The request log, on the server's own request event: pages answered before Express (the guest page cache's) are logged too. */
function logRequests(app: NestExpressApplication, config: AppConfig, destination?: LogDestination): void {
  if (!config.logRequests) return;
  const expressApp = app.getHttpAdapter().getInstance();
  // Express's compiled 'trust proxy' setting, set by configureApp before this and never after.
  const trust = expressApp.get('trust proxy fn') as (addr: string, i: number) => boolean;
  app.get(RequestLog).install(app.getHttpServer(), clientAddress(trust), destination);
  app.use(sendRequestId);
}

/**
 * req.ip as Express works it out (proxy-addr, its trust setting), kept for the socket address and X-Forwarded-For it
 * was worked out from, which are all it reads: parsing every address of the chain was a third of a log line's cost.
 */
function clientAddress(trust: (addr: string, i: number) => boolean): (req: IncomingMessage) => string {
  let known = new Map<string, string>();
  return (req) => {
    const key = `${req.socket.remoteAddress ?? ''}|${String(req.headers['x-forwarded-for'] ?? '')}`;
    // A long chain (anyone can send one) is worked out each time rather than kept.
    if (key.length > 200) return proxyaddr(req, trust);
    let ip = known.get(key);
    if (ip === undefined) {
      if (known.size >= 1000) known = new Map<string, string>();
      known.set(key, (ip = proxyaddr(req, trust)));
    }
    return ip;
  };
}

/**
 * A view renders to text or, when it uses shared parts (a member's thread page), to the page's bytes: Express sends
 * either as an HTML page (it would call bytes application/octet-stream). Its own default callback otherwise.
 */
function pagesAreHtml(app: NestExpressApplication): void {
  type Rendered = (err: Error | null, page?: string | Buffer) => void;
  type Render = (this: Response, view: string, options?: object, callback?: Rendered) => void;
  const response = (app.getHttpAdapter().getInstance() as { response: { render: Render } }).response;
  const render = response.render;
  response.render = function (view, options, callback) {
    const done: Rendered = (err, page) =>
      err ? (this.req.next as NextFunction)(err) : Buffer.isBuffer(page) ? this.type('html').send(page) : this.send(page);
    render.call(this, view, options, callback ?? done);
  };
}

const ADVISORY_IN_PATH = /^\/advisories\/([^/.]+)(.*)$/;

/** Advisory ids in URLs are case-insensitive: /advisories/ms04-044 (or " MS04-044 ") → 301 /advisories/MS04-044. */
function canonicalAdvisoryIds(req: Request, res: Response, next: NextFunction) {
  const m = ADVISORY_IN_PATH.exec(req.path);
  const id = m ? normalizeAdvisoryId(decodedSegment(m[1])) : null;
  if (m && id && id !== m[1]) {
    const query = req.originalUrl.slice(req.originalUrl.indexOf('?') >= 0 ? req.originalUrl.indexOf('?') : req.originalUrl.length);
    return res.redirect(301, `${advisoryPath(id)}${m[2]}${query}`);
  }
  next();
}

/** A path segment as the router will see it; malformed percent-encoding is left for the router to refuse. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
