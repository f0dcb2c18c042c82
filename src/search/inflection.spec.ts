import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflections } from './inflection';

describe('inflections', () => {
  it('a noun + する in any form', () => {
    const forms = ['起動し', '起動す', '起動さ', '起動せ', '起動でき'];
    assert.deepEqual(inflections('起動しない'), forms);
    assert.deepEqual(inflections('起動できない'), forms);
    assert.deepEqual(inflections('失敗した'), ['失敗し', '失敗す', '失敗さ', '失敗せ', '失敗でき']);
    assert.deepEqual(inflections('インストールできない')?.[0], 'インストールし');
  });
  it('五段 verbs: the whole row, and the て/た kana', () => {
    assert.deepEqual(inflections('動かない'), ['動か', '動き', '動く', '動け', '動こ', '動い']);
    assert.deepEqual(inflections('動きません'), inflections('動かない'));
    assert.deepEqual(inflections('止まらない'), ['止まら', '止まり', '止まる', '止まれ', '止まろ', '止まっ']);
    assert.deepEqual(inflections('繋がる'), ['繋がら', '繋がり', '繋がる', '繋がれ', '繋がろ', '繋がっ']);
  });
  it('一段 verbs keep their kana', () => {
    assert.deepEqual(inflections('落ちない'), ['落ち']);
    assert.deepEqual(inflections('消えた'), ['消え']);
  });
  it('nouns, particles and unknown shapes are left alone', () => {
    for (const run of ['障害', '障害が', '起動', 'しない', 'エラーになる', '問題です', '問題がない', 'ブルースクリーン', '設定を'])
      assert.equal(inflections(run), null, run);
  });
});
