// Instrument locks: at most one call at a time per key, later calls waiting in arrival order. A
// queue is bounded (maxLockWaiters) and so is each wait (lockWait): past either, a call is refused
// with 503 OperationInProgress and Retry-After rather than queued for ever. A call whose client
// goes away while it waits (the request's signal, or an inline job's) leaves the queue and never
// runs: a client that gave up and retries must not move a stage twice.
import { OperationInProgress } from "../errors.ts";
import { TarpError } from "../_wire/errors.ts";
import { currentJob } from "../jobs/_context.ts";
import { AsyncLocalStorage } from "node:async_hooks";
import { DEFAULT_BUDGETS } from "./_options.ts";

/** How long and how many calls may wait for one lock. */
export interface LockLimits {
  /** Calls that may wait for one lock at once. */
  maxLockWaiters: number;
  /** Seconds a call may wait. */
  lockWait: number;
}

interface Waiter {
  go(): void;
}

interface Lock {
  busy: boolean;
  waiters: Waiter[];
}

// The signal of the call being answered, set for calls of locked endpoints only (see withSignal).
const callSignals = new AsyncLocalStorage<AbortSignal>();

/** Runs `answer` as a call whose client going away aborts `signal` (what a lock wait watches). */
export function withSignal<T>(signal: AbortSignal, answer: () => T): T {
  return callSignals.run(signal, answer);
}

/** FIFO mutexes by key. */
export class LockTable {
  readonly #locks = new Map<string, Lock>();
  readonly #limits: () => LockLimits;

  constructor(limits: () => LockLimits = () => DEFAULT_BUDGETS) {
    this.#limits = limits;
  }

  /** Runs `fn` once every earlier holder of `key` has finished, unless `signal` aborts first. */
  async run<T>(key: string, fn: () => T | Promise<T>, signal?: AbortSignal): Promise<Awaited<T>> {
    let lock = this.#locks.get(key);
    if (!lock) this.#locks.set(key, lock = { busy: false, waiters: [] });
    if (lock.busy) await this.#wait(lock, key, signal);
    lock.busy = true;
    try {
      return await fn();
    } finally {
      const next = lock.waiters.shift();
      if (next) next.go(); // handed over: the lock stays busy
      else {
        lock.busy = false;
        this.#locks.delete(key);
      }
    }
  }

  /** `fn` wrapped so that its calls hold `key` while they run. */
  // deno-lint-ignore no-explicit-any
  wrap<F extends (...args: any[]) => unknown>(key: string, fn: F): F {
    return ((...args: unknown[]) => {
      // An inline job waits on its own signal; a call, on its request's.
      const signal = currentJob()?.signal ?? callSignals.getStore();
      return this.run(key, () => fn(...args), signal);
    }) as F;
  }

  #wait(lock: Lock, key: string, signal?: AbortSignal): Promise<void> {
    const { maxLockWaiters, lockWait } = this.#limits();
    const name = key.replace(/^(lock|endpoint):/, "");
    if (signal?.aborted) return Promise.reject(gone(name));
    if (lock.waiters.length >= maxLockWaiters) {
      return Promise.reject(
        new OperationInProgress(
          `Lock "${name}" is busy and ${lock.waiters.length} calls already wait for it (the ` +
            "server's maxLockWaiters). Retry in a moment.",
          1,
        ),
      );
    }
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const leave = (error: Error) => {
      const at = lock.waiters.indexOf(waiter);
      if (at >= 0) lock.waiters.splice(at, 1);
      done();
      reject(error);
    };
    const onAbort = () => leave(gone(name));
    const timer = setTimeout(() => {
      leave(
        new OperationInProgress(
          `Lock "${name}" stayed busy for ${lockWait} s (the server's lockWait); the call did ` +
            "not run. Retry later.",
          1,
        ),
      );
    }, lockWait * 1000);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const waiter: Waiter = {
      go: () => {
        done();
        resolve();
      },
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    lock.waiters.push(waiter);
    return promise;
  }
}

function gone(name: string): TarpError {
  return new TarpError(
    "Cancelled",
    `The call waited for lock "${name}" and its client went away; it did not run.`,
  );
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
