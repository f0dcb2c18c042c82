import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { all, dbDate, one, run } from '../database/sql';
import { statement } from '../database/statement';
import { PostRevision } from './post-revision.entity';
import { Post } from './post.entity';
import { Thread } from './thread.entity';
import { PostState } from '../policy/rules/subjects';
import { PostSubjectRow, ThreadSubjectRow } from './subject-rows';

/** A new post as the posting transaction writes it (numbered last, by number()). */
export interface NewPost {
  threadId: number;
  authorId: number;
  source: string;
  html: string;
  isReport: boolean;
  held: boolean;
  replyToId: number | null;
  idempotencyKey: string | null;
  createdAt: Date;
}

const THREAD_TO_POST_IN = statement<ThreadSubjectRow>(
  'PostsRepository.threadToPostIn',
  'select t.locked, a.id as advisory_id, a.status from threads t join advisories a on a.id = t.advisory_id where t.id = ?',
  { hot: true },
);

// The thread's next number: a held post takes its number but does not move the thread's last activity.
const HELD_COUNTERS = 'post_count = post_count + 1';
const PUBLIC_COUNTERS = `${HELD_COUNTERS}, last_posted_at = ?`;
const takeNumber = (counters: string) => `update threads set ${counters} where id = ? returning post_count`;

const NUMBER_HELD = statement<{ post_count: number | string }>('PostsRepository.number', takeNumber(HELD_COUNTERS), { hot: true });
const NUMBER_PUBLIC = statement<{ post_count: number | string }>('PostsRepository.number', takeNumber(PUBLIC_COUNTERS), { hot: true });

// Number 0 until number() gives the post its own, last in the transaction: no post of the thread has it once committed
// (posts_thread_number_unique is checked at commit on PostgreSQL, so writers of one thread do not wait for each other's 0).
const INSERT_POST = statement<{ id: number | string }>(
  'PostsRepository.insert',
  `insert into posts (thread_id, number, author_id, body_source, body_html, is_report, state, reply_to_id, revision_count, created_at, idempotency_key)
    values (?, 0, ?, ?, ?, ?, ?, ?, 0, ?, ?) returning id`,
  { hot: true },
);

const SET_NUMBER = statement('PostsRepository.number', 'update posts set number = ? where id = ?', { hot: true });

// PostgreSQL takes the number and gives it to the post in one statement: one round trip fewer under the thread's row lock.
const numbered = (counters: string) =>
  `with n as (${takeNumber(counters)}) update posts set number = n.post_count from n where posts.id = ? returning posts.number`;
const NUMBER_HELD_POST = statement<{ number: number | string }>('PostsRepository.number', numbered(HELD_COUNTERS), {
  engine: 'postgresql',
  hot: true,
});
const NUMBER_PUBLIC_POST = statement<{ number: number | string }>('PostsRepository.number', numbered(PUBLIC_COUNTERS), {
  engine: 'postgresql',
  hot: true,
});

const AUTHOR_OF = statement<{ author_id: number }>('PostsRepository.authorOf', 'select author_id from posts where id = ?', { hot: true });

const REPLY_TARGET = statement<PostSubjectRow & { id: number }>(
  'PostsRepository.replyTarget',
  'select id, author_id, state, created_at from posts where id = ? and thread_id = ?',
  { hot: true },
);

const NEXT_REVISION = statement<{ revision_count: number | string; body_source: string }>(
  'PostsRepository.nextRevision',
  'update posts set revision_count = revision_count + 1 where id = ? and (body_source <> ? or ? = 1) returning revision_count, body_source',
  { hot: true },
);

/** One of a member's posts (not a field report) as their profile lists it, with what the policy needs. */
export interface MemberPostRow extends PostSubjectRow, ThreadSubjectRow {
  id: number;
  number: number;
  thread_id: number;
  excerpt: string;
}

// Keyset by posts_author_idx (author_id, id), newest first; the excerpt is cut in SQL so long bodies stay in the table.
const BY_AUTHOR = statement<MemberPostRow>(
  'PostsRepository.byAuthor',
  `select p.id, p.number, p.author_id, p.state, p.created_at, p.thread_id, t.locked, a.id as advisory_id, a.status, substr(p.body_source, 1, 400) as excerpt
    from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id
    where p.author_id = ? and p.id <= ? and p.is_report = false and p.state in (?*) and a.status in (?*) order by p.id desc limit ?`,
  { hot: true },
);

/** Held posts: the review queue lists them, and the header counts them (a literal, so the partial index posts_held_idx serves it). */
const HELD: PostState = 'held';

const HELD_COUNT = statement<{ n: number | string }>(
  'PostsRepository.heldCount',
  `select count(*) as n from posts where state = '${HELD}'`,
  {
    hot: true,
  },
);

/** A post made by a form's sending: where it stands, and who sent what where. */
export interface SentPost {
  id: number;
  number: number;
  authorId: number;
  threadId: number;
  source: string;
}

const BY_IDEMPOTENCY_KEY = statement<{
  id: number | string;
  number: number | string;
  author_id: number | string;
  thread_id: number | string;
  body_source: string;
}>('PostsRepository.byIdempotencyKey', 'select id, number, author_id, thread_id, body_source from posts where idempotency_key = ?', {
  hot: true,
});

// A row lock that lets the post's other columns change but not the post go away; SQLite has one writer anyway.
const LOCK = statement('PostsRepository.lock', 'select id from posts where id = ? for no key update', { engine: 'postgresql', hot: true });

/**
 * Posts and their revisions. The posting transaction is plain statements (the board's busiest write);
 * edits, deletes and moderation work on entities.
 */
@Injectable()
export class PostsRepository {
  private readonly postgres: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reader: ReadSql,
  ) {
    this.postgres = config.database.engine === 'postgresql';
  }

  /** Holds the post until the caller's transaction ends, so actions on it (flags) take turns. */
  async lock(em: EntityManager, postId: number): Promise<void> {
    if (this.postgres) await all(em, LOCK, [postId]);
  }

  /** What the policy needs of a thread to let someone post in it, or undefined. */
  threadToPostIn(em: EntityManager, threadId: number): Promise<ThreadSubjectRow | undefined> {
    return one(em, THREAD_TO_POST_IN, [threadId]);
  }

  /**
   * Gives the new post the thread's next dense post number, taken under the thread's row lock (a public post also
   * moves its last activity). Writers of one thread queue on that lock until they commit, so the caller takes it last.
   */
  async number(em: EntityManager, threadId: number, postId: number, held: boolean, at: Date): Promise<number> {
    if (this.postgres) {
      const row = held
        ? await one(em, NUMBER_HELD_POST, [threadId, postId])
        : await one(em, NUMBER_PUBLIC_POST, [dbDate(em, at), threadId, postId]);
      return Number(row!.number);
    }
    const row = held ? await one(em, NUMBER_HELD, [threadId]) : await one(em, NUMBER_PUBLIC, [dbDate(em, at), threadId]);
    const number = Number(row!.post_count);
    await run(em, SET_NUMBER, [number, postId]);
    return number;
  }

  /** The new post's id. */
  async insert(em: EntityManager, post: NewPost): Promise<number> {
    const row = await one(em, INSERT_POST, [
      post.threadId,
      post.authorId,
      post.source,
      post.html,
      post.isReport,
      post.held ? 'held' : 'visible',
      post.replyToId,
      dbDate(em, post.createdAt),
      post.idempotencyKey,
    ]);
    return Number(row!.id);
  }

  async authorOf(em: EntityManager, postId: number): Promise<number | null> {
    const row = await one(em, AUTHOR_OF, [postId]);
    return row ? Number(row.author_id) : null;
  }

  /** A post of this thread that a reply may answer, with what the policy needs, or undefined. */
  replyTarget(em: EntityManager, postId: number, threadId: number): Promise<(PostSubjectRow & { id: number }) | undefined> {
    return one(em, REPLY_TARGET, [postId, threadId]);
  }

  /**
   * Numbers a revision under the row lock, from the text as it is now: the new revision number and the
   * text it keeps, or undefined when the text is unchanged and nothing else is (a double-clicked save is one revision).
   */
  async nextRevision(
    em: EntityManager,
    postId: number,
    source: string,
    otherChange: boolean,
  ): Promise<{ revision: number; previous: string } | undefined> {
    const row = await one(em, NEXT_REVISION, [postId, source, otherChange ? 1 : 0]);
    return row ? { revision: Number(row.revision_count), previous: row.body_source } : undefined;
  }

  /** A post with its thread and advisory (and author, for the pages that name it), or null. */
  withThread(em: EntityManager, postId: number, withAuthor = false): Promise<Post | null> {
    return em.findOne(Post, postId, {
      populate: withAuthor ? ['thread', 'thread.advisory', 'author'] : ['thread', 'thread.advisory'],
    });
  }

  /** The post a form's sending made, by its idempotency key, with what tells a resent form from another, or null. */
  async byIdempotencyKey(key: string): Promise<SentPost | null> {
    const row = await this.reader.row(BY_IDEMPOTENCY_KEY, [key]);
    return row
      ? {
          id: Number(row.id),
          number: Number(row.number),
          authorId: Number(row.author_id),
          threadId: Number(row.thread_id),
          source: row.body_source,
        }
      : null;
  }

  /** A revision, written with the caller's transaction. */
  addRevision(em: EntityManager, revision: PostRevision): void {
    em.persist(revision);
  }

  /** A post's earlier texts, newest first, with who replaced each. */
  revisions(em: EntityManager, postId: number): Promise<PostRevision[]> {
    return em.find(PostRevision, { post: postId }, { orderBy: { revision: 'desc' }, populate: ['editor', 'reportPlatform'] });
  }

  /** Posts waiting for a moderator, oldest first, with their authors and bulletins. */
  held(em: EntityManager): Promise<Post[]> {
    return em.find(Post, { state: HELD }, { orderBy: { id: 'asc' }, limit: 200, populate: ['author', 'thread.advisory'] });
  }

  /** How many posts wait for a moderator (the queue's held list, counted), read outside any transaction. */
  async heldCount(): Promise<number> {
    return Number((await this.reader.row(HELD_COUNT))!.n);
  }

  /**
   * A member's posts that are not field reports, newest first, with ids up to `upTo`, in these states and of
   * advisories in these statuses (what the viewer may see, as the caller asked the policy).
   */
  byAuthor(authorId: number, upTo: number, states: PostState[], statuses: string[], limit: number): Promise<MemberPostRow[]> {
    return this.reader.rows(BY_AUTHOR, [authorId, upTo, states, statuses, limit]);
  }

  /** A moderator's reason for the state a post is in. */
  async setReason(em: EntityManager, postId: number, reason: string): Promise<void> {
    await em.nativeUpdate(Post, { id: postId }, { stateReason: reason });
  }

  /**
   * Moves a post out of the state just checked: of parallel changes only one finds it there, so the
   * counts move once. False when another got there first.
   */
  async changeState(em: EntityManager, postId: number, from: PostState, to: PostState, reason: string | null): Promise<boolean> {
    return (await em.nativeUpdate(Post, { id: postId, state: from }, { state: to, stateReason: reason })) > 0;
  }

  /** A thread's newest visible posts, with their authors and the posts they answer (a feed's entries). */
  newestVisible(em: EntityManager, thread: Thread, limit: number): Promise<Post[]> {
    return em.find(Post, { thread, state: 'visible' }, { orderBy: { number: 'desc' }, limit, populate: ['author', 'replyTo'] });
  }
}
