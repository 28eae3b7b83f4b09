// The in-memory job engine: keeps job records in memory and runs jobs with a runner (a pool of
// child processes, a pool of Web Workers, or the server's own isolate). It knows nothing of HTTP;
// the server's job routes adapt it. Queued jobs are bounded (maxQueuedJobs), and so are the bytes
// of kept results (maxResultBytes, in the store).
import type { JobBackend, JobDefinition, JobInfo } from "./types.ts";
import { isFinal, MAX_DELAY_MS, MemoryJobStore } from "./_store.ts";
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
  /** Bytes of results kept in all; the oldest go first. Default unbounded. */
  maxResultBytes?: number;
  /** The heap limit of each job process, in bytes (process mode). */
  maxJobHeapBytes?: number;
}

/** Runs jobs and keeps their records in memory. */
export class MemoryJobEngine implements JobBackend {
  readonly runsInServer: boolean;
  readonly #settings: EngineSettings;
  readonly #store: MemoryJobStore;
  readonly #definitions = new Map<string, JobDefinition>();
  readonly #events: RunnerEvents;
  // Jobs waiting for a slot (not yet started, cancelled or ended).
  readonly #queued = new Set<string>();
  #runner?: Runner;
  #closed = false;

  constructor(settings: EngineSettings) {
    this.#settings = settings;
    this.runsInServer = settings.mode === "inline";
    const store = this.#store = new MemoryJobStore(
      settings.retention * 1000,
      settings.maxResultBytes,
    );
    const queued = this.#queued;
    this.#events = {
      start: (id) => {
        queued.delete(id);
        store.start(id);
      },
      progress: (id, fraction, message) => store.report(id, fraction, message),
      result: (id, value) => store.complete(id, value),
      error: (id, error) => {
        queued.delete(id);
        store.fail(id, error);
      },
    };
  }

  /** How many records are held (for tests of expiry). */
  get size(): number {
    return this.#store.size;
  }

  define(definition: JobDefinition): void {
    if (this.#settings.mode === "worker" && !definition.target) {
      throw new TypeError(`Job "${definition.name}" needs a target for a worker to import.`);
    }
    this.#definitions.set(definition.name, definition);
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
    const info = this.#store.create(endpoint, definition.suggestedWait);
    this.#queued.add(info.id);
    const timeoutMs = definition.timeout === undefined
      ? undefined
      : Math.min(definition.timeout * 1000, MAX_DELAY_MS);
    this.#runner ??= this.#makeRunner(); // made on first use: no idle pool
    this.#runner.run({
      id: info.id,
      fn: definition.fn,
      target: definition.target,
      args,
      timeoutMs,
    });
    return Promise.resolve(info);
  }

  get(id: string): Promise<JobInfo | undefined> {
    return Promise.resolve(snapshot(this.#store.get(id)));
  }

  async wait(id: string, ms: number, signal?: AbortSignal): Promise<JobInfo | undefined> {
    const info = this.#store.get(id);
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
    const info = this.#store.get(id);
    if (info && !isFinal(info.status)) {
      this.#queued.delete(id);
      this.#store.cancel(id);
      this.#runner?.cancel(id);
    }
    return Promise.resolve(snapshot(info));
  }

  list(): Promise<JobInfo[]> {
    return Promise.resolve(this.#store.list().map((info) => ({ ...info })));
  }

  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined {
    return this.#store.watch(id, (info) => listener({ ...info }));
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

  #makeRunner(): Runner {
    const { mode, poolSize, maxJobHeapBytes } = this.#settings;
    if (mode === "inline") return new InlineRunner(this.#events);
    if (mode === "worker") return new WorkerPool(poolSize, this.#events);
    return new ProcessPool(poolSize, this.#events, { maxHeapBytes: maxJobHeapBytes });
  }
}

// What the engine hands out is a copy: callers cannot change a job's record, and what they hold
// does not change under them.
function snapshot(info: JobInfo | undefined): JobInfo | undefined;
function snapshot(info: JobInfo): JobInfo;
function snapshot(info: JobInfo | undefined): JobInfo | undefined {
  return info && { ...info };
}
