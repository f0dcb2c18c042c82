import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { withinTurnBudget } from './turn-budget';

/** A request of the given method, named so the order it was started in can be checked. */
function request(method: string, name: string): [IncomingMessage, ServerResponse] {
  const res = { writableEnded: false, end: () => (res.writableEnded = true) };
  return [{ method, url: `/${name}`, socket: { destroyed: false } } as IncomingMessage, res as unknown as ServerResponse];
}

/** Keeps the main thread busy, as a page's render does. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** A listener that costs `ms` of the main thread per request, with the turn each request was started in. */
function pages(ms: number) {
  const started: { url: string; turn: number }[] = [];
  let turn = 0;
  const listener = (req: IncomingMessage) => {
    started.push({ url: req.url!, turn });
    spin(ms);
  };
  return { started, listener, next: () => turn++ };
}

/** Offers `count` requests in one turn, twice (the first teaches it what a page costs), and lets turns pass until all have started. */
async function offer(budgetMs: number, ms: number, count: number) {
  const load = pages(ms);
  const handle = withinTurnBudget(load.listener, budgetMs);
  // Requests come while the event loop runs, never before it has started.
  await nextTurn();
  for (const round of ['0', '1']) {
    for (let i = 0; i < count; i++) handle(...request('GET', `${round}-${i}`));
    while (load.started.length < count * (Number(round) + 1)) {
      await nextTurn();
      load.next();
    }
    // The passes of the next turns learn what those pages cost.
    for (let t = 0; t < 3; t++) await nextTurn();
    load.next();
  }
  // How many of the second offer's requests each turn started, in the order they were started.
  const second = load.started.filter((s) => s.url.startsWith('/1-'));
  const perTurn = new Map<number, number>();
  for (const s of second) perTurn.set(s.turn, (perTurn.get(s.turn) ?? 0) + 1);
  return { order: second.map((s) => s.url), perTurn: [...perTurn.values()] };
}

/** A budget of 5 ms for pages of 2 ms, after eight pages taught it what they cost. */
async function taught() {
  const load = pages(2);
  const handle = withinTurnBudget(load.listener, 5);
  await nextTurn();
  for (let i = 0; i < 8; i++) handle(...request('GET', `warm-${i}`));
  while (load.started.length < 8) await nextTurn();
  for (let t = 0; t < 3; t++) await nextTurn();
  return { load, handle };
}

describe('withinTurnBudget', () => {
  it('starts every request of a turn at once while they fit its budget', async () => {
    const { perTurn } = await offer(50, 0.1, 20);
    assert.deepEqual(perTurn, [20]);
  });

  it("starts only a turn's share of costly pages, the rest in the next turns, first come first served", async () => {
    const { order, perTurn } = await offer(5, 2, 12);
    assert.deepEqual(
      order,
      Array.from({ length: 12 }, (_, i) => `/1-${i}`),
    );
    // Two pages of 2 ms fit in 5 ms; three when a turn's measured cost came out lower.
    assert.ok(perTurn.length >= 4 && Math.max(...perTurn) <= 3, `12 pages of 2 ms a turn: ${perTurn.join(', ')}`);
  });

  it('starts at least one page a turn, however costly', async () => {
    const { perTurn } = await offer(1, 5, 3);
    assert.deepEqual(perTurn, [1, 1, 1]);
  });

  it('starts writes at once, even while pages wait', async () => {
    const { load, handle } = await taught();
    for (let i = 0; i < 8; i++) handle(...request('GET', `page-${i}`));
    for (let i = 0; i < 4; i++) handle(...request('POST', `write-${i}`));
    assert.equal(load.started.filter((s) => s.url.startsWith('/write-')).length, 4, 'every write started in the turn it came');
    assert.ok(load.started.filter((s) => s.url.startsWith('/page-')).length <= 3, 'pages still wait their turn');
  });

  it('drops a waiting request whose connection has closed, ending its response', async () => {
    const { load, handle } = await taught();
    const waiting = Array.from({ length: 8 }, (_, i) => request('GET', `page-${i}`));
    for (const r of waiting) handle(...r);
    // The clients of pages 4 to 7 hang up while they wait (wrk at its end, or a browser closed).
    for (const [req] of waiting.slice(4)) (req.socket as { destroyed: boolean }).destroyed = true;
    for (let t = 0; t < 10; t++) await nextTurn();
    assert.deepEqual(
      load.started.filter((s) => s.url.startsWith('/page-')).map((s) => s.url),
      ['/page-0', '/page-1', '/page-2', '/page-3'],
    );
    // Ended, so that a shutdown does not wait for a handler that never ran.
    assert.deepEqual(
      waiting.slice(4).map(([, res]) => res.writableEnded),
      [true, true, true, true],
    );
  });

  it('lets go of each request it starts, while others still wait', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { load, handle } = await taught();
    // Made here, so that only the queue may hold them: WeakRefs see whether it does.
    const offered = (() => {
      const refs: WeakRef<IncomingMessage>[] = [];
      for (let i = 0; i < 8; i++) {
        const [req, res] = request('GET', `page-${i}`);
        refs.push(new WeakRef(req));
        handle(req, res);
      }
      return refs;
    })();
    while (load.started.filter((s) => s.url.startsWith('/page-')).length < 4) await nextTurn();
    const started = load.started.filter((s) => s.url.startsWith('/page-')).length;
    assert.ok(started < 8, 'some still wait');
    gc();
    assert.deepEqual(
      offered.map((r) => r.deref() !== undefined),
      offered.map((_, i) => i >= started),
      'the started ones are gone, the waiting ones kept',
    );
  });
});
