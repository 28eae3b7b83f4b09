// The client's view of a job: the handle an async endpoint's call resolves to.
import type { JobStatus, ProbeResult } from "../jobs/types.ts";

/**
 * Options for {@linkcode JobHandle.wait}.
 *
 * @example
 * ```ts
 * import { client, makeServer, progress } from "@tarp/tarp";
 * import type { WaitOptions } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { JobHandle };
 *
 * async function my_long_function(x: number, y: number): Promise<number> {
 *   progress(0.5, "half way");
 *   await new Promise((r) => setTimeout(r, 20));
 *   return x + y;
 * }
 * const server = makeServer({ jobs: "inline" })
 *   .addAsyncRPCEndpoint("my_long_function", my_long_function);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job = await c.my_long_function(1, 2);
 * const messages: (string | undefined)[] = [];
 * const options: WaitOptions = { timeout: 60_000, onProgress: (p) => messages.push(p.message) };
 * assert.equal(await job.wait(options), 3);
 * assert.ok(messages.length > 0); // the job's state at once, then each change
 * await server.close();
 * ```
 */
export interface WaitOptions {
  /**
   * Give up (rejecting with `TimeoutError`) after this many milliseconds; the job runs on. Until
   * then, a server that cannot be reached is asked again. No limit by default.
   */
  timeout?: number;
  /**
   * Called with the probe whenever the job's status, progress or message changes: each change as
   * it happens, from the server's event stream (`GET /jobs/<id>/events`); a server without one
   * (the Python TARP) is polled instead, every `progressInterval`.
   */
  onProgress?: (probe: ProbeResult) => void;
  /** Stop waiting (rejecting with the signal's reason); the job runs on. */
  signal?: AbortSignal;
  /**
   * With `onProgress`, on a server without an event stream: how often to look for progress, in
   * milliseconds. Default 250.
   */
  progressInterval?: number;
}

/**
 * A started job, as the client sees it: what calling an async endpoint resolves to, or what
 * `c.$job(id)` gives for a job started elsewhere.
 *
 * @example Start a job, look at it, wait for it
 * ```ts
 * import { client, makeServer } from "@tarp/tarp";
 * import type { JobHandle } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { WaitOptions };
 *
 * const { promise: measured, resolve: finish } = Promise.withResolvers<number>();
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("measure", () => measured);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job: JobHandle<number> = await c.measure();
 * assert.match(job.ID, /^[0-9a-f-]{36}$/);
 * assert.match(await job.status(), /^(queued|in_progress)$/);
 * finish(42);
 * assert.equal(await job.wait(), 42);
 * assert.equal(await job.status(), "completed");
 * await server.close();
 * ```
 */
export interface JobHandle<T = unknown> {
  /** The job's ID. */
  readonly ID: string;
  /**
   * Waits for the job to end (long-polling, so completion is seen within milliseconds) and
   * resolves to its result. Rejects with `RemoteError` (the job's error type and message) if it
   * failed, `CancelledError` if it was cancelled, `TimeoutError` after `timeout`. A server that
   * cannot be reached meanwhile (restarting: connection refused or reset; or its job queue out of
   * reach: 503) is asked again, with pauses growing to 1 s, until `timeout`: with a durable job
   * store (`jobStore`), a wait outlives a server restart.
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
