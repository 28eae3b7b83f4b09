// The client's view of a job: the handle an async endpoint's call resolves to.
import type { JobStatus, ProbeResult } from "../jobs/types.ts";

/**
 * Options for {@linkcode JobHandle.wait}.
 *
 * @example
 * ```ts ignore
 * import { client } from "@tarp/tarp/client";
 * import type { WaitOptions } from "@tarp/tarp/jobs";
 *
 * const c = await client("http://localhost:8080");
 * const job = await c.my_long_function(1, 2);
 * const options: WaitOptions = { timeout: 60_000, onProgress: (p) => console.log(p.progress) };
 * console.log(await job.wait(options));
 * ```
 */
export interface WaitOptions {
  /** Give up (rejecting with `TimeoutError`) after this many milliseconds; the job runs on. */
  timeout?: number;
  /** Called with the probe whenever the job's status, progress or message changes. */
  onProgress?: (probe: ProbeResult) => void;
  /** Stop waiting (rejecting with the signal's reason); the job runs on. */
  signal?: AbortSignal;
  /** With `onProgress`: how often to look for progress, in milliseconds. Default 250. */
  progressInterval?: number;
}

/**
 * A started job, as the client sees it: what calling an async endpoint resolves to, or what
 * `c.$job(id)` gives for a job started elsewhere.
 *
 * @example Start a job, look at it, wait for it
 * ```ts ignore
 * import { client } from "@tarp/tarp";
 *
 * const c = await client("http://localhost:8080");
 * const job = await c.my_long_function(1, 2);
 * console.log(job.ID, await job.status()); // "…" "in_progress"
 * console.log(await job.wait()); // 3
 * ```
 */
export interface JobHandle<T = unknown> {
  /** The job's ID. */
  readonly ID: string;
  /**
   * Waits for the job to end (long-polling, so completion is seen within milliseconds) and
   * resolves to its result. Rejects with `RemoteError` (the job's error type and message) if it
   * failed, `CancelledError` if it was cancelled, `TimeoutError` after `timeout`.
   */
  wait(options?: WaitOptions): Promise<T>;
  /** The job's status. */
  status(): Promise<JobStatus>;
  /** The job's status, suggested wait, and last progress report. */
  probe(): Promise<ProbeResult>;
  /**
   * Waits at most one suggested wait: resolves to the result if the job ends meanwhile (rejects
   * as `wait()` does if it fails), or to `null` if it is still running afterwards.
   */
  waitCycle(): Promise<T | null>;
  /**
   * Cancels the job: a queued job is dropped, a running one stopped. Resolves to its probe
   * afterwards (`cancelled`, or how it ended if it had already ended).
   */
  cancel(): Promise<ProbeResult>;
}
