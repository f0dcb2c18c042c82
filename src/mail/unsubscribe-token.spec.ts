import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnsubscribeTokens } from './unsubscribe-token';

const sut = new UnsubscribeTokens('s'.repeat(40));

describe('UnsubscribeTokens', () => {
  it('gives back the member and advisory it was signed for', () => {
    assert.deepEqual(sut.verify(sut.sign({ userId: 42, advisoryId: 'MS04-044' })), { userId: 42, advisoryId: 'MS04-044' });
  });

  it('refuses a token whose member or advisory was changed', () => {
    const token = sut.sign({ userId: 42, advisoryId: 'MS04-044' });
    const sig = token.split('.')[2];
    assert.equal(sut.verify(`43.MS04-044.${sig}`), null);
    assert.equal(sut.verify(`42.MS04-045.${sig}`), null);
  });

  it('refuses a flipped signature, garbage, and tokens signed with another secret', () => {
    const token = sut.sign({ userId: 7, advisoryId: 'MS04-044' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(sut.verify(token.slice(0, -1) + last), null);
    for (const bad of ['', 'x', '7.MS04-044', '7.MS04-044.', 7, null, undefined, `${token}.x`, 'a'.repeat(300)])
      assert.equal(sut.verify(bad), null);
    assert.equal(new UnsubscribeTokens('t'.repeat(40)).verify(token), null);
  });
});
