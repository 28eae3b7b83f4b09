/**
 * Asynchronous RPC: long-running jobs. A server registers a function with
 * `server.addAsyncRPCEndpoint(name, fn)`; calling it from a client starts a job and returns a
 * {@linkcode JobHandle} at once, whose `wait()` resolves to the function's result.
 *
 * Inside a job, {@linkcode progress} reports how far it got (clients see it in `probe()` and
 * `wait({ onProgress })`) and {@linkcode jobSignal} tells it when it was cancelled. Both work in the
 * worker and inline modes, and do nothing outside a job.
 *
 * @example A job that reports progress, and a client that watches it
 * ```ts
 * import { client, makeServer, runServer } from "@tarp/tarp";
 * import { jobSignal, progress } from "@tarp/tarp/jobs";
 *
 * async function count(n: number): Promise<number> {
 *   for (let i = 0; i < n; i++) {
 *     jobSignal().throwIfAborted();
 *     progress(i / n, `step ${i + 1} of ${n}`);
 *     await new Promise((r) => setTimeout(r, 10));
 *   }
 *   return n;
 * }
 *
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("count", count);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * const c = await client<typeof server>(handle.url);
 * const job = await c.count(5);
 * console.log(await job.wait({ onProgress: (p) => console.log(p.progress, p.message) })); // 5
 * await handle.shutdown();
 * ```
 *
 * @module
 */
import { currentJob } from "./_context.ts";

/**
 * Where a job is: waiting for a worker, running, or ended one of three ways.
 *
 * @example
 * ```ts ignore
 * import type { JobStatus } from "@tarp/tarp/jobs";
 *
 * const finished = (s: JobStatus) => s === "completed" || s === "failed" || s === "cancelled";
 * ```
 */
export type JobStatus = "queued" | "in_progress" | "completed" | "failed" | "cancelled";

/**
 * What `GET /asyncProbe?UUID=<id>` answers, and `handle.probe()` resolves to.
 *
 * @example
 * ```ts ignore
 * import { client } from "@tarp/tarp/client";
 * import type { ProbeResult } from "@tarp/tarp/jobs";
 *
 * const c = await client("http://localhost:8080");
 * const job = await c.my_long_function(1, 2);
 * const probe: ProbeResult = await job.probe();
 * console.log(probe.status, probe.progress);
 * ```
 */
export interface ProbeResult {
  /** Where the job is. */
  status: JobStatus;
  /** Seconds a client should wait between polls (the endpoint's `suggestedWait`). */
  suggested_wait: number;
  /** The last fraction (0 to 1) the job reported with `progress()`, if it reported any. */
  progress?: number;
  /** The last message the job reported with `progress()`, if any. */
  message?: string;
}

/**
 * What starting a job answers (`POST /<name>` on an async endpoint, status 202).
 *
 * @example
 * ```ts ignore
 * import type { JobTicket } from "@tarp/tarp/jobs";
 *
 * const res = await fetch("http://localhost:8080/my_long_function", {
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ args: [1, 2] }),
 * });
 * const ticket: JobTicket = (await res.json()).result; // { ID, suggested_wait }
 * ```
 */
export interface JobTicket {
  /** The job's ID, for the job routes and `c.$job(id)`. */
  ID: string;
  /** Seconds a client should wait between polls. */
  suggested_wait: number;
}

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

/**
 * Reports how far the running job got: a fraction from 0 to 1 (clamped) and an optional message.
 * Clients see the latest report in `probe()` and `wait({ onProgress })`. Outside a job it does
 * nothing.
 *
 * @example
 * ```ts
 * import { progress } from "@tarp/tarp/jobs";
 *
 * export function crunch(items: number[]): number {
 *   let sum = 0;
 *   items.forEach((x, i) => {
 *     sum += x;
 *     progress((i + 1) / items.length, `item ${i + 1}`);
 *   });
 *   return sum;
 * }
 * ```
 */
export function progress(fraction: number, message?: string): void {
  if (typeof fraction !== "number" || Number.isNaN(fraction)) {
    throw new TypeError(`progress() takes a number from 0 to 1, got ${String(fraction)}.`);
  }
  const job = currentJob();
  if (!job) return;
  job.report(
    Math.min(1, Math.max(0, fraction)),
    message === undefined ? undefined : String(message),
  );
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * The running job's cancellation signal. In inline mode it is aborted when the job is cancelled
 * (reason: `CancelledError`) or times out (reason: `TimeoutError`); in worker mode cancelling
 * terminates the worker outright, so the signal is never needed there, but reading it is harmless.
 * Outside a job it is a signal that never aborts.
 *
 * @example Stop cleanly when cancelled
 * ```ts
 * import { jobSignal } from "@tarp/tarp/jobs";
 *
 * export async function poll(url: string): Promise<string> {
 *   const res = await fetch(url, { signal: jobSignal() });
 *   return await res.text();
 * }
 * ```
 */
export function jobSignal(): AbortSignal {
  return currentJob()?.signal ?? NEVER_ABORTED;
}
