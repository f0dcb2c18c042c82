import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ReadSql } from '../../src/database/read-sql';
import { one, run } from '../../src/database/sql';
import { statement } from '../../src/database/statement';
import { WriteTransactions } from '../../src/database/write-transactions';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

const LABEL = statement('Spec.label', "update advisory_platforms set label = ? where advisory_id = 'MS04-044' and position = ?");
const LABEL_OF = statement<{ label: string }>(
  'Spec.labelOf',
  "select label from advisory_platforms where advisory_id = 'MS04-044' and position = ?",
);
const ORPHAN = statement(
  'Spec.orphan',
  "insert into advisory_platforms (advisory_id, key, label, product, position) values ('NO-SUCH', 'zz', 'zz', 'zz', 99)",
);
const DEFER_FOREIGN_KEYS = statement('Spec.deferForeignKeys', 'pragma defer_foreign_keys = on', { engine: 'sqlite' });

class Refused extends Error {}

describe(`write transactions on ${ENGINE}`, () => {
  let t: TestApp;
  let writes: WriteTransactions;
  let reader: ReadSql;
  /** A platform's label as another connection sees it: only what has been committed. */
  const committed = async (position: number) => (await reader.row(LABEL_OF, [position]))?.label;

  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
    writes = t.app.get(WriteTransactions);
    reader = t.app.get(ReadSql);
  });
  beforeEach(() => writes.run((em) => Promise.all([0, 1, 2].map((p) => run(em, LABEL, [`label ${p}`, p])))));
  after(() => t.close());

  it('answers each write once it is committed, where every connection sees it', async () => {
    const sent = [0, 1, 2].map((p) =>
      writes.run(async (em) => {
        await run(em, LABEL, [`written ${p}`, p]);
        return p;
      }),
    );
    for (const [p, answer] of sent.entries()) {
      assert.equal(await answer, p);
      assert.equal(await committed(p), `written ${p}`);
    }
  });

  it('rolls a failed write back alone; the writes sent beside it are kept', async () => {
    const first = writes.run((em) => run(em, LABEL, ['kept 0', 0]));
    const failed = writes.run(async (em) => {
      await run(em, LABEL, ['lost', 1]);
      throw new Refused();
    });
    const third = writes.run((em) => run(em, LABEL, ['kept 2', 2]));
    await assert.rejects(failed, Refused);
    await Promise.all([first, third]);
    assert.deepEqual([await committed(0), await committed(1), await committed(2)], ['kept 0', 'label 1', 'kept 2']);
  });

  if (ENGINE === 'sqlite') {
    it('on SQLite, runs the writes of one turn in one transaction, one after another, committed together', async () => {
      const seen: { inside?: string; outside?: string } = {};
      const first = writes.run((em) => run(em, LABEL, ['first', 0]));
      const second = writes.run(async (em) => {
        seen.inside = (await one(em, LABEL_OF, [0]))?.label;
        seen.outside = await committed(0);
      });
      await Promise.all([first, second]);
      assert.deepEqual(
        seen,
        { inside: 'first', outside: 'label 0' },
        "the second sees the first's write before its commit; no one else does",
      );
      assert.equal(await committed(0), 'first');
    });

    it('on SQLite, fails every write of a transaction whose commit fails, and keeps none', async () => {
      // A foreign key checked at the commit: the transaction cannot commit, whichever write broke it.
      const breaking = writes.run(async (em) => {
        await run(em, DEFER_FOREIGN_KEYS);
        await run(em, ORPHAN);
      });
      const beside = writes.run((em) => run(em, LABEL, ['not kept', 1]));
      await assert.rejects(breaking, /FOREIGN KEY/);
      await assert.rejects(beside, /FOREIGN KEY/);
      assert.equal(await committed(1), 'label 1');
      // The next writes get a transaction of their own.
      await writes.run((em) => run(em, LABEL, ['after', 1]));
      assert.equal(await committed(1), 'after');
    });
  }
});
