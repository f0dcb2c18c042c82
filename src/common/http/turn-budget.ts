import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** How much of the main thread one turn of the event loop may give to starting pages, by default. */
const TURN_BUDGET_MS = 5;

/** How much each turn's cost moves the average (a few turns' memory: it follows a change of load within ~10 turns). */
const WEIGHT = 0.2;

/**
 * Starts as many rendered pages in one turn of the event loop as fit in `budgetMs` of its main thread, and keeps the
 * rest waiting, first come first served, for the next turns. Node accepts one new connection per turn (libuv#3696):
 * a turn that started every waiting request (≈ 200 ms for 32 members' pages) made the k-th new visitor wait k such
 * turns. What fits is a count, from a moving average of what recent turns cost per page started (the event loop's
 * active time, so idle waits do not count): the listener returns at its first await, so a clock read as requests are
 * started would see none of their work. Writes are started at once: on SQLite those of one turn share a commit. A
 * request whose connection closed while it waited is dropped, not rendered.
 */
export function withinTurnBudget(listener: RequestListener, budgetMs = TURN_BUDGET_MS): RequestListener {
  const waiting: ([IncomingMessage, ServerResponse] | null)[] = [];
  let first = 0;
  // Pages started since the last turn's check phase, and the loop's active time then.
  let started = 0;
  let since = 0;
  let perPage = 0;
  let pumping = false;
  // The share was started by requests as they came, this turn: the next share is the next turn's.
  let opened = false;

  const fits = () => (perPage === 0 ? Infinity : Math.max(1, Math.floor(budgetMs / perPage)));

  // Runs once per turn (check phase) while pages are started or waiting: learns the last turn's cost, starts the next turn's share.
  const pump = () => {
    if (opened) {
      opened = false;
      setImmediate(pump);
      return;
    }
    const active = performance.eventLoopUtilization().active;
    if (started > 0) perPage = perPage === 0 ? (active - since) / started : perPage + WEIGHT * ((active - since) / started - perPage);
    since = active;
    started = 0;
    const limit = fits();
    while (first < waiting.length && started < limit) {
      const [req, res] = waiting[first]!;
      // Let go of it at once: left in the list until it emptied (under steady load it never does), up to 1,024 finished
      // requests stayed reachable with their sessions (886 in a heap snapshot of the members' load).
      waiting[first++] = null;
      // Its client has gone (a closed connection, or shut down while it waited): nothing to render; ended, so nothing waits for it.
      if (req.socket.destroyed) {
        res.end();
        continue;
      }
      started++;
      listener(req, res);
    }
    // The started ones leave the list when it empties, or past 1,024 of them, so a queue that never empties does not grow.
    if (first > 1024 || first === waiting.length) {
      waiting.splice(0, first);
      first = 0;
    }
    if (started > 0 || waiting.length > 0) setImmediate(pump);
    else pumping = false;
  };

  return (req, res) => {
    if (!pumping) {
      pumping = true;
      opened = true;
      since = performance.eventLoopUtilization().active;
      setImmediate(pump);
    }
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    if (write || (first === waiting.length && started < fits())) {
      started++;
      listener(req, res);
    } else {
      waiting.push([req, res]);
    }
  };
}
