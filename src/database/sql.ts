import { EntityManager } from '@mikro-orm/core';

/**
 * Raw SQL inside the caller's transaction, for counter arithmetic the ORM cannot express atomically
 * (x = x + 1, INSERT … ON CONFLICT). `?` placeholders on both engines.
 */
export function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: unknown[] = [], method: 'all' | 'get' | 'run' = 'run'): Promise<T> {
  return em.getConnection().execute(query, params, method, em.getTransactionContext()) as Promise<T>;
}

/** A date as the engine stores it in a raw query (SQLite keeps epoch milliseconds). */
export function dbDate(em: EntityManager, date: Date): unknown {
  return em.getPlatform().processDateProperty(date);
}
