import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ReadSql } from '../database/read-sql';
import { statement } from '../database/statement';
import { Post } from '../threads/post.entity';
import { Flag, FlagState } from './flag.entity';

/** The flags the review queue lists (open and deferred), in its list and its count alike. */
const OPEN: FlagState[] = ['open', 'deferred'];

// The posts the queue lists as flagged: each post once, however many flags it has (flags_state_idx finds them).
const FLAGGED_POST_COUNT = statement<{ n: number | string }>(
  'ModerationRepository.flaggedPostCount',
  `select count(distinct post_id) as n from flags where state in (${OPEN.map((s) => `'${s}'`).join(', ')})`,
  { hot: true },
);

/** Flags: members' reports on posts, and the moderators' decisions on them. */
@Injectable()
export class ModerationRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly reader: ReadSql,
  ) {}

  /** Written at once, so a second flag by the same member fails on the unique key here. */
  async addFlag(em: EntityManager, flag: Flag): Promise<void> {
    em.persist(flag);
    await em.flush();
  }

  openFlagCount(em: EntityManager, post: Post): Promise<number> {
    return em.count(Flag, { post, state: 'open' });
  }

  async hasFlagged(postId: number, userId: number): Promise<boolean> {
    return (await this.em.fork().count(Flag, { post: postId, user: userId })) > 0;
  }

  /** Open and deferred flags, oldest first, with their posts and flaggers. */
  queueFlags(em: EntityManager): Promise<Flag[]> {
    return em.find(
      Flag,
      { state: { $in: OPEN } },
      { orderBy: { id: 'asc' }, limit: 500, populate: ['post', 'post.author', 'post.thread.advisory', 'user'] },
    );
  }

  /** How many posts the queue lists for their open or deferred flags, read outside any transaction. */
  async flaggedPostCount(): Promise<number> {
    return Number((await this.reader.row(FLAGGED_POST_COUNT))!.n);
  }

  /** Decides a post's open and deferred flags; returns how many. */
  resolveFlags(em: EntityManager, post: Post, state: 'agreed' | 'disagreed' | 'deferred', resolvedBy: number): Promise<number> {
    return em.nativeUpdate(Flag, { post, state: { $in: OPEN } }, { state, resolvedBy, resolvedAt: new Date() });
  }
}
