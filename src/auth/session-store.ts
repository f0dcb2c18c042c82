import { MikroORM } from '@mikro-orm/core';
import type { Request } from 'express';
import session from 'express-session';
import type { IncomingMessage } from 'node:http';
import { ReadSql } from '../database/read-sql';
import { rowDate } from '../database/sql';
import { Session } from './session.entity';

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
    private readonly orm: MikroORM,
    private readonly reader: ReadSql,
    private readonly idleSeconds: number,
  ) {
    super();
  }

  private em() {
    return this.orm.em.fork();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    // Read on every signed-in request: a prepared statement, not the ORM.
    this.reader
      .get<{ data: string; expires_at: unknown }>('select data, expires_at from sessions where sid = ? and expires_at > ?', [
        sid,
        new Date(),
      ])
      .then(
        (row) =>
          cb(null, row ? ({ ...JSON.parse(row.data), [STORED_EXPIRY]: rowDate(row.expires_at)!.getTime() } as session.SessionData) : null),
        cb,
      );
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    const userId = (data as { passport?: { user?: number } }).passport?.user ?? null;
    const { [STORED_EXPIRY]: _, ...rest } = data as session.SessionData & { [STORED_EXPIRY]?: number };
    this.em()
      .upsert(Session, { sid, userId, data: JSON.stringify(rest), expiresAt: this.expiry(data) }, { onConflictFields: ['sid'] })
      .then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    // Browsing page after page would write the row on every request; a little slack (≤ 1 min) saves that.
    const stored = (data as { [STORED_EXPIRY]?: number })[STORED_EXPIRY];
    const slack = Math.min(TOUCH_SLACK_MS, (this.idleSeconds * 1000) / 10);
    if (stored && this.expiry(data).getTime() - stored < slack) return cb();
    this.em()
      .nativeUpdate(Session, { sid }, { expiresAt: this.expiry(data) })
      .then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => undefined): void {
    this.em()
      .nativeDelete(Session, { sid })
      .then(() => cb(), cb);
  }

  /** Ends every session of a user except one (after a password change). */
  async destroyUserSessions(userId: number, exceptSid?: string): Promise<number> {
    return this.em().nativeDelete(Session, exceptSid ? { userId, sid: { $ne: exceptSid } } : { userId });
  }

  /** Removes expired rows; called now and then so the table does not grow without bound. */
  async prune(): Promise<number> {
    return this.em().nativeDelete(Session, { expiresAt: { $lte: new Date() } });
  }

  private expiry(data: session.SessionData): Date {
    return data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + this.idleSeconds * 1000);
  }
}
