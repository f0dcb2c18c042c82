import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allStatements, bound as sut, statement } from './statement';

describe('statements', () => {
  const inList = statement('Spec.inList', 'select id from posts where thread_id = ? and id in (?*) and state = ?');

  it('are listed once defined', () => {
    assert.ok(allStatements().includes(inList));
  });

  it('bind an array to its (?*) list, values in placeholder order', () => {
    assert.deepEqual(sut(inList, [7, [1, 2, 3], 'visible']), {
      text: 'select id from posts where thread_id = ? and id in (?, ?, ?) and state = ?',
      values: [7, 1, 2, 3, 'visible'],
    });
    const plain = statement('Spec.plain', 'select 1 where ? = ?');
    assert.deepEqual(sut(plain, [1, 2]), { text: 'select 1 where ? = ?', values: [1, 2] });
  });

  it('refuse an empty list and a list without its array', () => {
    assert.throws(() => sut(inList, [7, [], 'visible']), /Spec.inList: an empty IN list/);
    assert.throws(() => sut(inList, [7, 'visible']), /Spec.inList: a \(\?\*\) list with no array parameter/);
  });
});
