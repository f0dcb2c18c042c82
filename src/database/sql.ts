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

/** Raw rows differ by engine: SQLite gives epoch ms, JSON text and 0/1; PostgreSQL gives Date, parsed JSON and booleans. */
export function rowDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as number | string));
}

export function rowJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function rowBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** `?, ?, ?` for an IN list of n values. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
