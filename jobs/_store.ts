// The in-memory job records: their status, progress, outcome, the promise waiters sleep on, the
// listeners watching them, and their expiry.
import type { JobError, JobInfo, JobStatus } from "./types.ts";
import { estimateSize } from "../_wire/size.ts";

interface Entry {
  info: JobInfo;
  /** Settles when the job reaches a final status. */
  ended: Promise<void>;
  end: () => void;
  listeners: Set<(info: JobInfo) => void>;
  expiry?: ReturnType<typeof setTimeout>;
}

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
 * and a result larger than all of it fails its job. Status changes go through its methods, which
 * ignore any change to a job that has already ended, so a late result cannot overwrite a
 * cancellation.
 */
export class MemoryJobStore {
  readonly #entries = new Map<string, Entry>();
  readonly #retentionMs: number;
  readonly #maxResultBytes: number;
  // Bytes of each kept result, oldest first.
  readonly #results = new Map<string, number>();
  #resultBytes = 0;

  constructor(retentionMs: number, maxResultBytes = Infinity) {
    // Longer delays overflow setTimeout (and fire at once); 24 days is "forever" enough.
    this.#retentionMs = Math.min(retentionMs, MAX_DELAY_MS);
    this.#maxResultBytes = maxResultBytes;
  }

  /** Records a new queued job. */
  create(endpoint: string, suggestedWait: number): JobInfo {
    const { promise, resolve } = Promise.withResolvers<void>();
    const info: JobInfo = {
      id: crypto.randomUUID(),
      endpoint,
      suggestedWait,
      status: "queued",
      createdAt: Date.now(),
    };
    this.#entries.set(info.id, { info, ended: promise, end: resolve, listeners: new Set() });
    return info;
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
    return this.#entries.get(id)?.ended;
  }

  /** Calls `listener` on every change of the job until the returned function is called. */
  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
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

  /** Fails every unfinished job with `error`, then forgets every job and clears every timer. */
  close(error: JobError): void {
    for (const { info } of this.#entries.values()) this.fail(info.id, error);
    for (const entry of this.#entries.values()) clearTimeout(entry.expiry);
    this.#entries.clear();
    this.#results.clear();
    this.#resultBytes = 0;
  }

  #forget(id: string): void {
    clearTimeout(this.#entries.get(id)?.expiry);
    this.#entries.delete(id);
    this.#resultBytes -= this.#results.get(id) ?? 0;
    this.#results.delete(id);
  }

  #end(id: string, status: JobStatus, set: (info: JobInfo) => void): boolean {
    const entry = this.#entries.get(id);
    if (!entry || isFinal(entry.info.status)) return false;
    entry.info.status = status;
    entry.info.endedAt = Date.now();
    set(entry.info);
    entry.end();
    this.#notify(entry);
    entry.listeners.clear();
    entry.expiry = setTimeout(() => this.#forget(id), this.#retentionMs);
    return true;
  }

  #notify(entry: Entry): void {
    for (const listener of entry.listeners) {
      try {
        listener(entry.info);
      } catch {
        // A failing watcher must not stop the job or the other watchers.
      }
    }
  }
}
