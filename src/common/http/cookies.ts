import { parse } from 'cookie';
import type { IncomingMessage } from 'node:http';

/**
 * The request's cookies as express-session reads them: the same `cookie` parser (a spec checks it is
 * the very module express-session loads), so spaces, tabs, quotes and repeated names mean the same
 * to every part of the board.
 */
export function requestCookies(req: IncomingMessage): Record<string, string | undefined> {
  const header = req.headers.cookie;
  return header ? parse(header) : {};
}
