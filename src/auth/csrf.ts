import { ForbiddenException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/config';
import { MULTIPART_FORM_PATHS } from './upload-form';
import { UNSUBSCRIBE_PATH } from '../paths';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's CSRF token, made on first use (a guest gets a session when a form is shown). */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/** Every mutating request needs the session's token in `_csrf` (or X-CSRF-Token) and, when sent, a same-origin Origin. */
export function csrfProtection(config: AppConfig) {
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
