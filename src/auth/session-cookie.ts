import type { IncomingMessage } from 'node:http';
import { requestCookies } from '../common/http/cookies';
import type { AppConfig } from '../config/config';

/** The session cookie's name, the one express-session is given: `__Host-` in production binds it to this host over HTTPS only. */
export function sessionCookieName(config: Pick<AppConfig, 'env'>): string {
  return config.env === 'production' ? '__Host-hfr_session' : 'hfr_session';
}

/**
 * Whether a request carries the session cookie, as the session layer parses cookies (spaces, tabs, quotes,
 * several cookies). Any value counts, even one the session layer will refuse: without it, a request is a guest's.
 */
export function carriesSessionCookie(req: IncomingMessage, name: string): boolean {
  return requestCookies(req)[name] !== undefined;
}
