import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Advisory } from '../advisories/advisory.entity';
import { Thread } from './thread.entity';

/** Threads as entities (the bulletin page, the embeds, the listings, publication); the thread page reads its own rows. */
@Injectable()
export class ThreadsRepository {
  /** The thread of an advisory, or null before its first publication. */
  ofAdvisory(em: EntityManager, advisory: Advisory | string): Promise<Thread | null> {
    return em.findOne(Thread, { advisory });
  }

  /** The threads of these advisories, by advisory id. */
  async ofAdvisories(em: EntityManager, advisoryIds: string[]): Promise<Map<string, Thread>> {
    const threads = advisoryIds.length ? await em.find(Thread, { advisory: { $in: advisoryIds } }) : [];
    return new Map(threads.map((t) => [t.advisory.id, t]));
  }

  /** A thread with its advisory, or null. */
  withAdvisory(em: EntityManager, threadId: number): Promise<Thread | null> {
    return em.findOne(Thread, threadId, { populate: ['advisory'] });
  }

  /** A new thread for an advisory, written with the caller's transaction. */
  open(em: EntityManager, advisory: Advisory): void {
    em.persist(new Thread(advisory));
  }
}
