import { UniqueConstraintViolationException } from '@mikro-orm/core';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ReadSql } from '../../src/database/read-sql';
import { dbDate, rowBool, rowDate, sql } from '../../src/database/sql';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

// In a transaction on SQLite, sql() runs prepared statements on the transaction's connection; outside one, or on
// PostgreSQL, the ORM's connection: callers must get the same results and the same errors either way.
describe(`sql() on ${ENGINE}: the same answers inside and outside a transaction`, () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
  });
  after(() => t.close());

  const SELECT = 'select key, position from advisory_platforms where advisory_id = ? order by position';

  it('gives rows, one row and write results of the same shape', async () => {
    const outside = await sql<{ key: string }[]>(t.em(), SELECT, ['MS04-044'], 'all');
    const inside = await t.em().transactional(async (em) => ({
      all: await sql<{ key: string }[]>(em, SELECT, ['MS04-044'], 'all'),
      get: await sql<{ key: string }>(em, SELECT, ['MS04-044'], 'get'),
      none: await sql(em, SELECT, ['NO-SUCH'], 'get'),
      updated: await sql<{ affectedRows: number }>(em, 'update advisory_platforms set label = label where advisory_id = ?', ['MS04-044']),
      returning: await sql<{ n: number }>(
        em,
        'update threads set revision = revision where advisory_id = ? returning 1 as n',
        ['MS04-044'],
        'get',
      ),
    }));
    assert.ok(outside.length > 3);
    assert.deepEqual(inside.all, outside);
    assert.deepEqual(inside.get, outside[0]);
    assert.equal(inside.none, undefined);
    assert.equal(inside.updated.affectedRows, outside.length);
    assert.equal(Number(inside.returning.n), 1);
  });

  it('binds booleans, dates and missing values as the ORM writes them', async () => {
    const at = new Date('2004-12-14T09:30:00.000Z');
    const row = await t.em().transactional(async (em) => {
      await sql(em, 'update threads set locked = ?, last_posted_at = ? where advisory_id = ?', [true, dbDate(em, at), 'MS04-044']);
      return sql<{ locked: unknown; last_posted_at: unknown }>(
        em,
        'select locked, last_posted_at from threads where advisory_id = ?',
        ['MS04-044'],
        'get',
      );
    });
    assert.equal(rowBool(row.locked), true);
    assert.equal(rowDate(row.last_posted_at)?.toISOString(), at.toISOString());
    const read = await t.app
      .get(ReadSql)
      .get<{ locked: unknown }>('select locked from threads where advisory_id = ? and locked = ?', ['MS04-044', true]);
    assert.ok(read, 'the reader binds a boolean the same way');
    await t
      .em()
      .transactional((em) =>
        sql(em, 'update threads set locked = ?, last_posted_at = ? where advisory_id = ?', [false, undefined, 'MS04-044']),
      );
    const back = await sql<{ locked: unknown; last_posted_at: unknown }>(
      t.em(),
      'select locked, last_posted_at from threads where advisory_id = ?',
      ['MS04-044'],
      'get',
    );
    assert.deepEqual([rowBool(back.locked), back.last_posted_at], [false, null]);
  });

  it('reports a duplicate key as the ORM does, and the transaction writes nothing', async () => {
    const count = async () => Number((await sql<{ n: unknown }>(t.em(), 'select count(*) as n from advisory_platforms', [], 'get')).n);
    const before = await count();
    await assert.rejects(
      t.em().transactional(async (em) => {
        await sql(
          em,
          "insert into advisory_platforms (advisory_id, key, label, product, position) values ('MS04-044', 'zz-new', 'new', 'new', 99)",
        );
        await sql(
          em,
          "insert into advisory_platforms (advisory_id, key, label, product, position) values ('MS04-044', 'zz-new', 'again', 'again', 100)",
        );
      }),
      UniqueConstraintViolationException,
    );
    assert.equal(await count(), before);
  });
});
