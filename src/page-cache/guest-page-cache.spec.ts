import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardPath, STATUS_JSON_PATH, statusPath, threadPath } from '../paths';
import { cacheableAddress, windowAddress } from './guest-page-cache';

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

describe('windowAddress', () => {
  const status = windowAddress('/status', statusPath);
  const board = windowAddress('/', boardPath);

  it('takes the bare path and the one query value the builder spells, and gives that value to the window', () => {
    assert.equal(status('/status'), '');
    assert.equal(status('/status?platform=ws2003'), 'ws2003');
    assert.equal(status('/status?platform=Windows+Server+2003'), 'Windows Server 2003');
    assert.equal(board('/'), '');
    assert.equal(board('/?after=2004-12-14~MS04-044'), '2004-12-14~MS04-044');
    assert.equal(windowAddress('/status.json', () => STATUS_JSON_PATH)('/status.json'), '');
  });

  it('leaves every other spelling to be rendered', () => {
    for (const url of [
      '/status/',
      '/status?',
      '/status?platform=',
      '/status?x=ws2003',
      '/status?platform=ws2003&x=1',
      '/status?platform=ws2003&platform=xp',
      '/status?platform=Windows%20Server%202003',
      '/status.json',
      '/Status',
      '//status',
    ]) {
      assert.equal(status(url), null, url);
    }
    for (const url of ['/?x=1', '/?after=a&after=b', '/index.html', '/?', '/?after=']) assert.equal(board(url), null, url);
    assert.equal(windowAddress('/status.json', () => STATUS_JSON_PATH)('/status.json?platform=ws2003'), null);
  });

  it('refuses, at start-up, a route with a parameter', () => {
    assert.throws(() => windowAddress('/advisories/:id/status', statusPath), /no parameter/);
  });
});
