"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const common_1 = require("@nestjs/common");
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const rate_limiter_1 = require("./rate-limiter");
const rule = { limit: 3, windowSeconds: 60 };
const start = 1_700_000_000_000;
function setup() {
    const clock = { now: start };
    const store = new rate_limiter_1.MemoryRateLimitStore();
    const sut = new rate_limiter_1.RateLimiter(store, () => clock.now);
    return { sut, store, clock };
}
(0, node_test_1.describe)('RateLimiter', () => {
    (0, node_test_1.it)('allows up to the limit and refuses the next one', async () => {
        const { sut } = setup();
        const results = [];
        for (let i = 0; i < rule.limit + 1; i++)
            results.push(await sut.consume('post', 'u1', rule));
        strict_1.default.deepEqual(results.map((r) => r.allowed), [true, true, true, false]);
        strict_1.default.deepEqual(results.map((r) => r.remaining), [2, 1, 0, 0]);
        strict_1.default.deepEqual(results.slice(0, 3).map((r) => r.retryAfterSeconds), [0, 0, 0]);
    });
    (0, node_test_1.it)('reports the seconds left in the window, rounded up', async () => {
        const { sut, clock } = setup();
        for (let i = 0; i < rule.limit; i++)
            await sut.consume('post', 'u1', rule);
        clock.now = start + 10_500;
        strict_1.default.deepEqual(await sut.consume('post', 'u1', rule), { allowed: false, remaining: 0, retryAfterSeconds: 50 });
        clock.now = start + 59_001;
        strict_1.default.equal((await sut.consume('post', 'u1', rule)).retryAfterSeconds, 1);
    });
    (0, node_test_1.it)('starts a fresh window once the old one has passed', async () => {
        const { sut, clock } = setup();
        for (let i = 0; i < rule.limit + 1; i++)
            await sut.consume('post', 'u1', rule);
        clock.now = start + 59_999;
        strict_1.default.equal((await sut.consume('post', 'u1', rule)).allowed, false);
        clock.now = start + 60_000;
        strict_1.default.deepEqual(await sut.consume('post', 'u1', rule), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
    });
    (0, node_test_1.it)('keeps buckets and ids apart', async () => {
        const { sut } = setup();
        for (let i = 0; i < rule.limit + 1; i++)
            await sut.consume('post', 'u1', rule);
        strict_1.default.equal((await sut.consume('post', 'u1', rule)).allowed, false);
        strict_1.default.equal((await sut.consume('post', 'u2', rule)).allowed, true);
        strict_1.default.equal((await sut.consume('login', 'u1', rule)).allowed, true);
    });
    (0, node_test_1.it)('peeks without counting and refuses once the limit is used up', async () => {
        const { sut } = setup();
        strict_1.default.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 3, retryAfterSeconds: 0 });
        for (let i = 0; i < 5; i++)
            await sut.peek('login', 'alice', rule);
        await sut.consume('login', 'alice', rule);
        await sut.consume('login', 'alice', rule);
        strict_1.default.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 1, retryAfterSeconds: 0 });
        await sut.consume('login', 'alice', rule);
        strict_1.default.deepEqual(await sut.peek('login', 'alice', rule), { allowed: false, remaining: 0, retryAfterSeconds: 60 });
    });
    (0, node_test_1.it)('forgets a counter on reset', async () => {
        const { sut } = setup();
        for (let i = 0; i < rule.limit + 1; i++)
            await sut.consume('login', 'alice', rule);
        await sut.consume('login', 'bob', rule);
        await sut.reset('login', 'alice');
        strict_1.default.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 3, retryAfterSeconds: 0 });
        strict_1.default.deepEqual(await sut.consume('login', 'alice', rule), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
        strict_1.default.equal((await sut.peek('login', 'bob', rule)).remaining, 2);
    });
    (0, node_test_1.it)('gives back one hit on release, within the live window only', async () => {
        const { sut, clock } = setup();
        for (let i = 0; i < rule.limit + 1; i++)
            await sut.consume('login', 'alice', rule);
        await sut.release('login', 'alice');
        await sut.release('login', 'alice');
        strict_1.default.deepEqual(await sut.peek('login', 'alice', rule), { allowed: true, remaining: 1, retryAfterSeconds: 0 });
        await sut.release('login', 'nobody');
        strict_1.default.equal((await sut.peek('login', 'nobody', rule)).remaining, 3);
        clock.now = start + 60_000;
        await sut.release('login', 'alice');
        strict_1.default.deepEqual(await sut.consume('login', 'alice', rule), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
    });
    (0, node_test_1.it)('allows exactly the limit among concurrent calls on one key', async () => {
        const { sut } = setup();
        const results = await Promise.all(Array.from({ length: 1000 }, () => sut.consume('post', 'u1', { limit: 100, windowSeconds: 60 })));
        strict_1.default.equal(results.filter((r) => r.allowed).length, 100);
    });
});
(0, node_test_1.describe)('MemoryRateLimitStore', () => {
    (0, node_test_1.it)('sweeps expired windows so the map does not grow without bound', async () => {
        const sut = new rate_limiter_1.MemoryRateLimitStore({ sweepEvery: 10 });
        for (let i = 0; i < 5; i++)
            await sut.hit(`old:${i}`, 60, start);
        strict_1.default.equal(sut.size, 5);
        for (let i = 0; i < 4; i++)
            await sut.hit(`new:${i}`, 60, start + 60_000);
        strict_1.default.equal(sut.size, 9);
        await sut.hit('new:4', 60, start + 60_000);
        strict_1.default.equal(sut.size, 5);
        strict_1.default.equal(await sut.peek('old:0', start + 60_000), null);
        strict_1.default.deepEqual(await sut.peek('new:0', start + 60_000), { count: 1, resetAt: start + 120_000 });
    });
    (0, node_test_1.it)('keeps windows that are still live when sweeping', async () => {
        const sut = new rate_limiter_1.MemoryRateLimitStore({ sweepEvery: 4 });
        for (let i = 0; i < 8; i++)
            await sut.hit(`k:${i}`, 60, start + i);
        strict_1.default.equal(sut.size, 8);
    });
});
(0, node_test_1.describe)('TooManyRequestsException', () => {
    (0, node_test_1.it)('is a 429 that carries the retry delay', () => {
        const sut = new rate_limiter_1.TooManyRequestsException(42);
        strict_1.default.ok(sut instanceof common_1.HttpException);
        strict_1.default.equal(sut.getStatus(), 429);
        strict_1.default.equal(sut.retryAfterSeconds, 42);
        strict_1.default.equal(sut.message, 'Too Many Requests');
    });
});
//# sourceMappingURL=rate-limiter.spec.js.map