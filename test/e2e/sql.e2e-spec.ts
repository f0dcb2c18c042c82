import { UniqueConstraintViolationException } from '@mikro-orm/core';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ReadSql } from '../../src/database/read-sql';
import { all, dbDate, one, rowBool, rowDate, run } from '../../src/database/sql';
import { statement } from '../../src/database/statement';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

// In a transaction on SQLite, statements run prepared on the transaction's connection; outside one, or on
// PostgreSQL, on the ORM's connection: callers must get the same results and the same errors either way.
const PLATFORMS = statement<{ key: string; position: number }>(
  'Spec.platforms',
  'select key, position from advisory_platforms where advisory_id = ? order by position',
);
const TOUCH = statement('Spec.touch', 'update advisory_platforms set label = label where advisory_id = ?');
const RETURNING = statement<{ n: number }>(
  'Spec.returning',
  'update threads set revision = revision where advisory_id = ? returning 1 as n',
);
const SET_LOCKED = statement('Spec.setLocked', 'update threads set locked = ?, last_posted_at = ? where advisory_id = ?');
const LOCKED = statement<{ locked: unknown; last_posted_at: unknown }>(
  'Spec.locked',
  'select locked, last_posted_at from threads where advisory_id = ?',
);
const LOCKED_IS = statement<{ locked: unknown }>('Spec.lockedIs', 'select locked from threads where advisory_id = ? and locked = ?');
const COUNT = statement<{ n: unknown }>('Spec.count', 'select count(*) as n from advisory_platforms');
const LABELLED = statement<{ key: string }>(
  'Spec.labelled',
  'select key from advisory_platforms where advisory_id = ? and label <> ? and key in (?*) order by position',
);
const POSTED_AT = statement<{ advisory_id: string }>('Spec.postedAt', 'select advisory_id from threads where last_posted_at = ?');
const PLAN_MODE = statement<{ mode: string }>('Spec.planMode', "select current_setting('plan_cache_mode') as mode");
const BROKEN = statement('Spec.broken', 'select no_such_column from threads where advisory_id = ?');
const ADD_PLATFORM = statement(
  'Spec.addPlatform',
  "insert into advisory_platforms (advisory_id, key, label, product, position) values ('MS04-044', 'zz-new', ?, ?, ?)",
);

const SET_UPDATED_ON = statement('Spec.setUpdatedOn', 'update advisories set updated_on = ? where id = ?');
const UPDATED_ON = statement<{ day: string }>('Spec.updatedOn', 'select cast(updated_on as text) as day from advisories where id = ?');
const DAY_OF = statement<{ day: string }>('Spec.dayOf', 'select cast(cast(? as date) as text) as day');

describe(`statements on ${ENGINE}: the same answers inside and outside a transaction`, () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
  });
  after(() => t.close());

  it('gives rows, one row and write results of the same shape', async () => {
    const outside = await all(t.em(), PLATFORMS, ['MS04-044']);
    const inside = await t.em().transactional(async (em) => ({
      all: await all(em, PLATFORMS, ['MS04-044']),
      get: await one(em, PLATFORMS, ['MS04-044']),
      none: await one(em, PLATFORMS, ['NO-SUCH']),
      updated: await run(em, TOUCH, ['MS04-044']),
      returning: (await one(em, RETURNING, ['MS04-044']))!,
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
      await run(em, SET_LOCKED, [true, dbDate(em, at), 'MS04-044']);
      return (await one(em, LOCKED, ['MS04-044']))!;
    });
    assert.equal(rowBool(row.locked), true);
    assert.equal(rowDate(row.last_posted_at)?.toISOString(), at.toISOString());
    const read = await t.app.get(ReadSql).row(LOCKED_IS, ['MS04-044', true]);
    assert.ok(read, 'the reader binds a boolean the same way');
    await t.em().transactional((em) => run(em, SET_LOCKED, [false, undefined, 'MS04-044']));
    const back = (await one(t.em(), LOCKED, ['MS04-044']))!;
    assert.deepEqual([rowBool(back.locked), back.last_posted_at], [false, null]);
  });

  it(
    'binds a Date as its UTC instant on PostgreSQL, as the ORM did: a date column gets the UTC day in any server zone',
    { skip: ENGINE !== 'postgresql' },
    async () => {
      const zone = process.env.TZ;
      process.env.TZ = 'America/Los_Angeles';
      try {
        const day = new Date('2005-02-09T00:00:00.000Z');
        const written = await t.em().transactional(async (em) => {
          const before = (await one(em, UPDATED_ON, ['MS04-044']))!.day;
          await run(em, SET_UPDATED_ON, [day, 'MS04-044']);
          const now = (await one(em, UPDATED_ON, ['MS04-044']))!.day;
          await run(em, SET_UPDATED_ON, [before, 'MS04-044']);
          return now;
        });
        const read = (await t.app.get(ReadSql).row(DAY_OF, [day]))!.day;
        assert.deepEqual([written, read], ['2005-02-09', '2005-02-09']);
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    },
  );

  it('reads outside a transaction what the ORM reads: values sent as they are, lists of any length, twice over', async () => {
    const reader = t.app.get(ReadSql);
    const keys = (await all(t.em(), PLATFORMS, ['MS04-044'])).map((p) => p.key);
    // A quote, a question mark and Japanese in a value: sent as a value, never read as SQL or as a placeholder.
    const tricky = "O'Reilly? 障害 $1";
    for (const n of [1, 2, keys.length, 1]) {
      const params = ['MS04-044', tricky, keys.slice(0, n)];
      assert.deepEqual(await reader.rows(LABELLED, params), await all(t.em(), LABELLED, params));
      assert.equal((await reader.rows(LABELLED, params)).length, n);
    }
    const at = new Date('2004-12-15T01:02:03.456Z');
    await t.em().transactional((em) => run(em, SET_LOCKED, [false, dbDate(em, at), 'MS04-044']));
    assert.deepEqual(await reader.row(POSTED_AT, [dbDate(t.em(), at)]), { advisory_id: 'MS04-044' });
    await assert.rejects(reader.row(BROKEN, ['MS04-044']));
    assert.deepEqual(
      await reader.row(POSTED_AT, [dbDate(t.em(), at)]),
      { advisory_id: 'MS04-044' },
      'a failed read leaves the reader working',
    );
  });

  it('plans each read for its values on PostgreSQL, as an inlined query was planned', { skip: ENGINE !== 'postgresql' }, async () => {
    for (let i = 0; i < 8; i++) assert.equal((await t.app.get(ReadSql).row(PLAN_MODE))?.mode, 'force_custom_plan');
  });

  it('reports a duplicate key as the ORM does, and the transaction writes nothing', async () => {
    const count = async () => Number((await one(t.em(), COUNT))!.n);
    const before = await count();
    await assert.rejects(
      t.em().transactional(async (em) => {
        await run(em, ADD_PLATFORM, ['new', 'new', 99]);
        await run(em, ADD_PLATFORM, ['again', 'again', 100]);
      }),
      UniqueConstraintViolationException,
    );
    assert.equal(await count(), before);
  });
});
