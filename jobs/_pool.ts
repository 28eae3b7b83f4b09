// The worker pool: up to `size` Web Workers kept warm between jobs, a FIFO queue for the jobs that
// find them all busy, and the replacement of any worker that is stopped, crashes or exits.
import type { JobError, JobTarget } from "./types.ts";
import type { Runner, RunnerEvents, RunnerJob } from "./_runner.ts";

/** Main → worker: run one job. */
export interface RunMessage {
  type: "run";
  id: string;
  target: JobTarget;
  args: unknown[];
}

/**
 * Worker → main. `exit`: the worker is closing itself (self.close() or Deno.exit()); `crash`: an
 * uncaught error or unhandled rejection.
 */
export type WorkerMessage =
  | { type: "progress"; id: string; fraction: number; message?: string }
  | { type: "result"; id: string; value: unknown }
  | { type: "error"; id: string; error: JobError }
  | { type: "exit"; how: string }
  | { type: "crash"; message: string };

interface Slot {
  worker: Worker;
  job?: RunnerJob;
  timer?: ReturnType<typeof setTimeout>;
}

const WORKER_URL = new URL("./_worker.ts", import.meta.url);

/** A pool of job workers. Nothing is spawned until the first job arrives. */
export class WorkerPool implements Runner {
  readonly size: number;
  readonly #events: RunnerEvents;
  readonly #slots = new Set<Slot>();
  #queue: RunnerJob[] = [];
  #closed = false;
  #spawned = 0;

  constructor(size: number, events: RunnerEvents) {
    this.size = size;
    this.#events = events;
  }

  /** Runs `job` on an idle worker, a new one if the pool is not full, or queues it. */
  run(job: RunnerJob): void {
    if (this.#closed) throw new Error("The job pool is closed.");
    let slot = [...this.#slots].find((s) => !s.job);
    if (!slot && this.#slots.size < this.size) slot = this.#spawn();
    if (slot) this.#dispatch(slot, job);
    else this.#queue.push(job);
  }

  /** Drops a queued job, or stops a running one by terminating its worker. False if not here. */
  cancel(id: string): boolean {
    const queued = this.#queue.findIndex((j) => j.id === id);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      return true;
    }
    const slot = [...this.#slots].find((s) => s.job?.id === id);
    if (!slot) return false;
    this.#replace(slot);
    return true;
  }

  /** Terminates every worker and forgets the queue. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    for (const slot of this.#slots) this.#discard(slot);
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      type: "module",
      name: `tarp-job-worker-${++this.#spawned}`,
    });
    const slot: Slot = { worker };
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.#onMessage(slot, e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault(); // keep the server alive; the job fails instead
      this.#lose(slot, "WorkerCrashed", `The job's worker crashed: ${e.message}`);
    };
    worker.onmessageerror = () => {
      this.#lose(slot, "WorkerCrashed", "The job's worker sent a message that could not be read.");
    };
    this.#slots.add(slot);
    return slot;
  }

  #dispatch(slot: Slot, job: RunnerJob): void {
    slot.job = job;
    this.#events.start(job.id);
    const message: RunMessage = { type: "run", id: job.id, target: job.target!, args: job.args };
    try {
      slot.worker.postMessage(message);
    } catch (e) {
      slot.job = undefined;
      this.#events.error(job.id, { type: "DataCloneError", message: String(e) });
      this.#next(slot);
      return;
    }
    if (job.timeoutMs !== undefined) {
      const seconds = job.timeoutMs / 1000;
      slot.timer = setTimeout(() => {
        this.#replace(slot);
        this.#events.error(job.id, {
          type: "TimeoutError",
          message: `The job ran longer than its timeout of ${seconds} s; its worker was stopped.`,
        });
      }, job.timeoutMs);
    }
  }

  #onMessage(slot: Slot, msg: WorkerMessage): void {
    if (!this.#slots.has(slot)) return;
    if (msg.type === "exit") {
      this.#lose(slot, "WorkerExited", `The job's worker exited (${msg.how}) before it finished.`);
      return;
    }
    if (msg.type === "crash") {
      this.#lose(slot, "WorkerCrashed", `The job's worker crashed: ${msg.message}`);
      return;
    }
    const job = slot.job;
    if (!job || msg.id !== job.id) return; // a stale message from an earlier job's leftovers
    if (msg.type === "progress") {
      this.#events.progress(job.id, msg.fraction, msg.message);
      return;
    }
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (msg.type === "result") this.#events.result(job.id, msg.value);
    else this.#events.error(job.id, msg.error);
    this.#next(slot);
  }

  // A worker died by itself: fail its job, if it had one, and put a fresh worker in its place.
  #lose(slot: Slot, type: string, message: string): void {
    if (!this.#slots.has(slot)) return;
    const job = slot.job;
    this.#replace(slot);
    if (job) this.#events.error(job.id, { type, message });
  }

  // A replacement is spawned only for a queued job; otherwise `run` spawns one when needed. (An
  // eager one would respawn forever when workers cannot start at all, say without --allow-read.)
  #replace(slot: Slot): void {
    this.#discard(slot);
    if (!this.#closed && this.#queue.length > 0) this.#next(this.#spawn());
  }

  #discard(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.worker.terminate();
    slot.job = undefined;
    this.#slots.delete(slot);
  }

  #next(slot: Slot): void {
    const job = this.#queue.shift();
    if (job) this.#dispatch(slot, job);
  }
}
