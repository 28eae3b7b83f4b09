// The built-in job engine: keeps job records in a store (in memory, or a SQLite file that outlives
// the process) and runs jobs with a runner (a pool of child processes, a pool of Web Workers, or
// the server's own isolate). It knows nothing of HTTP; the server's job routes adapt it. Queued
// jobs are bounded (maxQueuedJobs), and so are the bytes of results kept in memory
// (maxResultBytes, in the memory store).
import type { JobBackend, JobDefinition, JobInfo } from "./types.ts";
import { isFinal, type JobStore, MAX_DELAY_MS, MemoryJobStore } from "./_store.ts";
import type { Runner, RunnerEvents } from "./_runner.ts";
import { WorkerPool } from "./_pool.ts";
import { InlineRunner } from "./_inline.ts";
import { ProcessPool } from "./_process_pool.ts";
import { InvalidServerState, OperationInProgress } from "../errors.ts";

/** Where the engine runs jobs: child processes, Web Workers, or the server's own isolate. */
export type JobMode = "process" | "worker" | "inline";

/** The engine's settings. */
export interface EngineSettings {
  mode: JobMode;
  /** Processes or Web Workers in the pool. */
  poolSize: number;
  /** Seconds a finished job is kept. */
  retention: number;
  /** Jobs that may wait for a slot at once; more are refused. Default unbounded. */
  maxQueuedJobs?: number;
  /** Bytes of results kept in memory in all; the oldest go first. Default unbounded. */
  maxResultBytes?: number;
  /** The heap limit of each job process, in bytes (process mode). */
  maxJobHeapBytes?: number;
}

/** Runs jobs and keeps their records in a store (in memory unless another is given). */
export class MemoryJobEngine implements JobBackend {
  readonly runsInServer: boolean;
  readonly #settings: EngineSettings;
  #store: JobStore;
  readonly #definitions = new Map<string, JobDefinition>();
  readonly #events: RunnerEvents;
  // Jobs waiting for a slot (not yet started, cancelled or ended).
  readonly #queued = new Set<string>();
  #runner?: Runner;
  #closed = false;
  #used = false;

  constructor(settings: EngineSettings, store?: JobStore) {
    this.#settings = settings;
    this.runsInServer = settings.mode === "inline";
    this.#store = store ?? new MemoryJobStore(settings.retention * 1000, settings.maxResultBytes);
    this.#events = {
      start: (id) => {
        this.#queued.delete(id);
        this.#store.start(id);
      },
      progress: (id, fraction, message) => this.#store.report(id, fraction, message),
      result: (id, value) => this.#store.complete(id, value),
      error: (id, error) => {
        this.#queued.delete(id);
        this.#store.fail(id, error);
      },
    };
  }

  /**
   * Moves the engine onto another store (`tarp serve --job-store`), before any job was submitted,
   * and runs the jobs it holds from an earlier process.
   */
  useStore(store: JobStore): void {
    if (this.#used) throw new Error("useStore: the engine has answered for jobs already.");
    this.#store.close();
    this.#store = store;
    for (const definition of this.#definitions.values()) this.#recover(definition);
  }

  /** How many records are held (for tests of expiry). */
  get size(): number {
    return this.#store.size;
  }

  define(definition: JobDefinition): void {
    if (this.#settings.mode !== "inline" && !definition.target) {
      throw new TypeError(`Job "${definition.name}" needs a target for a worker to import.`);
    }
    this.#definitions.set(definition.name, definition);
    if (!this.#closed) this.#recover(definition);
  }

  // deno-lint-ignore require-await
  async submit(endpoint: string, args: unknown[]): Promise<JobInfo> {
    if (this.#closed) {
      throw new InvalidServerState("The server is shutting down and accepts no new jobs.");
    }
    const definition = this.#definitions.get(endpoint);
    if (!definition) throw new TypeError(`No async endpoint named "${endpoint}" was defined.`);
    const maxQueued = this.#settings.maxQueuedJobs ?? Infinity;
    if (this.#queued.size >= maxQueued) {
      throw new OperationInProgress(
        `${this.#queued.size} jobs already wait for a free slot (the server's maxQueuedJobs); ` +
          "submit this one later.",
        definition.suggestedWait || 1,
      );
    }
    const info = this.#settled().create(endpoint, definition.suggestedWait, args);
    this.#run(info.id, definition, args);
    return Promise.resolve(snapshot(info));
  }

  get(id: string): Promise<JobInfo | undefined> {
    return Promise.resolve(snapshot(this.#settled().get(id)));
  }

  async wait(id: string, ms: number, signal?: AbortSignal): Promise<JobInfo | undefined> {
    const info = this.#settled().get(id);
    if (!info || isFinal(info.status) || ms <= 0 || signal?.aborted) return snapshot(info);
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(resolve, Math.min(ms, MAX_DELAY_MS));
    const onAbort = () => resolve();
    signal?.addEventListener("abort", onAbort, { once: true });
    await Promise.race([this.#store.ended(id), promise]);
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    return snapshot(this.#store.get(id) ?? info);
  }

  cancel(id: string): Promise<JobInfo | undefined> {
    const info = this.#settled().get(id);
    if (info && !isFinal(info.status)) {
      this.#queued.delete(id);
      this.#store.cancel(id);
      this.#runner?.cancel(id);
    }
    return Promise.resolve(snapshot(info));
  }

  list(): Promise<JobInfo[]> {
    return Promise.resolve(this.#settled().list().map((info) => ({ ...info })));
  }

  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined {
    return this.#settled().watch(id, (info) => listener({ ...info }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closing = this.#runner?.close();
    this.#queued.clear();
    this.#store.close({
      type: "ServerShutdown",
      message: "The server shut down before the job finished.",
    });
    await closing;
  }

  #run(id: string, definition: JobDefinition, args: unknown[]): void {
    const timeoutMs = definition.timeout === undefined
      ? undefined
      : Math.min(definition.timeout * 1000, MAX_DELAY_MS);
    this.#queued.add(id);
    this.#runner ??= this.#makeRunner(); // made on first use: no idle pool
    this.#runner.run({ id, fn: definition.fn, target: definition.target, args, timeoutMs });
  }

  #makeRunner(): Runner {
    const { mode, poolSize, maxJobHeapBytes } = this.#settings;
    if (mode === "inline") return new InlineRunner(this.#events);
    if (mode === "worker") return new WorkerPool(poolSize, this.#events);
    return new ProcessPool(poolSize, this.#events, { maxHeapBytes: maxJobHeapBytes });
  }

  // Jobs an earlier process left unfinished run again as their endpoints are defined.
  #recover(definition: JobDefinition): void {
    for (const job of this.#store.recover(definition.name, definition.retry ?? 0)) {
      this.#run(job.id, definition, job.args);
    }
  }

  // By the first request the server serves, its module has defined every endpoint it defines at
  // its top level: the earlier process's jobs of endpoints it no longer has fail then.
  #settled(): JobStore {
    if (!this.#used) this.#store.abandon();
    this.#used = true;
    return this.#store;
  }
}

// What the engine hands out is a copy: callers cannot change a job's record, and what they hold
// does not change under them.
function snapshot(info: JobInfo): JobInfo;
function snapshot(info: JobInfo | undefined): JobInfo | undefined;
function snapshot(info: JobInfo | undefined): JobInfo | undefined {
  return info && { ...info };
}
