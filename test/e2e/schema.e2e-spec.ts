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
});
