import { HttpException, HttpStatus } from '@nestjs/common';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface WindowState {
  count: number;
  resetAt: number;
}

/** Counters behind the limiter; a shared (e.g. Redis) store must make hit() atomic per key. */
export interface RateLimitStore {
  hit(key: string, windowSeconds: number, now: number): Promise<WindowState>;
  peek(key: string, now: number): Promise<WindowState | null>;
  /** Takes back one hit of the live window (a counted attempt that turned out not to count). */
  release(key: string, now: number): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface MemoryRateLimitStoreOptions {
  sweepEvery?: number;
}

/** Fixed windows per key in this process only. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, WindowState>();
  private readonly sweepEvery: number;
  private hitsSinceSweep = 0;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.sweepEvery = options.sweepEvery ?? 1000;
  }

  get size(): number {
    return this.windows.size;
  }

  // No await before the update, so concurrent hits on one key cannot interleave.
  hit(key: string, windowSeconds: number, now: number): Promise<WindowState> {
    if (++this.hitsSinceSweep >= this.sweepEvery) this.sweep(now);
    let state = this.windows.get(key);
    if (!state || state.resetAt <= now) {
      state = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, state);
    }
    state.count += 1;
    return Promise.resolve({ ...state });
  }

  peek(key: string, now: number): Promise<WindowState | null> {
    const state = this.windows.get(key);
    return Promise.resolve(state && state.resetAt > now ? { ...state } : null);
  }

  release(key: string, now: number): Promise<void> {
    const state = this.windows.get(key);
    if (state && state.resetAt > now && state.count > 0) state.count -= 1;
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  // Sweeping every Nth hit keeps the map at live keys plus at most N stale ones, at O(1) amortised cost.
  private sweep(now: number): void {
    this.hitsSinceSweep = 0;
    for (const [key, state] of this.windows) if (state.resetAt <= now) this.windows.delete(key);
  }
}

export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: () => number = Date.now,
  ) {}

  async consume(bucket: string, id: string, rule: RateLimitRule): Promise<RateLimitResult> {
    const now = this.clock();
    const state = await this.store.hit(keyOf(bucket, id), rule.windowSeconds, now);
    return resultOf(state.count <= rule.limit, state, rule, now);
  }

  /** consume(), refused with a 429 when over the limit: what a write that is limited does first. */
  async enforce(bucket: string, id: string, rule: RateLimitRule): Promise<void> {
    const state = await this.consume(bucket, id, rule);
    if (!state.allowed) throw new TooManyRequestsException(state.retryAfterSeconds);
  }

  /** Whether a consume() now would be allowed, without counting it. */
  async peek(bucket: string, id: string, rule: RateLimitRule): Promise<RateLimitResult> {
    const now = this.clock();
    const state = (await this.store.peek(keyOf(bucket, id), now)) ?? { count: 0, resetAt: now + rule.windowSeconds * 1000 };
    return resultOf(state.count < rule.limit, state, rule, now);
  }

  /** Gives back one consume() of the current window. */
  async release(bucket: string, id: string): Promise<void> {
    await this.store.release(keyOf(bucket, id), this.clock());
  }

  async reset(bucket: string, id: string): Promise<void> {
    await this.store.reset(keyOf(bucket, id));
  }
}

/** 429 carrying the seconds a filter should put in Retry-After. */
export class TooManyRequestsException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too Many Requests',
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

function keyOf(bucket: string, id: string): string {
  return `${bucket}:${id}`;
}

function resultOf(allowed: boolean, state: WindowState, rule: RateLimitRule, now: number): RateLimitResult {
  return {
    allowed,
    remaining: Math.max(0, rule.limit - state.count),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((state.resetAt - now) / 1000)),
  };
}
