// What the engine needs from a runner (the process pool, the worker pool, the inline runner): start
// a job, stop one, stop all; and what runners report back about the jobs they were given.
import type { JobError, JobTarget } from "./types.ts";

/** A job as a runner sees it. */
export interface RunnerJob {
  id: string;
  /** The function itself, for runners on the server's own isolate. */
  fn?: (...args: unknown[]) => unknown;
  /** Where runners in other isolates or processes find the function. */
  target?: JobTarget;
  args: unknown[];
  /** Stop the job and fail it with `TimeoutError` after this many milliseconds of running. */
  timeoutMs?: number;
}

/** What a runner reports about the jobs it was given. */
export interface RunnerEvents {
  start(id: string): void;
  progress(id: string, fraction: number, message?: string): void;
  result(id: string, value: unknown): void;
  error(id: string, error: JobError): void;
}

/** Runs jobs somewhere and reports on them. */
export interface Runner {
  /** Starts `job`, or queues it until there is room. */
  run(job: RunnerJob): void;
  /** Drops a queued job or stops a running one; false if the runner does not have it. */
  cancel(id: string): boolean;
  /** Stops every job and releases everything (settling once it has). */
  close(): void | Promise<void>;
}
