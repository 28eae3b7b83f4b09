// Where the engine keeps job records (the JobStore interface), and the in-memory store: each
// job's status, progress, outcome, the promise waiters sleep on, the listeners watching it, and its
// expiry. _sqlite_store.ts keeps them in a file instead.
import type { JobError, JobInfo, JobStatus } from "./types.ts";
import { estimateSize } from "../_wire/size.ts";

/** A job that an earlier server process left unfinished, to be run by this one. */
export interface RecoveredJob {
  id: string;
  args: unknown[];
}

/**
 * Where the engine keeps job records. Status changes go through its methods, which ignore any
 * change to a job that has already ended, so a late result cannot overwrite a cancellation.
 */
export interface JobStore {
  /** How many jobs are held (for tests of expiry). */
  readonly size: number;
  /** Records a new queued job. */
  create(endpoint: string, suggestedWait: number, args: unknown[]): JobInfo;
  /** The job with this ID, unless it is unknown or expired. */
  get(id: string): JobInfo | undefined;
  /** Every job held, oldest first. */
  list(): JobInfo[];
  /** Settles when the job ends; undefined for a job that is not running here. */
  ended(id: string): Promise<void> | undefined;
  /** Calls `listener` on every change of the job until the returned function is called. */
  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined;
  /** Marks a queued job as running. */
  start(id: string): void;
  /** Records a progress report from a running job. */
  report(id: string, fraction: number, message?: string): void;
  /** Ends a job with its result. */
  complete(id: string, result: unknown): boolean;
  /** Ends a job with an error. */
  fail(id: string, error: JobError): boolean;
  /** Ends a job as cancelled. */
  cancel(id: string): boolean;
  /**
   * The jobs of `endpoint` that an earlier process left queued, or running (those run again while
   * their runs number at most `retry` + 1; otherwise they fail with type `ServerRestarted`).
   */
  recover(endpoint: string, retry: number): RecoveredJob[];
  /** Fails every job an earlier process left unfinished whose endpoint was not recovered. */
  abandon(): void;
  /**
   * Stops tracking jobs and wakes every waiter. `error` fails the unfinished ones where they would
   * not outlive the process anyway.
   */
  close(error?: JobError): void;
}

// An entry lives as long as its job is kept (the retention time, 10 minutes by default), so it
// holds only what is in use: the promise waiters sleep on and the set of watchers are made when
// someone waits or watches, and dropped when the job ends.
interface Entry {
  info: JobInfo;
  /** Settles when the job reaches a final status. */
  ended?: { promise: Promise<void>; resolve: () => void };
  listeners?: Set<(info: JobInfo) => void>;
}

const SETTLED = Promise.resolve();

/** The longest delay setTimeout can take. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

const FINAL: ReadonlySet<JobStatus> = new Set(["completed", "failed", "cancelled"]);

/** True for `completed`, `failed` and `cancelled`. */
export function isFinal(status: JobStatus): boolean {
  return FINAL.has(status);
}

/**
 * Holds every job that is queued, running, or ended less than `retentionMs` ago, and results of
 * at most about `maxResultBytes` in all: past it the oldest results (with their jobs) go first,
 * and a result larger than all of it fails its job.
 */
export class MemoryJobStore implements JobStore {
  readonly #entries = new Map<string, Entry>();
  readonly #retentionMs: number;
  readonly #maxResultBytes: number;
  // Bytes of each kept result, oldest first.
  readonly #results = new Map<string, number>();
  #resultBytes = 0;
  // When each ended job is forgotten (performance.now() ms), in the order the jobs ended, which
  // is also the order they expire in (every job is kept equally long): one timer for the next
  // expiry rather than a timer per job kept.
  readonly #expiries = new Map<string, number>();
  #expiryTimer?: ReturnType<typeof setTimeout>;

  constructor(retentionMs: number, maxResultBytes = Infinity) {
    // Longer delays overflow setTimeout (and fire at once); 24 days is "forever" enough.
    this.#retentionMs = Math.min(retentionMs, MAX_DELAY_MS);
    this.#maxResultBytes = maxResultBytes;
  }

  /** Records a new queued job (its arguments go to the runner, not here). */
  create(endpoint: string, suggestedWait: number, _args?: unknown[]): JobInfo {
    return this.adopt({
      id: crypto.randomUUID(),
      endpoint,
      suggestedWait,
      status: "queued",
      createdAt: Date.now(),
    });
  }

  /** Tracks a job recorded elsewhere (a durable store's) until it ends. */
  adopt(info: JobInfo): JobInfo {
    this.#entries.set(info.id, { info });
    return info;
  }

  /** Forgets a job at once. */
  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (entry) wake(entry);
    this.#forget(id);
  }

  /** The job with this ID, unless it is unknown or expired. */
  get(id: string): JobInfo | undefined {
    return this.#entries.get(id)?.info;
  }

  /** Every job held, oldest first. */
  list(): JobInfo[] {
    return [...this.#entries.values()].map((e) => e.info);
  }

  /** How many jobs are held (for tests of expiry). */
  get size(): number {
    return this.#entries.size;
  }

  /** Settles when the job ends; undefined for an unknown job. */
  ended(id: string): Promise<void> | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (isFinal(entry.info.status)) return SETTLED;
    entry.ended ??= Promise.withResolvers<void>();
    return entry.ended.promise;
  }

  /** Calls `listener` on every change of the job until the returned function is called. */
  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (isFinal(entry.info.status)) return () => {}; // it changes no more
    const listeners = entry.listeners ??= new Set();
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Marks a queued job as running. */
  start(id: string): void {
    const entry = this.#entries.get(id);
    if (entry?.info.status !== "queued") return;
    entry.info.status = "in_progress";
    entry.info.startedAt = Date.now();
    this.#notify(entry);
  }

  /** Records a progress report from a running job. */
  report(id: string, fraction: number, message?: string): void {
    const entry = this.#entries.get(id);
    if (!entry || isFinal(entry.info.status)) return;
    entry.info.progress = fraction;
    if (message !== undefined) entry.info.message = message;
    this.#notify(entry);
  }

  /** Ends a job with its result (or fails it, when the result alone is over the budget). */
  complete(id: string, result: unknown): boolean {
    if (!this.#entries.has(id)) return false;
    const max = this.#maxResultBytes;
    const bytes = max === Infinity ? 0 : estimateSize(result, max);
    if (bytes > max) {
      return this.fail(id, {
        type: "ResultTooLarge",
        message: `The job's result takes more than the ${max} bytes the server keeps for all ` +
          "results (its maxResultBytes). Return less (a file path, say), or raise maxResultBytes.",
      });
    }
    if (!this.#end(id, "completed", (info) => info.result = result)) return false;
    if (max === Infinity) return true;
    this.#results.set(id, bytes);
    this.#resultBytes += bytes;
    for (const [oldest] of this.#results) {
      if (this.#resultBytes <= max || oldest === id) break;
      this.#forget(oldest);
    }
    return true;
  }

  /** Ends a job with an error. */
  fail(id: string, error: JobError): boolean {
    return this.#end(id, "failed", (info) => info.error = error);
  }

  /** Ends a job as cancelled. */
  cancel(id: string): boolean {
    return this.#end(id, "cancelled", () => {});
  }

  /** Nothing outlives a process here. */
  recover(_endpoint: string, _retry: number): RecoveredJob[] {
    return [];
  }

  /** Nothing outlives a process here. */
  abandon(): void {}

  /**
   * Fails every unfinished job with `error` (without one, leaves them as they are and only wakes
   * their waiters), then forgets every job and clears every timer.
   */
  close(error?: JobError): void {
    for (const entry of this.#entries.values()) {
      if (error) this.fail(entry.info.id, error);
      else wake(entry);
    }
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    this.#expiries.clear();
    this.#entries.clear();
    this.#results.clear();
    this.#resultBytes = 0;
  }

  #forget(id: string): void {
    this.#entries.delete(id);
    this.#expiries.delete(id);
    this.#resultBytes -= this.#results.get(id) ?? 0;
    this.#results.delete(id);
  }

  // Forgets the jobs whose time is up, then waits for the next one's.
  #expire(): void {
    this.#expiryTimer = undefined;
    const now = performance.now();
    for (const [id, at] of this.#expiries) {
      if (at > now) {
        this.#expiryTimer = setTimeout(() => this.#expire(), at - now);
        return;
      }
      this.#forget(id);
    }
  }

  #end(id: string, status: JobStatus, set: (info: JobInfo) => void): boolean {
    const entry = this.#entries.get(id);
    if (!entry || isFinal(entry.info.status)) return false;
    entry.info.status = status;
    entry.info.endedAt = Date.now();
    set(entry.info);
    wake(entry);
    this.#notify(entry);
    entry.listeners = undefined;
    this.#expiries.set(id, performance.now() + this.#retentionMs);
    this.#expiryTimer ??= setTimeout(() => this.#expire(), this.#retentionMs);
    return true;
  }

  #notify(entry: Entry): void {
    for (const listener of entry.listeners ?? []) {
      try {
        listener(entry.info);
      } catch {
        // A failing watcher must not stop the job or the other watchers.
      }
    }
  }
}

// Wakes the job's waiters (it has ended, or the store is closing or forgetting it).
function wake(entry: Entry): void {
  entry.ended?.resolve();
  entry.ended = undefined;
}
