import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ReadSql } from '../database/read-sql';
import { rowDate } from '../database/sql';
import { statement } from '../database/statement';
import { Session } from './session.entity';

interface LiveSessionRow {
  data: string;
  expires_at: unknown;
}

/** A stored session: express-session's data (JSON) and when it expires. */
export interface StoredSession {
  data: string;
  expiresAt: Date;
}

const LIVE_SESSION = statement<LiveSessionRow>(
  'SessionsRepository.live',
  'select data, expires_at from sessions where sid = ? and expires_at > ?',
  { hot: true },
);

/** The sessions table: every statement of the database session store. */
@Injectable()
export class SessionsRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly reader: ReadSql,
  ) {}

  /** Read on every signed-in request: a prepared statement, not the ORM. */
  async live(sid: string, now = new Date()): Promise<StoredSession | null> {
    const row = await this.reader.row(LIVE_SESSION, [sid, now]);
    return row ? { data: row.data, expiresAt: rowDate(row.expires_at)! } : null;
  }

  async save(sid: string, userId: number | null, data: string, expiresAt: Date): Promise<void> {
    const session = new Session(sid, data, expiresAt);
    session.userId = userId;
    await this.em.fork().upsert(session);
  }

  async extend(sid: string, expiresAt: Date): Promise<void> {
    await this.em.fork().nativeUpdate(Session, { sid }, { expiresAt });
  }

  async remove(sid: string): Promise<void> {
    await this.em.fork().nativeDelete(Session, { sid });
  }

  /** Ends every session of a user except one; returns how many ended. */
  removeOfUser(userId: number, exceptSid?: string): Promise<number> {
    return this.em.fork().nativeDelete(Session, exceptSid ? { userId, sid: { $ne: exceptSid } } : { userId });
  }

  removeExpired(now = new Date()): Promise<number> {
    return this.em.fork().nativeDelete(Session, { expiresAt: { $lte: now } });
  }
}
