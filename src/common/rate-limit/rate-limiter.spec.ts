import { HttpException } from '@nestjs/common';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRateLimitStore, RateLimiter, RateLimitRule, TooManyRequestsException } from './rate-limiter';

const rule: RateLimitRule = { limit: 3, windowSeconds: 60 };
const start = 1_700_000_000_000;

function setup() {
  const clock = { now: start };
  const store = new MemoryRateLimitStore();
  const sut = new RateLimiter(store, () => clock.now);
  return { sut, store, clock };
}

describe('RateLimiter', () => {
  it('allows up to the limit and refuses the next one', async () => {
    const { sut } = setup();
    const results = [];
    for (let i = 0; i < rule.limit + 1; i++) results.push(await sut.consume('post', 'u1', rule));
    assert.deepEqual(
      results.map((r) => r.allowed),
      [true, true, true, false],
    );
    assert.deepEqual(
      results.map((r) => r.remaining),
      [2, 1, 0, 0],
    );
    assert.deepEqual(
      results.slice(0, 3).map((r) => r.retryAfterSeconds),
      [0, 0, 0],
    );
  });

  it('reports the seconds left in the window, rounded up', async () => {
    const { sut, clock } = setup();
    for (let i = 0; i < rule.limit; i++) await sut.consume('post', 'u1', rule);
    clock.now = start + 10_500;
    assert.deepEqual(await sut.consume('post', 'u1', rule), { allowed: false, remaining: 0, retryAfterSeconds: 50 });
    clock.now = start + 59_001;
    assert.equal((await sut.consume('post', 'u1', rule)).retryAfterSeconds, 1);
  });

  it('starts a fresh window once the old one has passed', async () => {
    const { sut, clock } = setup();
    for (let i = 0; i < rule.limit + 1; i++) await sut.consume('post', 'u1', rule);
    clock.now = start + 59_999;
    assert.equal((await sut.consume('post', 'u1', rule)).allowed, false);
    clock.now = start + 60_000;
    assert.deepEqual(await sut.consume('post', 'u1', rule), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('keeps buckets and ids apart', async () => {
    const { sut } = setup();
    for (let i = 0; i < rule.limit + 1; i++) await sut.consume('post', 'u1', rule);
    assert.equal((await sut.consume('post', 'u1', rule)).allowed, false);
    assert.equal((await sut.consume('post', 'u2', rule)).allowed, true);
    assert.equal((await sut.consume('login', 'u1', rule)).allowed, true);
  });

  it('peeks without counting and refuses once the limit is used up', async () => {
    const { sut } = setup();
    assert.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 3, retryAfterSeconds: 0 });
    for (let i = 0; i < 5; i++) await sut.peek('login', 'alice', rule);
    await sut.consume('login', 'alice', rule);
    await sut.consume('login', 'alice', rule);
    assert.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 1, retryAfterSeconds: 0 });
    await sut.consume('login', 'alice', rule);
    assert.deepEqual(await sut.peek('login', 'alice', rule), { allowed: false, remaining: 0, retryAfterSeconds: 60 });
  });

  it('forgets a counter on reset', async () => {
    const { sut } = setup();
    for (let i = 0; i < rule.limit + 1; i++) await sut.consume('login', 'alice', rule);
    await sut.consume('login', 'bob', rule);
    await sut.reset('login', 'alice');
    assert.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 3, retryAfterSeconds: 0 });
    assert.deepEqual(await sut.consume('login', 'alice', rule), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
    assert.equal((await sut.peek('login', 'bob', rule)).remaining, 2);
  });

  it('gives back one hit on release, within the live window only', async () => {
    const { sut, clock } = setup();
    for (let i = 0; i < rule.limit + 1; i++) await sut.consume('login', 'alice', rule);
    await sut.release('login', 'alice');
    await sut.release('login', 'alice');
    assert.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 1, retryAfterSeconds: 0 });
    await sut.release('login', 'nobody');
    assert.equal((await sut.peek('login', 'nobody', rule)).remaining, 3);
    clock.now = start + 60_000;
    await sut.release('login', 'alice');
    assert.deepEqual(await sut.consume('login', 'alice', rule), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('allows exactly the limit among concurrent calls on one key', async () => {
    const { sut } = setup();
    const results = await Promise.all(Array.from({ length: 1000 }, () => sut.consume('post', 'u1', { limit: 100, windowSeconds: 60 })));
    assert.equal(results.filter((r) => r.allowed).length, 100);
  });
});

describe('MemoryRateLimitStore', () => {
  it('sweeps expired windows so the map does not grow without bound', async () => {
    const sut = new MemoryRateLimitStore({ sweepEvery: 10 });
    for (let i = 0; i < 5; i++) await sut.hit(`old:${i}`, 60, start);
    assert.equal(sut.size, 5);
    for (let i = 0; i < 4; i++) await sut.hit(`new:${i}`, 60, start + 60_000);
    assert.equal(sut.size, 9);
    await sut.hit('new:4', 60, start + 60_000);
    assert.equal(sut.size, 5);
    assert.equal(await sut.peek('old:0', start + 60_000), null);
    assert.deepEqual(await sut.peek('new:0', start + 60_000), { count: 1, resetAt: start + 120_000 });
  });

  it('keeps windows that are still live when sweeping', async () => {
    const sut = new MemoryRateLimitStore({ sweepEvery: 4 });
    for (let i = 0; i < 8; i++) await sut.hit(`k:${i}`, 60, start + i);
    assert.equal(sut.size, 8);
  });
});

describe('TooManyRequestsException', () => {
  it('is a 429 that carries the retry delay', () => {
    const sut = new TooManyRequestsException(42);
    assert.ok(sut instanceof HttpException);
    assert.equal(sut.getStatus(), 429);
    assert.equal(sut.retryAfterSeconds, 42);
    assert.equal(sut.message, 'Too Many Requests');
  });
});
