// The job manager: takes submitted jobs, hands them to the worker pool or the inline runner, and
// keeps their records in the store as they progress and end.
import type { Endpoint } from "../_registry.ts";
import { ProtocolError } from "../_envelope.ts";
import { isFinal, type JobRecord, JobStore, MAX_DELAY_MS } from "./_store.ts";
import { type PoolEvents, WorkerPool } from "./_pool.ts";
import { InlineRunner } from "./_inline.ts";
import type { JobTarget } from "./_locate.ts";

/** Where jobs run: a pool of Web Workers, or the server's own isolate. */
export type JobMode = "worker" | "inline";

/** The job settings of a server. */
export interface JobSettings {
  mode: JobMode;
  poolSize: number;
  /** Seconds a finished job is kept. */
  retention: number;
  /** Longest long-poll, in seconds. */
  maxLongPoll: number;
}

/** What `addAsyncRPCEndpoint` stores in an endpoint's options. */
export interface AsyncEndpointSettings {
  suggestedWait: number;
  /** Seconds a job may run; undefined for no limit. */
  timeout?: number;
  /** Where a worker finds the function (worker mode). */
  target?: JobTarget;
}

/** Runs a server's jobs. */
export class JobManager {
  readonly settings: JobSettings;
  readonly store: JobStore;
  readonly #events: PoolEvents;
  #pool?: WorkerPool;
  #inline?: InlineRunner;
  #closed = false;

  constructor(settings: JobSettings) {
    this.settings = settings;
    this.store = new JobStore(settings.retention * 1000);
    const store = this.store;
    this.#events = {
      start: (id) => store.start(id),
      progress: (id, fraction, message) => store.report(id, fraction, message),
      result: (id, value) => store.complete(id, value),
      error: (id, error) => store.fail(id, error),
    };
  }

  /** The worker pool, made on first use (so a server that never runs a job spawns nothing). */
  get pool(): WorkerPool {
    return this.#pool ??= new WorkerPool(this.settings.poolSize, this.#events);
  }

  /** Starts a job for `endpoint` and returns its record. */
  submit(endpoint: Endpoint, args: unknown[]): JobRecord {
    if (this.#closed) {
      throw new ProtocolError(
        "InvalidServerState",
        "The server is shutting down and accepts no new jobs.",
      );
    }
    const settings = endpoint.options as unknown as AsyncEndpointSettings;
    const record = this.store.create(endpoint.name, settings.suggestedWait);
    const timeoutMs = settings.timeout === undefined
      ? undefined
      : Math.min(settings.timeout * 1000, MAX_DELAY_MS);
    if (this.settings.mode === "inline") {
      this.#inline ??= new InlineRunner(this.#events);
      this.#inline.run({ id: record.id, fn: endpoint.fn, args, timeoutMs });
    } else {
      this.pool.run({ id: record.id, target: settings.target!, args, timeoutMs });
    }
    return record;
  }

  /** Cancels a queued or running job; a job that has ended is left as it is. */
  cancel(record: JobRecord): void {
    if (isFinal(record.status)) return;
    this.store.cancel(record.id);
    this.#pool?.cancel(record.id);
    this.#inline?.cancel(record.id);
  }

  /** Resolves when the job ends or after `seconds` (capped at `maxLongPoll`), whichever is first. */
  async waitFor(record: JobRecord, seconds: number): Promise<void> {
    if (isFinal(record.status) || seconds <= 0) return;
    const { promise, resolve } = Promise.withResolvers<void>();
    const ms = Math.min(seconds, this.settings.maxLongPoll) * 1000;
    const timer = setTimeout(resolve, Math.min(ms, MAX_DELAY_MS));
    await Promise.race([record.ended, promise]);
    clearTimeout(timer);
  }

  /** Stops every job, fails the unfinished ones, and clears every timer. */
  close(): void {
    this.#closed = true;
    this.#pool?.close();
    this.#inline?.close();
    this.store.close({
      type: "ServerShutdown",
      message: "The server shut down before the job finished.",
    });
  }
}
