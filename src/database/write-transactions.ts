import { EntityManager } from '@mikro-orm/core';
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';

/** A write's work, run with the EntityManager of its transaction. */
export type Work<T> = (em: EntityManager) => T | Promise<T>;

/**
 * Every write's transaction (members', moderators', editors', the CLI's), all or nothing. On SQLite (one writer,
 * one connection) the writes that arrive in one turn of the event loop share a commit: each runs in a savepoint
 * of one transaction, in turn, and is answered once that transaction has committed. A write that fails is
 * rolled back to its savepoint and answered at once; the others commit. A commit is most of a short write's
 * cost on SQLite (the WAL and the search index's segment), so under load it is paid once for many writes.
 * On PostgreSQL each write is its own transaction, as before: writers take row locks there, and a shared
 * commit would make each wait for the others'.
 */
@Injectable()
export class WriteTransactions {
  private readonly grouped: boolean;
  private open: Group | null = null;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.grouped = config.database.engine === 'sqlite';
  }

  run<T>(work: Work<T>): Promise<T> {
    if (!this.grouped) return this.em.fork().transactional(work);
    if (!this.open) {
      const group = new Group(this.em.fork());
      this.open = group;
      // Writes that arrive in this turn of the event loop join; the next turn's start a group of their own.
      setImmediate(() => {
        if (this.open === group) this.open = null;
        void group.close();
      });
    }
    return this.open.add(work);
  }
}

/** One transaction, its writes in savepoints one after another, committed once the last has run. */
class Group {
  private readonly started: Promise<void>;
  private turn: Promise<unknown>;
  private readonly committed: Promise<void>;
  private commit!: () => void;
  private fail!: (err: unknown) => void;

  constructor(private readonly em: EntityManager) {
    this.started = em.begin();
    this.turn = this.started;
    this.committed = new Promise<void>((resolve, reject) => {
      this.commit = resolve;
      this.fail = reject;
    });
    // Nobody may be waiting for it when every write failed.
    this.committed.catch(() => undefined);
  }

  add<T>(work: Work<T>): Promise<T> {
    const done = this.turn.then(() => this.em.transactional(work, { clear: true }));
    this.turn = done.catch(() => undefined);
    return done.then((value) => this.committed.then(() => value));
  }

  async close(): Promise<void> {
    try {
      await this.started;
      await this.turn;
      await this.em.commit();
      this.commit();
    } catch (err) {
      await this.em.rollback().catch(() => undefined);
      this.fail(err);
    }
  }
}

@Global()
@Module({ providers: [WriteTransactions], exports: [WriteTransactions] })
export class WriteTransactionsModule {}
