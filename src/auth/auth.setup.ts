import { ForbiddenException } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Passport } from 'passport';
import { AppConfig } from '../config/config';
import { UNSUBSCRIBE_PATH } from '../mail/mail.paths';
import { GUEST, Role, signedIn, Viewer, ViewerState } from '../policy/viewer';
import { stateNow } from '../policy/rules/subjects';
import { ReadSql } from '../database/read-sql';
import { rowDate } from '../database/sql';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { SESSION_STORE } from './auth.tokens';
import { MULTIPART_FORM_PATHS } from './upload-form';
import { BoardSessionStore } from './session-store';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    /** When this signed-in session began: the absolute time-out counts from here. */
    signedInAt?: number;
    flash?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User {
      id: number;
    }
    interface Request {
      viewer?: Viewer;
      /** A multipart form's CSRF token is checked by its route once multer has read it (UploadPost). */
      csrfDeferred?: boolean;
    }
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The name of the session cookie: `__Host-` in production binds it to this host over HTTPS only. */
export function sessionCookieName(config: AppConfig): string {
  return config.env === 'production' ? '__Host-hfr_session' : 'hfr_session';
}

/** Sessions (in the database, or Redis with REDIS_URL), passport on top, the viewer object, and CSRF checks: in this order. */
export function configureSessions(app: NestExpressApplication, config: AppConfig): void {
  const store = app.get<BoardSessionStore>(SESSION_STORE);
  const production = config.env === 'production';
  app.use(
    session({
      name: sessionCookieName(config),
      secret: config.sessionSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      proxy: config.trustProxy !== false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: config.sessions.idleSeconds * 1000 },
    }),
  );

  // Absolute time-out: however active, a signed-in session ends after SESSION_MAX_DAYS.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const started = req.session?.signedInAt;
    if (started && Date.now() - started > config.sessions.absoluteSeconds * 1000) {
      return req.session.regenerate((err) => next(err));
    }
    next();
  });

  // One passport per app: the module-level instance would keep deserializers of apps already closed.
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user.id));
  const policy = app.get(PolicyService);
  const reader = app.get(ReadSql);
  // On every signed-in request: a prepared statement, not the ORM.
  passport.deserializeUser((id: number, done) => {
    reader
      .get<Record<string, unknown>>('select id, username, role, state, state_until, state_reason, unread_notifications from users where id = ?', [id])
      .then((row) => {
        const user = row && { id: Number(row.id), state: row.state as ViewerState, stateUntil: rowDate(row.state_until) };
        // A deleted or suspended account is signed out on its next request.
        if (!row || !user || !policy.can(GUEST, Action.SignIn, user)) return done(null, false);
        const viewer = signedIn(user.id, String(row.username), row.role as Role, stateNow(user));
        done(null, Object.assign({ stateUntil: user.stateUntil, stateReason: row.state_reason as string | null, unreadNotifications: Number(row.unread_notifications) }, viewer) as Viewer & { id: number });
      }, done);
  });
  app.use(passport.initialize());
  app.use(passport.session());

  app.use((req: Request, res: Response, next: NextFunction) => {
    req.viewer = (req.user as Viewer | undefined) ?? GUEST;
    res.locals.viewer = req.viewer;
    res.locals.signedIn = !req.viewer.isGuest;
    res.locals.canModerate = policy.can(req.viewer, Action.ModerateQueue);
    res.locals.canEditAdvisories = policy.can(req.viewer, Action.EditAdvisory);
    // A silenced member is told on every page why they cannot post, and until when.
    if (req.viewer.state === 'silenced') {
      const { stateUntil, stateReason } = req.user as unknown as { stateUntil: Date | null; stateReason: string | null };
      res.locals.accountNotice = { key: stateUntil ? 'account.silenced' : 'account.silencedIndefinitely', until: stateUntil, reason: stateReason };
    }
    // Signed-in pages carry the logout form, so they always need a token.
    if (!req.viewer.isGuest) res.locals.csrfToken = csrfToken(req);
    else if (req.session?.csrfToken) res.locals.csrfToken = req.session.csrfToken;
    next();
  });
  app.use(csrfProtection(config));
}

/** The session's CSRF token, made on first use (a guest gets a session when a form is shown). */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/** Every mutating request needs the session's token in `_csrf` (or X-CSRF-Token) and, when sent, a same-origin Origin. */
function csrfProtection(config: AppConfig) {
  const trusted = new URL(config.publicBaseUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    // The one exemption: RFC 8058 one-click unsubscribe is POSTed by mail clients with no session, hence no
    // CSRF token. Its signed token is itself the authorisation, names one member's watch, and only turns email off.
    if (req.path === UNSUBSCRIBE_PATH) return next();
    const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
    const own = `${req.protocol}://${req.get('host')}`;
    if (origin && origin !== own && origin !== trusted) return next(new ForbiddenException('cross-origin request'));
    if (req.is('multipart/form-data') && MULTIPART_FORM_PATHS.has(req.path)) {
      req.csrfDeferred = true;
      return next();
    }
    const body = req.body as Record<string, unknown> | undefined;
    const sent = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
    const expected = req.session?.csrfToken;
    if (!sent || !expected || !sameToken(sent, expected)) return next(new ForbiddenException('missing or wrong CSRF token'));
    if (body) delete body._csrf;
    next();
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
