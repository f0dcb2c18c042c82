import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDigestAt } from './digest.scheduler';

describe('nextDigestAt', () => {
  it('is later today in Japan when the hour is still ahead', () => {
    // 05:30 JST on 26 November is 20:30 UTC on the 25th; 08:00 JST that day is 23:00 UTC.
    assert.equal(nextDigestAt(new Date('2026-11-25T20:30:00Z'), 8).toISOString(), '2026-11-25T23:00:00.000Z');
  });

  it('is tomorrow once the hour has come', () => {
    assert.equal(nextDigestAt(new Date('2026-11-25T23:00:00Z'), 8).toISOString(), '2026-11-26T23:00:00.000Z');
    assert.equal(nextDigestAt(new Date('2026-11-26T10:00:00Z'), 8).toISOString(), '2026-11-26T23:00:00.000Z');
  });

  it('handles midnight and the last hour of the day', () => {
    assert.equal(nextDigestAt(new Date('2026-12-31T14:59:00Z'), 0).toISOString(), '2026-12-31T15:00:00.000Z');
    assert.equal(nextDigestAt(new Date('2026-12-31T15:00:00Z'), 23).toISOString(), '2027-01-01T14:00:00.000Z');
  });
});
