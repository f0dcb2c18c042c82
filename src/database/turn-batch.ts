/**
 * Keys asked for during one turn of the event loop, read together by one statement once the turn's I/O has been
 * handled (setImmediate): a batch is sent after every request in it arrived, so each sees every write committed
 * before it came. A key asked for while its batch is being read waits for the next batch.
 */
export class TurnBatch<K, V> {
  private waiting = new Map<K, { resolve: (value: V | undefined) => void; reject: (err: unknown) => void }[]>();

  constructor(private readonly read: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    if (!this.waiting.size) setImmediate(() => this.flush());
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = new Map();
    // Through a promise even if `read` throws at once: a throw here, in setImmediate, would stop the process.
    Promise.resolve([...batch.keys()])
      .then((keys) => this.read(keys))
      .then(
        (found) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
        },
        (err: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
        },
      );
  }
}
