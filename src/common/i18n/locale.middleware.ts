import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { requestCookies } from '../http/cookies';
import { negotiateLocale } from './i18n';

const ONE_YEAR = 365 * 24 * 3600;
/** Where a chosen language is remembered. */
const LOCALE_COOKIE = 'lang';

/** Sets res.locals.locale for the views, remembers ?lang= in a cookie, and links the other language. */
export function localeMiddleware(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { locale, remember } = requestLocale(req, req.query.lang);
    if (remember) {
      res.append(
        'Set-Cookie',
        `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR}; HttpOnly; SameSite=Lax${secureCookies ? '; Secure' : ''}`,
      );
    }
    res.append('Vary', 'Accept-Language, Cookie');
    res.setHeader('Content-Language', locale);
    const other = locale === 'ja' ? 'en' : 'ja';
    const params = new URLSearchParams(req.query as Record<string, string>);
    params.set('lang', other);
    res.locals.locale = locale;
    res.locals.otherLocale = { code: other, url: `${req.path}?${params.toString()}` };
    next();
  };
}

/** The language of a request: ?lang=, else the lang cookie, else Accept-Language. */
export function requestLocale(req: IncomingMessage, queryLang: unknown) {
  return negotiateLocale(queryLang, requestCookies(req)[LOCALE_COOKIE], req.headers['accept-language']);
}

/** Whether a Set-Cookie header is the one this middleware sets: a stored guest page may carry it (it follows from ?lang= alone). */
export function isLocaleCookie(header: string): boolean {
  return header.startsWith(`${LOCALE_COOKIE}=`);
}
