import { EntityManager, LockMode } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { one, rowDate, run } from '../database/sql';
import { statement } from '../database/statement';
import { TurnBatch } from '../database/turn-batch';
import { Role, ViewerState } from '../policy/viewer';
import { User } from './user.entity';

interface SessionViewerRow {
  id: number;
  username: string;
  role: string;
  state: string;
  state_until: unknown;
  state_reason: string | null;
  unread_notifications: number | string;
  email_confirmed_at: unknown;
  approved_posts: number | string;
}

/** Who a session's user id is, as every signed-in request needs it. */
export interface SessionViewer {
  id: number;
  username: string;
  role: Role;
  state: ViewerState;
  stateUntil: Date | null;
  stateReason: string | null;
  unreadNotifications: number;
  /** Whether the member has confirmed their e-mail address (until then their posts wait, and pages say so). */
  emailConfirmed: boolean;
  /** How many of the member's posts were published: a page's post form tells a new member theirs will wait. */
  approvedPosts: number;
}

/** What decides whether a member's next post waits for a moderator (PostsService.approval). */
export interface PostingRecord {
  approvedPosts: number;
  emailConfirmed: boolean;
}

/** The posting record a signed-in request's viewer carries (read with it, see sessionViewer), or null for one that carries none. */
export function postingRecordOf(viewer: object): PostingRecord | null {
  const { approvedPosts, emailConfirmed } = viewer as Partial<PostingRecord>;
  return typeof approvedPosts === 'number' && typeof emailConfirmed === 'boolean' ? { approvedPosts, emailConfirmed } : null;
}

const VIEWER_COLUMNS = 'id, username, role, state, state_until, state_reason, unread_notifications, email_confirmed_at, approved_posts';

const SESSION_VIEWER = statement<SessionViewerRow>('UsersRepository.sessionViewer', `select ${VIEWER_COLUMNS} from users where id = ?`, {
  hot: true,
});

const SESSION_VIEWERS = statement<SessionViewerRow>(
  'UsersRepository.sessionViewer',
  `select ${VIEWER_COLUMNS} from users where id = any(?::int[])`,
  { hot: true, engine: 'postgresql' },
);

const POSTING_RECORD = statement<{ approved_posts: number | string; email_confirmed_at: unknown }>(
  'UsersRepository.postingRecord',
  'select approved_posts, email_confirmed_at from users where id = ?',
  { hot: true },
);

// In the posting transaction: the member's counters move with the post.
const COUNT_PUBLISHED = statement(
  'UsersRepository.countPublished',
  'update users set post_count = post_count + 1, approved_posts = approved_posts + 1 where id = ?',
  { hot: true },
);

/** The users table: accounts by id, name and e-mail, the member list, and the session viewer. */
@Injectable()
export class UsersRepository {
  /** On PostgreSQL, where each read is a round trip: the members of one turn are read together (as the pages' validators are). */
  private readonly viewers: TurnBatch<number, SessionViewerRow> | null;

  constructor(
    private readonly em: EntityManager,
    private readonly reader: ReadSql,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.viewers = config.database.engine === 'postgresql' ? new TurnBatch((ids) => this.viewerRows(ids)) : null;
  }

  /** On every signed-in request: a prepared statement, not the ORM. */
  async sessionViewer(id: number): Promise<SessionViewer | null> {
    const row = this.viewers ? await this.viewers.get(id) : await this.reader.row(SESSION_VIEWER, [id]);
    return row ? sessionViewer(row) : null;
  }

  private async viewerRows(ids: number[]): Promise<Map<number, SessionViewerRow>> {
    const rows = await this.reader.rows(SESSION_VIEWERS, [ids]);
    return new Map(rows.map((r) => [Number(r.id), r]));
  }

  /** How many of the member's posts were published and whether their address is confirmed (else their posts wait for a moderator). */
  async postingRecord(em: EntityManager | null, userId: number): Promise<PostingRecord> {
    // A page's read (em null) goes on the prepared read connection: through the ORM it cost more than the page's other queries.
    const row = em ? await one(em, POSTING_RECORD, [userId]) : await this.reader.row(POSTING_RECORD, [userId]);
    return { approvedPosts: Number(row?.approved_posts ?? 0), emailConfirmed: rowDate(row?.email_confirmed_at) !== null };
  }

  /** One more published post of the member's. */
  async countPublished(em: EntityManager, userId: number): Promise<void> {
    await run(em, COUNT_PUBLISHED, [userId]);
  }

  async usernameTaken(em: EntityManager, key: string): Promise<boolean> {
    return (await em.count(User, { usernameKey: key })) > 0;
  }

  async emailTaken(em: EntityManager, email: string): Promise<boolean> {
    return (await em.count(User, { email })) > 0;
  }

  add(em: EntityManager, user: User): void {
    em.persist(user);
  }

  byId(id: number, em: EntityManager = this.em.fork()): Promise<User | null> {
    return em.findOne(User, { id });
  }

  /** With the password hash, which is otherwise never loaded. */
  withPassword(em: EntityManager, id: number): Promise<User> {
    return em.findOneOrFail(User, { id }, { populate: ['passwordHash'] });
  }

  /** A new password hash, written at once (the entity came from withPassword in the same em). */
  async setPassword(em: EntityManager, user: User, hash: string, at = new Date()): Promise<void> {
    user.passwordHash = hash;
    user.passwordChangedAt = at;
    await em.flush();
  }

  /** The member's address is confirmed now, unless it was already. */
  async confirmEmail(em: EntityManager, id: number, at = new Date()): Promise<void> {
    await em.nativeUpdate(User, { id, emailConfirmedAt: null }, { emailConfirmedAt: at });
  }

  /** By address as stored (trimmed, lower case). */
  byEmail(email: string): Promise<User | null> {
    return this.em.fork().findOne(User, { email });
  }

  byUsernameKeyWithPassword(key: string): Promise<User | null> {
    return this.em.fork().findOne(User, { usernameKey: key }, { populate: ['passwordHash'] });
  }

  byUsernameKey(key: string): Promise<User | null> {
    return this.em.fork().findOne(User, { usernameKey: key });
  }

  /** How many admins there are, their rows locked on PostgreSQL (SQLite runs one writer at a time already). */
  async countAdminsLocked(em: EntityManager): Promise<number> {
    const lock = this.config.database.engine === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE as const } : {};
    return (await em.find(User, { role: Role.Admin }, { fields: ['id'], ...lock })).length;
  }

  /** Members by id after a keyset, one more than asked for (to tell whether there is a next page). */
  listAfter(afterId: number | null, limit: number): Promise<User[]> {
    return this.em.fork().find(User, afterId ? { id: { $gt: afterId } } : {}, { orderBy: { id: 'asc' }, limit: limit + 1 });
  }
}

function sessionViewer(row: SessionViewerRow): SessionViewer {
  return {
    id: Number(row.id),
    username: String(row.username),
    role: row.role as Role,
    state: row.state as ViewerState,
    stateUntil: rowDate(row.state_until),
    stateReason: row.state_reason,
    unreadNotifications: Number(row.unread_notifications),
    emailConfirmed: rowDate(row.email_confirmed_at) !== null,
    approvedPosts: Number(row.approved_posts),
  };
}
