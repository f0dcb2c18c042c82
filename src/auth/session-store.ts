import { MikroORM } from '@mikro-orm/core';
import session from 'express-session';
import { Session } from './session.entity';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** express-session's store on our own database (SQLite or PostgreSQL), so sessions survive a restart. */
export class DbSessionStore extends session.Store {
  constructor(
    private readonly orm: MikroORM,
    private readonly idleSeconds: number,
  ) {
    super();
  }

  private em() {
    return this.orm.em.fork();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.em()
      .findOne(Session, { sid, expiresAt: { $gt: new Date() } })
      .then((row) => cb(null, row ? (JSON.parse(row.data) as session.SessionData) : null), cb);
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
    const userId = (data as { passport?: { user?: number } }).passport?.user ?? null;
    this.em()
      .upsert(Session, { sid, userId, data: JSON.stringify(data), expiresAt: this.expiry(data) }, { onConflictFields: ['sid'] })
      .then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => undefined): void {
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
