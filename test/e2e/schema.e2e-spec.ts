import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
