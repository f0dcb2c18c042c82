import { DateTimeType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A server-side session: express-session's data, kept in the database so it survives restarts. */
@Entity({ tableName: 'sessions' })
export class Session {
  @PrimaryKey({ type: 'string', length: 64 })
  sid: string;

  /** Set while signed in, so that a password change can end the user's other sessions. */
  @Index({ name: 'sessions_user_id_index' })
  @Property({ type: 'integer', nullable: true })
  userId: number | null = null;

  @Property({ type: 'text' })
  data: string;

  @Index({ name: 'sessions_expires_at_index' })
  @Property({ type: DateTimeType })
  expiresAt: Date;

  constructor(sid: string, data: string, expiresAt: Date) {
    this.sid = sid;
    this.data = data;
    this.expiresAt = expiresAt;
  }
}
