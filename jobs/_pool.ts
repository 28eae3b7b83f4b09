// The worker pool: up to `size` Web Workers kept warm between jobs, a FIFO queue for the jobs that
// find them all busy, and the replacement of any worker that is stopped, crashes or exits. A
// worker terminated while busy (cancel, timeout) may keep running on Deno 2.9 (see _threads.ts):
// it keeps its slot until its thread is seen to end, so it is never counted as free capacity.
import type { JobError, JobTarget } from "./types.ts";
import type { Runner, RunnerEvents, RunnerJob } from "./_runner.ts";
import { threadAlive, withThreadId } from "./_threads.ts";

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
  /** The worker's OS thread, where the system says (Linux). */
  threadId?: number;
}

const STUCK_CHECK_MS = 250;

const WORKER_URL = new URL("./_worker.ts", import.meta.url);

/** A pool of job workers. Nothing is spawned until the first job arrives. */
export class WorkerPool implements Runner {
  readonly size: number;
  readonly #events: RunnerEvents;
  readonly #slots = new Set<Slot>();
  #queue: RunnerJob[] = [];
  #closed = false;
  #spawned = 0;
  // Threads of workers terminated while busy, until they are seen to end (undefined: never known).
  #stuck: (number | undefined)[] = [];
  #stuckTimer?: ReturnType<typeof setInterval>;

  constructor(size: number, events: RunnerEvents) {
    this.size = size;
    this.#events = events;
  }

  /** Runs `job` on an idle worker, a new one if the pool is not full, or queues it. */
  run(job: RunnerJob): void {
    if (this.#closed) throw new Error("The job pool is closed.");
    let slot = [...this.#slots].find((s) => !s.job);
    if (!slot && this.#hasRoom()) slot = this.#spawn();
    if (slot) this.#dispatch(slot, job);
    else this.#queue.push(job);
  }

  /** Workers terminated while busy that may still be running: their slots are not free. */
  get stuck(): number {
    return this.#stuck.length;
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
    this.#stop(slot);
    return true;
  }

  /** Terminates every worker and forgets the queue. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    clearInterval(this.#stuckTimer);
    for (const slot of this.#slots) this.#discard(slot);
  }

  #hasRoom(): boolean {
    return this.#slots.size + this.#stuck.length < this.size;
  }

  #spawn(): Slot {
    const { value: worker, threadId } = withThreadId(() =>
      new Worker(WORKER_URL, { type: "module", name: `tarp-job-worker-${++this.#spawned}` })
    );
    const slot: Slot = { worker, threadId };
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
        this.#stop(slot);
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
    this.#refill();
  }

  #refill(): void {
    while (!this.#closed && this.#queue.length > 0 && this.#hasRoom()) this.#next(this.#spawn());
  }

  // Terminates a busy worker; its slot stays taken until its thread is seen to have ended.
  #stop(slot: Slot): void {
    this.#discard(slot);
    this.#stuck.push(slot.threadId);
    this.#stuckTimer ??= setInterval(() => this.#checkStuck(), STUCK_CHECK_MS);
    Deno.unrefTimer(this.#stuckTimer);
  }

  #checkStuck(): void {
    this.#stuck = this.#stuck.filter((id) => id === undefined || threadAlive(id));
    if (this.#stuck.every((id) => id === undefined)) {
      clearInterval(this.#stuckTimer);
      this.#stuckTimer = undefined;
    }
    this.#refill();
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
