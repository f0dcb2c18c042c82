import type { Request } from 'express';
import session from 'express-session';
import type { IncomingMessage } from 'node:http';
import { SessionsRepository } from './sessions.repository';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** The expiry read from the row, carried on the loaded session so that touch() can skip needless writes. */
const STORED_EXPIRY = '_storedExpiry';
const TOUCH_SLACK_MS = 60_000;

const LOADED = new WeakSet<IncomingMessage>();

/** Whether this request's session was read from the store: its cookie named a live session. */
export function sessionLoaded(req: IncomingMessage): boolean {
  return LOADED.has(req);
}

/** express-session's store plus what the board needs beyond it; in the database, or in Redis for several instances. */
export abstract class BoardSessionStore extends session.Store {
  /** express-session calls this for every session it loads, and only then. */
  override createSession(req: Request, data: session.SessionData): session.Session & session.SessionData {
    LOADED.add(req);
    return super.createSession(req, data);
  }

  /** Ends every session of a user except one (after a password change); returns how many ended. */
  abstract destroyUserSessions(userId: number, exceptSid?: string): Promise<number>;
  /** Removes expired sessions where the store does not expire them itself. */
  abstract prune(): Promise<number>;
}

/** Sessions in our own database (SQLite or PostgreSQL), so they survive a restart. */
export class DbSessionStore extends BoardSessionStore {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly idleSeconds: number,
  ) {
    super();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.sessions
      .live(sid)
      .then(
        (row) => cb(null, row ? ({ ...JSON.parse(row.data), [STORED_EXPIRY]: row.expiresAt.getTime() } as session.SessionData) : null),
        cb,
      );
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    const userId = (data as { passport?: { user?: number } }).passport?.user ?? null;
    const { [STORED_EXPIRY]: _, ...rest } = data as session.SessionData & { [STORED_EXPIRY]?: number };
    this.sessions.save(sid, userId, JSON.stringify(rest), this.expiry(data)).then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    // Browsing page after page would write the row on every request; a little slack (≤ 1 min) saves that.
    const stored = (data as { [STORED_EXPIRY]?: number })[STORED_EXPIRY];
    const slack = Math.min(TOUCH_SLACK_MS, (this.idleSeconds * 1000) / 10);
    if (stored && this.expiry(data).getTime() - stored < slack) return cb();
    this.sessions.extend(sid, this.expiry(data)).then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => undefined): void {
    this.sessions.remove(sid).then(() => cb(), cb);
  }

  /** Ends every session of a user except one (after a password change). */
  async destroyUserSessions(userId: number, exceptSid?: string): Promise<number> {
    return this.sessions.removeOfUser(userId, exceptSid);
  }

  /** Removes expired rows; called now and then so the table does not grow without bound. */
  async prune(): Promise<number> {
    return this.sessions.removeExpired();
  }

  private expiry(data: session.SessionData): Date {
    return data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + this.idleSeconds * 1000);
  }
}
