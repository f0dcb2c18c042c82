import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allStatements, bound as sut, sampleText, statement } from './statement';

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
    assert.throws(() => sut(inList, [7, [], 'visible']), /Spec.inList: an empty list/);
    assert.throws(() => sut(inList, [7, 'visible']), /Spec.inList: a slot with no array parameter/);
  });

  const rows = statement(
    'Spec.rows',
    'insert into t (a, b, c) values (?, ?::text, true)... on conflict (a) do update set b = ? returning id',
  );

  it('repeat a row tuple once per row given, values row by row', () => {
    assert.deepEqual(
      sut(rows, [
        [
          [1, 'x'],
          [2, 'y'],
        ],
        'z',
      ]),
      {
        text: 'insert into t (a, b, c) values (?, ?::text, true), (?, ?::text, true) on conflict (a) do update set b = ? returning id',
        values: [1, 'x', 2, 'y', 'z'],
      },
    );
    assert.throws(() => sut(rows, [[[1]], 'z']), /Spec.rows: each row needs 2 values/);
  });

  it('sample every slot with two values for the contract test', () => {
    assert.equal(sampleText(inList), 'select id from posts where thread_id = ? and id in (?, ?) and state = ?');
    assert.equal(
      sampleText(rows),
      'insert into t (a, b, c) values (?, ?::text, true), (?, ?::text, true) on conflict (a) do update set b = ? returning id',
    );
  });
});
