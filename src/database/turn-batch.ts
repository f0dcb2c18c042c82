/**
 * Keys asked for during one turn of the event loop, read together by one statement once the turn's I/O has been
 * handled (setImmediate): a batch is sent after every request in it arrived, so each sees every write committed
 * before it came. A key asked for while its batch is being read waits for the next batch. A key may come with what
 * it is read with (`arg`): the last request of the batch for it gives it, the latest clock of them all, say.
 */
export class TurnBatch<K, V, A = never> {
  private waiting = new Map<K, { resolve: (value: V | undefined) => void; reject: (err: unknown) => void }[]>();
  private args = new Map<K, A>();

  constructor(private readonly read: (keys: K[], args: ReadonlyMap<K, A>) => Promise<Map<K, V>>) {}

  get(key: K, arg?: A): Promise<V | undefined> {
    if (!this.waiting.size) setImmediate(() => this.flush());
    if (arg !== undefined) this.args.set(key, arg);
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
    });
  }

  private flush(): void {
    const batch = this.waiting;
    const args = this.args;
    this.waiting = new Map();
    this.args = new Map();
    // Through a promise even if `read` throws at once: a throw here, in setImmediate, would stop the process.
    Promise.resolve([...batch.keys()])
      .then((keys) => this.read(keys, args))
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
