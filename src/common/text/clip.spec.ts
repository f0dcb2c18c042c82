import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clip } from './clip';

describe('clip', () => {
  it('keeps short text and cuts long text at the limit', () => {
    assert.equal(clip('abc', 5), 'abc');
    assert.equal(clip('abcdef', 3), 'abc');
    assert.equal(clip('', 3), '');
  });

  it('never leaves half of a surrogate pair', () => {
    assert.equal(clip('ab𝐓𝐡', 3), 'ab');
    assert.equal(clip('ab𝐓𝐡', 4), 'ab𝐓');
    assert.equal(clip('𠮷野家', 1), '');
    for (let n = 0; n <= 12; n++) assert.doesNotMatch(clip('😀a😀b😀c', n), /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, String(n));
  });
});
