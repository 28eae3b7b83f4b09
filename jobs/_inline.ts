// Inline mode: jobs run on the server's own isolate (sharing its module state), each inside its
// own async context so that progress() and jobSignal() find it.
import { type JobContext, runAsJob } from "./_context.ts";
import type { Runner, RunnerEvents, RunnerJob } from "./_runner.ts";
import { CancelledError, TimeoutError } from "../errors.ts";
import { checkCloneable } from "../_wire/clone_check.ts";
import { jobErrorOf } from "../_wire/errors.ts";

interface Running {
  controller: AbortController;
  /** Until the job starts: its start. */
  immediate?: ReturnType<typeof setImmediate>;
  /** While it runs: its timeout. */
  timer?: ReturnType<typeof setTimeout>;
}

/** Runs jobs on this isolate. Each starts on a task of its own, after its 202 answer is sent. */
export class InlineRunner implements Runner {
  readonly #events: RunnerEvents;
  readonly #jobs = new Map<string, Running>();
  #closed = false;

  constructor(events: RunnerEvents) {
    this.#events = events;
  }

  /** Starts `job` on the next task. */
  run(job: RunnerJob): void {
    if (this.#closed) throw new Error("The job runner is closed.");
    const running: Running = { controller: new AbortController() };
    // setImmediate, not setTimeout(0), which waits a millisecond or more.
    running.immediate = setImmediate(() => this.#start(job, running));
    this.#jobs.set(job.id, running);
  }

  /** Aborts the job's signal (or drops it if it has not started). False if not here. */
  cancel(id: string): boolean {
    const running = this.#jobs.get(id);
    if (!running) return false;
    this.#forget(id);
    running.controller.abort(new CancelledError(`Job ${id} was cancelled.`, id));
    return true;
  }

  /** Aborts every job and clears every timer. */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#jobs.keys()]) {
      const running = this.#jobs.get(id)!;
      this.#forget(id);
      running.controller.abort(new Error("The server shut down."));
    }
  }

  #start(job: RunnerJob, running: Running): void {
    const { id } = job;
    running.immediate = undefined;
    const signal = running.controller.signal;
    running.timer = job.timeoutMs === undefined ? undefined : setTimeout(() => {
      const seconds = job.timeoutMs! / 1000;
      const message =
        `The job ran longer than its timeout of ${seconds} s; its signal was aborted.`;
      this.#forget(id);
      running.controller.abort(new TimeoutError(message));
      this.#events.error(id, { type: "TimeoutError", message });
    }, job.timeoutMs);
    this.#events.start(id);
    const ctx: JobContext = {
      id,
      signal,
      report: (fraction, message) => {
        if (!signal.aborted) this.#events.progress(id, fraction, message);
      },
    };
    runAsJob(ctx, async () => {
      try {
        const value = await job.fn!(...job.args);
        if (!this.#forget(id)) return;
        try {
          // What a worker could not send back fails here too, rather than at every fetch.
          checkCloneable(value, "The job's result");
        } catch (e) {
          this.#events.error(id, { type: "DataCloneError", message: (e as Error).message });
          return;
        }
        this.#events.result(id, value);
      } catch (err) {
        if (this.#forget(id)) this.#events.error(id, jobErrorOf(err));
      }
    });
  }

  // Stops tracking a job; false if it was no longer tracked (cancelled or timed out meanwhile).
  #forget(id: string): boolean {
    const running = this.#jobs.get(id);
    if (!running) return false;
    if (running.immediate !== undefined) clearImmediate(running.immediate);
    clearTimeout(running.timer);
    this.#jobs.delete(id);
    return true;
  }
}
