// Instrument locks: at most one call at a time per key, later calls waiting in arrival order.

/** FIFO mutexes by key. */
export class LockTable {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier holder of `key` has finished. */
  async run<T>(key: string, fn: () => T | Promise<T>): Promise<Awaited<T>> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => release = resolve);
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** `fn` wrapped so that its calls hold `key` while they run. */
  // deno-lint-ignore no-explicit-any
  wrap<F extends (...args: any[]) => unknown>(key: string, fn: F): F {
    return ((...args: unknown[]) => this.run(key, () => fn(...args))) as F;
  }
}

/** The lock key for an endpoint's `exclusive` / `lock` options, if it has one. */
export function lockKey(name: string, options: { exclusive?: unknown; lock?: unknown }) {
  if (options.lock !== undefined) {
    if (typeof options.lock !== "string" || options.lock === "") {
      throw new TypeError(`Endpoint "${name}": "lock" must be a non-empty string.`);
    }
    return `lock:${options.lock}`;
  }
  return options.exclusive ? `endpoint:${name}` : undefined;
}
