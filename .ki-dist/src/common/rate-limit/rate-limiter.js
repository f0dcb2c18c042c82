"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TooManyRequestsException = exports.RateLimiter = exports.MemoryRateLimitStore = void 0;
const common_1 = require("@nestjs/common");
class MemoryRateLimitStore {
    constructor(options = {}) {
        this.windows = new Map();
        this.hitsSinceSweep = 0;
        this.sweepEvery = options.sweepEvery ?? 1000;
    }
    get size() {
        return this.windows.size;
    }
    async hit(key, windowSeconds, now) {
        if (++this.hitsSinceSweep >= this.sweepEvery)
            this.sweep(now);
        let state = this.windows.get(key);
        if (!state || state.resetAt <= now) {
            state = { count: 0, resetAt: now + windowSeconds * 1000 };
            this.windows.set(key, state);
        }
        state.count += 1;
        return { ...state };
    }
    async peek(key, now) {
        const state = this.windows.get(key);
        return state && state.resetAt > now ? { ...state } : null;
    }
    async release(key, now) {
        const state = this.windows.get(key);
        if (state && state.resetAt > now && state.count > 0)
            state.count -= 1;
    }
    async reset(key) {
        this.windows.delete(key);
    }
    sweep(now) {
        this.hitsSinceSweep = 0;
        for (const [key, state] of this.windows)
            if (state.resetAt <= now)
                this.windows.delete(key);
    }
}
exports.MemoryRateLimitStore = MemoryRateLimitStore;
class RateLimiter {
    constructor(store, clock = Date.now) {
        this.store = store;
        this.clock = clock;
    }
    async consume(bucket, id, rule) {
        const now = this.clock();
        const state = await this.store.hit(keyOf(bucket, id), rule.windowSeconds, now);
        return resultOf(state.count <= rule.limit, state, rule, now);
    }
    async peek(bucket, id, rule) {
        const now = this.clock();
        const state = (await this.store.peek(keyOf(bucket, id), now)) ?? { count: 0, resetAt: now + rule.windowSeconds * 1000 };
        return resultOf(state.count < rule.limit, state, rule, now);
    }
    async release(bucket, id) {
        await this.store.release(keyOf(bucket, id), this.clock());
    }
    async reset(bucket, id) {
        await this.store.reset(keyOf(bucket, id));
    }
}
exports.RateLimiter = RateLimiter;
class TooManyRequestsException extends common_1.HttpException {
    constructor(retryAfterSeconds, message = 'Too Many Requests') {
        super(message, common_1.HttpStatus.TOO_MANY_REQUESTS);
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
exports.TooManyRequestsException = TooManyRequestsException;
function keyOf(bucket, id) {
    return `${bucket}:${id}`;
}
function resultOf(allowed, state, rule, now) {
    return {
        allowed,
        remaining: Math.max(0, rule.limit - state.count),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((state.resetAt - now) / 1000)),
    };
}
//# sourceMappingURL=rate-limiter.js.map