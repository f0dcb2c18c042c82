import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { threadPath } from '../paths';
import { cacheableAddress } from './guest-page-cache';

describe('cacheableAddress', () => {
  const sut = cacheableAddress('/advisories/:id/thread', threadPath);

  it('takes the addresses the board links to, and the advisory id from them', () => {
    assert.equal(sut('/advisories/MS04-044/thread'), 'MS04-044');
    assert.equal(sut('/advisories/MS04-044/thread?page=2'), 'MS04-044');
    assert.equal(sut('/advisories/MS04-044/thread?page=1234567'), 'MS04-044');
  });

  it('leaves every other spelling to be rendered, so nobody stores copies of a page under addresses of their own', () => {
    for (const url of [
      '/advisories/MS04-044/thread/',
      '/advisories/MS04-044/Thread',
      '/advisories/MS04%2D044/thread',
      '/advisories/MS04-044/thread.atom',
      '/advisories/MS04-044/thread?',
      '/advisories/MS04-044/thread?page=1',
      '/advisories/MS04-044/thread?page=01',
      '/advisories/MS04-044/thread?page=0',
      '/advisories/MS04-044/thread?page=12345678',
      '/advisories/MS04-044/thread?page=2&page=3',
      '/advisories/MS04-044/thread?lang=en',
      '/advisories/MS04-044/thread#p1',
      '//advisories/MS04-044/thread',
      '/advisories/MS04-044/x/thread',
    ]) {
      assert.equal(sut(url), null, url);
    }
  });

  it('refuses, at start-up, a route it could not key by one advisory id', () => {
    assert.throws(() => cacheableAddress('/advisories/:id.json', threadPath), /only :id may vary/);
    assert.throws(() => cacheableAddress('/posts/:postId', threadPath), /only :id may vary/);
    assert.throws(() => cacheableAddress('/search', threadPath), /one :id/);
    assert.throws(() => cacheableAddress('/advisories/:id/thread/:id', threadPath), /one :id/);
  });
});
