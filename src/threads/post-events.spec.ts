import { EntityManager } from '@mikro-orm/core';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PostChanged, PostEvents, PostPublished } from './post-events';

const em = { name: 'the writer’s transaction' } as unknown as EntityManager;
const published: PostPublished = {
  postId: 7,
  threadId: 1,
  advisoryId: 'MS04-044',
  authorId: 3,
  isReport: true,
  replyToAuthorId: null,
  quoted: false,
  approved: false,
};
const changed: PostChanged = { postId: 7, threadId: 1, isReport: true, from: 'visible', to: 'hidden' };
const tick = () => new Promise((resolve) => setImmediate(resolve));
/** The registry as the application has it once started. */
function started(): PostEvents {
  const sut = new PostEvents();
  sut.onApplicationBootstrap();
  return sut;
}
/** A subscriber that only notes that it ran. */
const record = (ran: string[], name: string) => () => Promise.resolve(void ran.push(name));

describe('PostEvents', () => {
  it('runs the subscribers in their fixed order, whatever order their modules registered in', async () => {
    const sut = started();
    const ran: string[] = [];
    sut.on('published', 'search', record(ran, 'search'));
    sut.on('published', 'mail', record(ran, 'mail'));
    sut.on('published', 'notifications', record(ran, 'notifications 1'));
    sut.on('published', 'statistics', record(ran, 'statistics'));
    sut.on('published', 'notifications', record(ran, 'notifications 2'));
    await sut.emit(em, 'published', published);
    assert.deepEqual(ran, ['statistics', 'notifications 1', 'notifications 2', 'mail', 'search']);
  });

  it('awaits each subscriber before the next starts, and resolves only when the last has finished', async () => {
    const sut = started();
    const ran: string[] = [];
    sut.on('changed', 'statistics', async () => {
      ran.push('statistics started');
      await tick();
      await tick();
      ran.push('statistics done');
    });
    sut.on('changed', 'search', async () => {
      ran.push('search started');
      await tick();
      ran.push('search done');
    });
    await sut.emit(em, 'changed', changed);
    assert.deepEqual(ran, ['statistics started', 'statistics done', 'search started', 'search done']);
  });

  it('gives every subscriber the caller’s EntityManager and the payload itself', async () => {
    const sut = started();
    const seen: [EntityManager, PostPublished][] = [];
    sut.on('published', 'statistics', (m, e) => Promise.resolve(void seen.push([m, e])));
    sut.on('published', 'search', (m, e) => Promise.resolve(void seen.push([m, e])));
    await sut.emit(em, 'published', published);
    assert.equal(seen.length, 2);
    for (const [m, e] of seen) {
      assert.equal(m, em);
      assert.equal(e, published);
    }
  });

  it('rejects with a subscriber’s error, and runs none after it (the caller’s transaction rolls back)', async () => {
    const sut = started();
    const ran: string[] = [];
    const failure = new Error('the search index is full');
    sut.on('published', 'statistics', record(ran, 'statistics'));
    sut.on('published', 'mail', async () => {
      await tick();
      throw failure;
    });
    sut.on('published', 'search', record(ran, 'search'));
    await assert.rejects(sut.emit(em, 'published', published), (err) => err === failure);
    assert.deepEqual(ran, ['statistics']);
  });

  it('refuses to emit before the application has started (its subscribers may not all be registered yet)', async () => {
    const sut = new PostEvents();
    const ran: string[] = [];
    sut.on('published', 'statistics', record(ran, 'statistics'));
    await assert.rejects(sut.emit(em, 'published', published), /before the application started/);
    assert.deepEqual(ran, []);
  });

  it('keeps each event’s subscribers apart, and an event nobody listens to does nothing', async () => {
    const sut = started();
    const ran: string[] = [];
    sut.on('written', 'notifications', record(ran, 'written'));
    sut.on('changed', 'search', record(ran, 'changed'));
    await sut.emit(em, 'published', published);
    assert.deepEqual(ran, []);
    await sut.emit(em, 'changed', changed);
    assert.deepEqual(ran, ['changed']);
  });
});
