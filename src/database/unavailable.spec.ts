import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { isServiceUnavailable } from './unavailable';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isServiceUnavailable', () => {
  it('recognises an unreachable or shutting-down database, and Redis giving up', () => {
    for (const err of [
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('08006'),
      coded('SQLITE_BUSY', 'database is locked'),
      new DriverException(coded('ECONNRESET')),
      new ConnectionException(new Error('x')),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' }),
      Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      new Error('wrapped', { cause: coded('ETIMEDOUT') }),
    ]) {
      assert.equal(isServiceUnavailable(err), true, String(err));
    }
  });

  it('leaves bugs and constraint violations alone', () => {
    for (const err of [
      new Error('Cannot read properties of undefined'),
      new UniqueConstraintViolationException(coded('23505')),
      coded('42P01'),
      null,
      undefined,
      'text',
    ]) {
      assert.equal(isServiceUnavailable(err), false, String(err));
    }
  });
});
