import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containsNul } from './refuse-nul-bytes';

describe('containsNul', () => {
  it('finds a NUL in any string or key, however deep', () => {
    assert.equal(containsNul('a\u0000'), true);
    assert.equal(containsNul({ body: ['ok', 'b\u0000'] }), true);
    assert.equal(containsNul({ ['k\u0000']: 'v' }), true);
    let deep: unknown = '\u0000';
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? [deep] : { a: deep };
    assert.equal(containsNul(deep), true);
  });

  it('passes everything else, including the escaped spellings', () => {
    assert.equal(containsNul({ body: '\\u0000 %00 \\0 ␀', n: 1, b: true, z: null, u: undefined }), false);
    assert.equal(containsNul(undefined), false);
    assert.equal(containsNul([]), false);
  });
});
