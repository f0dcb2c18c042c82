import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTILE_NEXT } from '../../../test/support/next-paths';
import { safeNextPath as sut } from './safe-next';

describe('safeNextPath', () => {
  it('keeps local paths with their query and anchor', () => {
    assert.equal(sut('/advisories/MS04-044/thread?page=2#p51'), '/advisories/MS04-044/thread?page=2#p51');
    assert.equal(sut('/notifications'), '/notifications');
    assert.equal(sut('/search?q=%E9%9A%9C%E5%AE%B3'), '/search?q=%E9%9A%9C%E5%AE%B3');
  });

  it('returns the normalized path when normalizing keeps it on the site', () => {
    assert.equal(sut('/a/../notifications'), '/notifications');
    assert.equal(sut('/./notifications'), '/notifications');
    assert.equal(sut('/%2e/notifications'), '/notifications');
  });

  it('sends everything that could leave the site to the default page', () => {
    for (const h of HOSTILE_NEXT) assert.equal(sut(h), '/', JSON.stringify(h));
    assert.equal(sut(['/a', '/b']), '/');
    assert.equal(sut(undefined, '/users/me'), '/users/me');
  });

  it('never returns a value a browser would read as another host', () => {
    const base = 'http://board.example';
    for (const h of HOSTILE_NEXT) {
      const got = sut(h, '/fallback');
      assert.ok(!got.startsWith('//') && !got.startsWith('/\\'), JSON.stringify(h));
      assert.equal(new URL(got, base).origin, base, JSON.stringify(h));
    }
  });
});
