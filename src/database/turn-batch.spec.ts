import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TurnBatch } from './turn-batch';

/** A batch whose reads are recorded and answered when `answer` is called (values: the key doubled). */
function recorded() {
  const reads: { keys: string[]; answer: () => void; fail: (err: Error) => void }[] = [];
  const batch = new TurnBatch<string, string>(
    (keys) =>
      new Promise((resolve, reject) =>
        reads.push({
          keys,
          answer: () => resolve(new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k + k]))),
          fail: reject,
        }),
      ),
  );
  return { batch, reads };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('TurnBatch', () => {
  it('reads the keys of one turn once, together, and gives each caller its own row (undefined when none)', async () => {
    const { batch, reads } = recorded();
    const asked = [batch.get('a'), batch.get('b'), batch.get('a'), batch.get('missing')];
    assert.equal(reads.length, 0, 'nothing is read before the turn ends');
    await turn();
    assert.deepEqual(
      reads.map((r) => r.keys),
      [['a', 'b', 'missing']],
    );
    reads[0].answer();
    assert.deepEqual(await Promise.all(asked), ['aa', 'bb', 'aa', undefined]);
  });

  it('sends a key asked for while its batch is being read in a later batch, never the one already sent', async () => {
    const { batch, reads } = recorded();
    const first = batch.get('a');
    await turn();
    const second = batch.get('a');
    await turn();
    assert.deepEqual(
      reads.map((r) => r.keys),
      [['a'], ['a']],
    );
    reads[1].answer();
    assert.equal(await second, 'aa');
    reads[0].answer();
    assert.equal(await first, 'aa');
  });

  it('fails every caller of a failed read, and the next batch reads again', async () => {
    const { batch, reads } = recorded();
    const asked = [batch.get('a'), batch.get('b')];
    await turn();
    reads[0].fail(new Error('connection lost'));
    for (const p of asked) await assert.rejects(p, /connection lost/);
    const again = batch.get('a');
    await turn();
    reads[1].answer();
    assert.equal(await again, 'aa');
  });

  it('reads a key with what the last request of its turn gave it', async () => {
    const read: [string[], ReadonlyMap<string, number>][] = [];
    const batch = new TurnBatch<string, number, number>((keys, args) => {
      read.push([keys, args]);
      return Promise.resolve(new Map(keys.map((k) => [k, args.get(k)!])));
    });
    const asked = [batch.get('window', 1), batch.get('window', 2), batch.get('window', 3)];
    assert.deepEqual(await Promise.all(asked), [3, 3, 3]);
    assert.equal(read.length, 1);
    assert.equal(await batch.get('window', 4), 4, 'the next turn reads with its own');
  });

  it('turns a read that throws at once into its callers’ failure, not the process’s', async () => {
    const batch = new TurnBatch<string, string>(() => {
      throw new Error('bad statement');
    });
    await assert.rejects(batch.get('a'), /bad statement/);
  });
});
