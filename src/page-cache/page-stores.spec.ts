import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testRedis, TestRedis } from '../../test/support/redis';
import { MemoryStore, RedisStore, StoredPage } from './page-stores';

const page = (validator: string, text: string): StoredPage => ({ validator, headers: { etag: `"${validator}"` }, body: Buffer.from(text) });

describe('MemoryStore', () => {
  it('answers a page only at the validator it was rendered at', async () => {
    const store = new MemoryStore(1024);
    await store.set('k', page('v1', 'ページ一'));
    assert.equal((await store.get('k', 'v1'))?.body.toString(), 'ページ一');
    assert.equal(await store.get('k', 'v2'), undefined);
    await store.set('k', page('v2', 'ページ二'));
    assert.equal(await store.get('k', 'v1'), undefined);
    assert.equal((await store.get('k', 'v2'))?.body.toString(), 'ページ二');
  });

  it('drops the least recently used pages past its budget, and keeps none larger than it', async () => {
    const store = new MemoryStore(20);
    await store.set('a', page('v', 'a'.repeat(8)));
    await store.set('b', page('v', 'b'.repeat(8)));
    await store.get('a', 'v');
    await store.set('c', page('v', 'c'.repeat(8)));
    assert.ok(await store.get('a', 'v'));
    assert.equal(await store.get('b', 'v'), undefined);
    assert.ok(await store.get('c', 'v'));
    await store.set('big', page('v', 'x'.repeat(21)));
    assert.equal(await store.get('big', 'v'), undefined);
  });
});

describe('RedisStore: pages shared by instances, each keeping copies of what it read', () => {
  let redis: TestRedis | null;
  before(async () => {
    redis = await testRedis();
  });
  after(() => redis?.cleanup());
  const instance = () => new RedisStore(redis!.client, `${redis!.config.prefix}page:`, 1024 * 1024);

  it('a page stored by one instance is read by another at its validator, headers and bytes as stored', async (t) => {
    if (!redis) return t.skip('no Redis at REDIS_URL');
    const [a, b] = [instance(), instance()];
    await a.set('thread', page('v1', '障害の報告'));
    const read = await b.get('thread', 'v1');
    assert.deepEqual(read?.headers, { etag: '"v1"' });
    assert.equal(read?.body.toString(), '障害の報告');
    assert.equal(await b.get('thread', 'v0'), undefined);
  });

  it('a page another instance stored at a later validator replaces the copy an instance kept, once that validator is read', async (t) => {
    if (!redis) return t.skip('no Redis at REDIS_URL');
    const [a, b] = [instance(), instance()];
    await a.set('hot', page('v1', '一'));
    assert.equal((await b.get('hot', 'v1'))?.body.toString(), '一');
    await a.set('hot', page('v2', '二'));
    // B's copy is at v1: asked at v2 it reads Redis, never its copy.
    assert.equal((await b.get('hot', 'v2'))?.body.toString(), '二');
    assert.equal(await b.get('hot', 'v3'), undefined);
  });

  it('a page read once at a validator is answered again without Redis', async (t) => {
    if (!redis) return t.skip('no Redis at REDIS_URL');
    const [a, b] = [instance(), instance()];
    await a.set('kept', page('v1', 'そのまま'));
    await b.get('kept', 'v1');
    await redis.client.del(`${redis.config.prefix}page:kept`);
    assert.equal((await b.get('kept', 'v1'))?.body.toString(), 'そのまま');
    // An instance that never read it has nothing: the copy is each instance's own.
    assert.equal(await instance().get('kept', 'v1'), undefined);
  });
});
