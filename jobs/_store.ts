// Job records: their status, progress, outcome, the promise waiters sleep on, and their expiry.
import type { JobStatus, ProbeResult } from "./mod.ts";

/** How a failed job failed: its error's type (name) and message. */
export interface JobError {
  type: string;
  message: string;
  stack?: string;
}

/** One job, from submission until its record expires. */
export interface JobRecord {
  readonly id: string;
  readonly endpoint: string;
  readonly suggestedWait: number;
  status: JobStatus;
  progress?: number;
  message?: string;
  result?: unknown;
  error?: JobError;
  /** Settles when the job reaches a final status. */
  readonly ended: Promise<void>;
}

interface Entry {
  record: JobRecord;
  end: () => void;
  expiry?: ReturnType<typeof setTimeout>;
}

/** The longest delay setTimeout can take. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

const FINAL: ReadonlySet<JobStatus> = new Set(["completed", "failed", "cancelled"]);

/** True for `completed`, `failed` and `cancelled`. */
export function isFinal(status: JobStatus): boolean {
  return FINAL.has(status);
}

/** The probe answer for a record. */
export function probeOf(record: JobRecord): ProbeResult {
  const probe: ProbeResult = { status: record.status, suggested_wait: record.suggestedWait };
  if (record.progress !== undefined) probe.progress = record.progress;
  if (record.message !== undefined) probe.message = record.message;
  return probe;
}

/**
 * Holds every job that is queued, running, or ended less than `retentionMs` ago. Status changes go
 * through its methods, which ignore any change to a job that has already ended, so a late result
 * cannot overwrite a cancellation.
 */
export class JobStore {
  readonly #entries = new Map<string, Entry>();
  readonly #retentionMs: number;

  constructor(retentionMs: number) {
    // Longer delays overflow setTimeout (and fire at once); 24 days is "forever" enough.
    this.#retentionMs = Math.min(retentionMs, MAX_DELAY_MS);
  }

  /** Records a new queued job. */
  create(endpoint: string, suggestedWait: number): JobRecord {
    const { promise, resolve } = Promise.withResolvers<void>();
    const record: JobRecord = {
      id: crypto.randomUUID(),
      endpoint,
      suggestedWait,
      status: "queued",
      ended: promise,
    };
    this.#entries.set(record.id, { record, end: resolve });
    return record;
  }

  /** The job with this ID, unless it is unknown or expired. */
  get(id: string): JobRecord | undefined {
    return this.#entries.get(id)?.record;
  }

  /** How many jobs are held (for tests of expiry). */
  get size(): number {
    return this.#entries.size;
  }

  /** Marks a queued job as running. */
  start(id: string): void {
    const record = this.get(id);
    if (record?.status === "queued") record.status = "in_progress";
  }

  /** Records a progress report from a running job. */
  report(id: string, fraction: number, message?: string): void {
    const record = this.get(id);
    if (!record || isFinal(record.status)) return;
    record.progress = fraction;
    if (message !== undefined) record.message = message;
  }

  /** Ends a job with its result. */
  complete(id: string, result: unknown): boolean {
    return this.#end(id, "completed", (r) => r.result = result);
  }

  /** Ends a job with an error. */
  fail(id: string, error: JobError): boolean {
    return this.#end(id, "failed", (r) => r.error = error);
  }

  /** Ends a job as cancelled. */
  cancel(id: string): boolean {
    return this.#end(id, "cancelled", () => {});
  }

  /** Fails every unfinished job with `error`, then forgets every job and clears every timer. */
  close(error: JobError): void {
    for (const { record } of this.#entries.values()) this.fail(record.id, error);
    for (const entry of this.#entries.values()) clearTimeout(entry.expiry);
    this.#entries.clear();
  }

  #end(id: string, status: JobStatus, set: (r: JobRecord) => void): boolean {
    const entry = this.#entries.get(id);
    if (!entry || isFinal(entry.record.status)) return false;
    entry.record.status = status;
    set(entry.record);
    entry.end();
    entry.expiry = setTimeout(() => this.#entries.delete(id), this.#retentionMs);
    return true;
  }
}
