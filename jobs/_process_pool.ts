// The process pool: up to `size` job processes (`deno run` of _process_child.ts) kept warm between
// jobs, and a FIFO queue for the jobs that find them all busy. Cancel and timeout kill the job's
// process with SIGKILL, so that a spinning or memory-hungry job really ends; its slot counts as
// busy until the process has exited. A process that dies by itself (out of memory, a crash,
// Deno.exit) fails its job with WorkerCrashed or WorkerExited and is replaced; the server lives.
// The runner of `tarp worker` reuses this class: a Runner fed JobTargets and arguments.
import type { JobError, JobTarget } from "./types.ts";
import type { Runner, RunnerEvents, RunnerJob } from "./_runner.ts";
import { frameHeader, FrameReader, newMarker } from "./_frames.ts";
import { childArgs, type ProcessOptions } from "./_process_spawn.ts";
import { decodeCbor, encodeCborMessage } from "../_wire/codec.ts";

export type { ProcessOptions };

/** Server → job process: run one job. */
export interface RunMessage {
  type: "run";
  id: string;
  target: JobTarget;
  args: unknown[];
}

/** Job process → server. */
export type ChildMessage =
  | { type: "progress"; id: string; fraction: number; message?: string }
  | { type: "result"; id: string; value: unknown }
  | { type: "error"; id: string; error: JobError }
  | { type: "exit"; how: string }
  | { type: "crash"; message: string };

interface Slot {
  child: Deno.ChildProcess;
  /** This process's frame marker. */
  marker: Uint8Array;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  job?: RunnerJob;
  timer?: ReturnType<typeof setTimeout>;
  /** Why the process ended, when it told us first (a crash or an exit). */
  last?: ChildMessage;
  /** Set once the slot is being killed: its process is no longer given jobs. */
  killed?: boolean;
  /** Recent output on stderr, to explain a crash (V8's "out of memory", say). */
  stderrTail: string;
}

const CHILD_URL = new URL("./_process_child.ts", import.meta.url);
const encoder = new TextEncoder();
const MESSAGE_LIMITS = { maxDepth: 10_000, maxBigIntBytes: Infinity, maxValues: Infinity };

/** A pool of job processes. Nothing is spawned until the first job arrives. */
export class ProcessPool implements Runner {
  readonly size: number;
  readonly #events: RunnerEvents;
  readonly #options: ProcessOptions;
  readonly #slots = new Set<Slot>();
  #queue: RunnerJob[] = [];
  #closed = false;

  constructor(size: number, events: RunnerEvents, options: ProcessOptions = {}) {
    this.size = size;
    this.#events = events;
    this.#options = options;
  }

  /** Runs `job` in an idle process, a new one if the pool is not full, or queues it. */
  run(job: RunnerJob): void {
    if (this.#closed) throw new Error("The job pool is closed.");
    const idle = [...this.#slots].find((s) => !s.job && !s.killed);
    if (idle) return this.#dispatch(idle, job);
    if (this.#slots.size >= this.size) return void this.#queue.push(job);
    const slot = this.#spawn(job);
    if (slot) this.#dispatch(slot, job);
  }

  /** Drops a queued job, or kills the process running it. False if the pool does not have it. */
  cancel(id: string): boolean {
    const queued = this.#queue.findIndex((j) => j.id === id);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      return true;
    }
    const slot = [...this.#slots].find((s) => s.job?.id === id);
    if (!slot) return false;
    this.#kill(slot);
    return true;
  }

  /** Kills every process and forgets the queue; settles once they have all exited. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue = [];
    const exits = [...this.#slots].map((slot) => {
      this.#kill(slot);
      return slot.child.status;
    });
    await Promise.allSettled(exits);
  }

  /** Processes alive now, busy or idle (a killed one counts until it has exited). */
  get processes(): number {
    return this.#slots.size;
  }

  #spawn(job: RunnerJob): Slot | undefined {
    let child: Deno.ChildProcess;
    const marker = newMarker();
    try {
      child = new Deno.Command(Deno.execPath(), {
        args: childArgs(CHILD_URL, this.#options),
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (e) {
      this.#events.start(job.id);
      this.#events.error(job.id, {
        type: "RunnerUnavailable",
        message: `The job could not start its process (${(e as Error).message}). Jobs run in ` +
          "child processes by default, which needs --allow-run (or -A); grant it, or make the " +
          'server with makeServer({ jobs: "worker" }).',
      });
      return undefined;
    }
    const slot: Slot = {
      child,
      marker,
      stdin: child.stdin.getWriter(),
      stderrTail: "",
    };
    slot.stdin.write(marker).catch(() => {}); // first on stdin: how the process learns it
    this.#slots.add(slot);
    const read = this.#readMessages(slot);
    this.#forwardStderr(slot);
    // Its last message (why it crashed or exited) may still be in the pipe when it has exited.
    child.status.then(async (status) => {
      await Promise.race([read, new Promise((r) => setTimeout(r, 1000))]);
      this.#exited(slot, status);
    });
    return slot;
  }

  #dispatch(slot: Slot, job: RunnerJob): void {
    slot.job = job;
    this.#events.start(job.id);
    let payload: Uint8Array;
    try {
      const message: RunMessage = { type: "run", id: job.id, target: job.target!, args: job.args };
      payload = encodeCborMessage(message as unknown as Record<string, unknown>, "args");
    } catch (e) {
      slot.job = undefined;
      this.#events.error(job.id, { type: "DataCloneError", message: (e as Error).message });
      return this.#next(slot);
    }
    job.args = []; // the process has them now: the server need not keep them
    slot.stdin.write(frameHeader(slot.marker, payload.byteLength)).catch(() => {});
    slot.stdin.write(payload).catch(() => {}); // a dead process is seen by its exit
    if (job.timeoutMs !== undefined) {
      const seconds = job.timeoutMs / 1000;
      slot.timer = setTimeout(() => {
        this.#kill(slot);
        this.#events.error(job.id, {
          type: "TimeoutError",
          message: `The job ran longer than its timeout of ${seconds} s; its process was killed.`,
        });
      }, job.timeoutMs);
    }
  }

  async #readMessages(slot: Slot): Promise<void> {
    const reader = new FrameReader(
      slot.marker,
      (payload) => {
        let message: ChildMessage;
        try {
          message = decodeCbor(payload, MESSAGE_LIMITS) as ChildMessage;
        } catch (e) {
          slot.last = { type: "crash", message: `it sent a message that could not be read (${e})` };
          return this.#kill(slot, false);
        }
        this.#onMessage(slot, message);
      },
      (stray) => Deno.stderr.write(stray).catch(() => {}), // a job printing to stdout
    );
    try {
      for await (const chunk of slot.child.stdout) reader.push(chunk);
    } catch {
      // the process died mid-message: its exit says what happened
    }
  }

  // A job's stderr is the server's; V8's dump of a process out of memory is not passed on (the
  // job's error says what happened).
  async #forwardStderr(slot: Slot): Promise<void> {
    const decoder = new TextDecoder();
    let dumping = false;
    try {
      for await (const chunk of slot.child.stderr) {
        const text = decoder.decode(chunk, { stream: true });
        slot.stderrTail = (slot.stderrTail + text).slice(-2000);
        if (dumping) continue;
        const dump = text.search(/^<--- Last few GCs --->|^#\n# Fatal /m);
        dumping = dump >= 0;
        const kept = dumping ? encoder.encode(text.slice(0, dump).trimEnd()) : chunk;
        if (kept.length > 0) await Deno.stderr.write(kept);
      }
    } catch {
      // the process is gone
    }
  }

  #onMessage(slot: Slot, msg: ChildMessage): void {
    if (msg.type === "exit" || msg.type === "crash") {
      slot.last = msg;
      return;
    }
    const job = slot.job;
    if (!job || msg.id !== job.id || slot.killed) return;
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

  // The process is gone: fail the job it still had, free its slot, and
  // start a replacement when jobs are waiting.
  #exited(slot: Slot, status: Deno.CommandStatus): void {
    this.#slots.delete(slot);
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    if (job) this.#events.error(job.id, describeExit(slot, status));
    if (!this.#closed && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      const fresh = this.#spawn(next);
      if (fresh) this.#dispatch(fresh, next);
    }
  }

  // Kills a process. `forJob`: on purpose, for its job (cancel, timeout), which then is not failed
  // again when the process exits.
  #kill(slot: Slot, forJob = true): void {
    if (slot.killed) return;
    slot.killed = true;
    if (forJob) slot.job = undefined;
    clearTimeout(slot.timer);
    slot.stdin.close().catch(() => {});
    try {
      slot.child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }

  #next(slot: Slot): void {
    const job = this.#queue.shift();
    if (job) this.#dispatch(slot, job);
  }
}

function describeExit(slot: Slot, status: Deno.CommandStatus): JobError {
  const last = slot.last;
  if (last?.type === "exit") {
    return {
      type: "WorkerExited",
      message: `The job's process exited (${last.how}) before it finished.`,
    };
  }
  if (last?.type === "crash") {
    return { type: "WorkerCrashed", message: `The job's process crashed: ${last.message}` };
  }
  const how = status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
  const oom = /out of memory|heap limit/i.test(slot.stderrTail)
    ? " It ran out of memory (the server's maxJobHeapBytes limits each job process's heap)."
    : "";
  return { type: "WorkerCrashed", message: `The job's process ${how} before it finished.${oom}` };
}
