import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { ENTITIES } from '../../src/entities';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { csrfFrom, signedInAgent } from '../factories/user.factory';
import { createTestApp, ENGINE } from '../support/test-app';

describe(`migrations on ${ENGINE}`, () => {
  it('leave no difference between the migrated schema and the entities', async () => {
    const t = await createTestApp();
    try {
      const pending = await t.orm.getMigrator().getPendingMigrations();
      assert.deepEqual(pending, []);
      const diff = await t.orm.schema.getUpdateSchemaSQL({ wrap: false });
      assert.equal(diff.trim(), '', `schema differs from the entities:\n${diff}`);
      assert.equal(await t.orm.getMigrator().checkMigrationNeeded(), false);
    } finally {
      await t.close();
    }
  });

  // Dates declared as a plain 'datetime' string compared a Date with SQLite's epoch number: every load looked changed.
  it('load rows of every entity unchanged: a flush after reading writes nothing', async () => {
    const t = await createTestApp();
    try {
      await createAdvisories(t.app, [referenceDocument()]);
      const { agent } = await signedInAgent(t.app);
      const page = await agent.get('/advisories/MS04-044/thread').expect(200);
      await agent
        .post('/advisories/MS04-044/thread')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          body: '読むだけで変わらないこと',
          platform: 'ws2003',
          outcome: 'problem',
          hosts: '2',
          software: 'Backup Exec',
        })
        .expect(303);
      await request(t.http).get('/').expect(200);
      const em = t.em();
      for (const entity of ENTITIES) await em.find(entity, {}, { limit: 20 });
      assert.ok(em.getUnitOfWork().getIdentityMap().values().length > 10, 'rows of several entities were read');
      em.getUnitOfWork().computeChangeSets();
      assert.deepEqual(
        em
          .getUnitOfWork()
          .getChangeSets()
          .map((c) => `${c.name} ${JSON.stringify(c.payload)}`),
        [],
      );
    } finally {
      await t.close();
    }
  });

  // On PostgreSQL a post's thread and author keys are checked at commit (posts' entity): checked late, still checked.
  it('refuses a post whose thread or author does not exist, and keeps nothing of it', async () => {
    const t = await createTestApp();
    try {
      await createAdvisories(t.app, [referenceDocument()]);
      await signedInAgent(t.app);
      const conn = t.em().getConnection();
      const [{ thread, author }] = (await conn.execute(
        'select (select min(id) from threads) as thread, (select min(id) from users) as author',
      )) as { thread: number; author: number }[];
      for (const [threadId, authorId] of [
        [999_999, author],
        [thread, 999_999],
      ]) {
        await assert.rejects(
          t
            .em()
            .transactional((em) =>
              em
                .getConnection()
                .execute(
                  `insert into posts (thread_id, number, author_id, body_source, body_html, is_report, state, revision_count, created_at) values (?, 0, ?, 'x', '<p>x</p>', ?, 'visible', 0, ?)`,
                  [threadId, authorId, false, new Date()],
                  'run',
                  em.getTransactionContext(),
                ),
            ),
          /foreign key/i,
        );
      }
      const [{ n }] = (await conn.execute(`select count(*) as n from posts where body_source = 'x'`)) as { n: number | string }[];
      assert.equal(Number(n), 0);
    } finally {
      await t.close();
    }
  });
});
