import { ConnectionException, LockWaitTimeoutException } from '@mikro-orm/core';

// Network failures, PostgreSQL shutting down or refusing connections (57P0x, 53300), SQLite busy beyond its timeout.
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'SQLITE_BUSY',
]);
const MESSAGES =
  /Connection terminated|Connection is closed|timeout exceeded when trying to connect|Timeout acquiring a connection|Client has encountered a connection error/i;

/**
 * Whether an error means the database (or Redis) cannot be reached right now, rather than a bug:
 * such a request is answered 503 with a readable page, and the next one may well succeed.
 */
export function isServiceUnavailable(err: unknown): boolean {
  let e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; previous?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof ConnectionException || e instanceof LockWaitTimeoutException) return true;
    if (typeof e.code === 'string' && (CODES.has(e.code) || /^08/.test(e.code))) return true;
    if (e.name === 'KnexTimeoutError' || e.name === 'MaxRetriesPerRequestError') return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
    e = (e.cause ?? e.previous) as typeof e;
  }
  return false;
}
