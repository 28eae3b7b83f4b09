// The job engine's vocabulary: statuses, the records clients see, and the backend interface that
// the server's HTTP routes adapt. Types only.

/**
 * Where a job is: waiting for a worker, running, or ended one of three ways.
 *
 * @example
 * ```ts
 * import type { JobStatus } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobDefinition, JobError, JobInfo, JobTarget, JobTicket, ProbeResult };
 *
 * const finished = (s: JobStatus) => s === "completed" || s === "failed" || s === "cancelled";
 * assert.equal(finished("in_progress"), false);
 * ```
 */
export type JobStatus = "queued" | "in_progress" | "completed" | "failed" | "cancelled";

/**
 * What `GET /asyncProbe?UUID=<id>` answers, and `handle.probe()` resolves to.
 *
 * @example
 * ```ts
 * import { client, makeServer, type ProbeResult, progress } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobDefinition, JobError, JobInfo, JobStatus, JobTarget, JobTicket };
 *
 * function scan(): string {
 *   progress(0.5, "half way");
 *   return "done";
 * }
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("scan", scan);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job = await c.scan();
 * await job.wait();
 * const probe: ProbeResult = await job.probe();
 * assert.deepEqual(probe, {
 *   status: "completed",
 *   suggested_wait: 5, // the endpoint's suggestedWait
 *   progress: 0.5, // what the job last reported
 *   message: "half way",
 * });
 * await server.close();
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
 * What starting a job answers (`POST /<name>` on an async endpoint, status 202). A start asked
 * with `?wait=<seconds>` waits that long for the job to end: a job that completed by then comes
 * back with `status: "completed"` and its `result`.
 *
 * @example
 * ```ts
 * import { type JobTicket, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobDefinition, JobError, JobInfo, JobStatus, JobTarget, ProbeResult };
 *
 * const server = makeServer({ jobs: "inline" })
 *   .addAsyncRPCEndpoint("twice", (x: number) => 2 * x, { suggestedWait: 1 });
 * const headers = { "content-type": "application/json" };
 * const body = JSON.stringify({ args: [21] });
 * const res = await server.fetch(
 *   new Request("http://tarp/twice", { method: "POST", headers, body }),
 * );
 * assert.equal(res.status, 202);
 * const ticket: JobTicket = (await res.json()).result;
 * assert.equal(ticket.suggested_wait, 1);
 * assert.equal((await server.jobs.wait(ticket.ID, 1000))?.result, 42);
 * const quick = await server.fetch(
 *   new Request("http://tarp/twice?wait=1", { method: "POST", headers, body }),
 * );
 * const done: JobTicket = (await quick.json()).result;
 * assert.deepEqual([done.status, done.result], ["completed", 42]);
 * await server.close();
 * ```
 */
export interface JobTicket {
  /** The job's ID, for the job routes and `c.$job(id)`. */
  ID: string;
  /** Seconds a client should wait between polls. */
  suggested_wait: number;
  /** `"completed"` when the start waited (`?wait=`) and the job completed meanwhile. */
  status?: "completed";
  /** The job's result, with `status: "completed"`. */
  result?: unknown;
}

/**
 * How a failed job failed: its error's type (the thrown error's name, or one of the engine's own
 * types such as `WorkerCrashed`, `TimeoutError`, `ServerShutdown`) and message.
 *
 * @example
 * ```ts
 * import type { JobError } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobDefinition, JobInfo, JobStatus, JobTarget, JobTicket, ProbeResult };
 *
 * const error: JobError = { type: "RangeError", message: "x must be positive" };
 * assert.equal(error.type, "RangeError");
 * ```
 */
export interface JobError {
  /** The error's type. */
  type: string;
  /** The error's message. */
  message: string;
  /** The stack trace where the job threw, when known. */
  stack?: string;
}

/**
 * One job as a job backend reports it: its status, progress, outcome and times.
 *
 * @example
 * ```ts
 * import type { JobInfo } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobDefinition, JobError, JobStatus, JobTarget, JobTicket, ProbeResult };
 *
 * const info: JobInfo = {
 *   id: "42",
 *   endpoint: "scan",
 *   status: "completed",
 *   suggestedWait: 1,
 *   result: [1, 2, 3],
 *   createdAt: Date.now(),
 * };
 * assert.deepEqual(info.result, [1, 2, 3]);
 * ```
 */
export interface JobInfo {
  /** The job's ID. */
  readonly id: string;
  /** The async endpoint it runs. */
  readonly endpoint: string;
  /** Where it is. */
  status: JobStatus;
  /** Seconds a client should wait between polls. */
  readonly suggestedWait: number;
  /** The last fraction (0 to 1) it reported. */
  progress?: number;
  /** The last message it reported. */
  message?: string;
  /** Its result, once `completed`. */
  result?: unknown;
  /** Its error, once `failed`. */
  error?: JobError;
  /** When it was submitted (milliseconds since the epoch). */
  readonly createdAt: number;
  /** When it started running. */
  startedAt?: number;
  /** When it ended. */
  endedAt?: number;
}

/**
 * Where a job's function is found by a runner in another isolate or process: the module to
 * import and the names to look it up by.
 *
 * @example
 * ```ts
 * import type { JobTarget } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobDefinition, JobError, JobInfo, JobStatus, JobTicket, ProbeResult };
 *
 * const target: JobTarget = { module: import.meta.url, name: "scan", exportName: "scan" };
 * assert.ok(target.module.endsWith(".ts"));
 * ```
 */
export interface JobTarget {
  /** URL of the module to import. */
  module: string;
  /** The endpoint's name: a registration captured while importing is looked up by it. */
  name: string;
  /** The export to fall back on when the module registers nothing under `name`. */
  exportName?: string;
}

/**
 * An async endpoint as a job backend needs it: how to run it, and its settings.
 *
 * @example
 * ```ts
 * import type { JobDefinition } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export type { JobBackend, JobError, JobInfo, JobStatus, JobTarget, JobTicket, ProbeResult };
 *
 * const definition: JobDefinition = { name: "double", fn: (x: number) => 2 * x, suggestedWait: 1 };
 * assert.equal(definition.fn(21), 42);
 * ```
 */
export interface JobDefinition {
  /** The endpoint's name. */
  name: string;
  /** The function, for runners on the server's own isolate. */
  // deno-lint-ignore no-explicit-any
  fn: (...args: any[]) => unknown;
  /** Where runners in other isolates or processes find the function. */
  target?: JobTarget;
  /** Seconds a client should wait between polls. */
  suggestedWait: number;
  /** Seconds a job may run before it fails with `TimeoutError`; none when undefined. */
  timeout?: number;
  /**
   * How many more times a job is run when the process running it dies (a server restart with a
   * durable store, a queue worker killed mid-job); 0 or undefined: it fails instead.
   */
  retry?: number;
}

/**
 * The job engine's interface, which the server's HTTP routes adapt: an in-memory engine with a
 * worker pool or an inline runner implements it, and so can engines that keep jobs elsewhere (a
 * database, a queue shared by many machines). Every method is asynchronous for that reason. An
 * unknown (or expired) job is `undefined`, never an exception. Every `JobInfo` a backend hands
 * out is a snapshot: changing it changes nothing, and it does not change as the job goes on.
 *
 * @example A backend's life, through the server that owns it
 * ```ts
 * import { type JobBackend, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { JobDefinition, JobError, JobInfo, JobStatus, JobTarget, JobTicket, ProbeResult };
 *
 * const server = makeServer({ jobs: "inline" })
 *   .addAsyncRPCEndpoint("double", (x: number) => 2 * x);
 * const jobs: JobBackend = server.jobs;
 * const job = await jobs.submit("double", [21]);
 * const done = await jobs.wait(job.id, 1000);
 * assert.equal(done?.result, 42);
 * await server.close();
 * ```
 */
export interface JobBackend {
  /** True when jobs run on the server's own isolate and share its state (locks need that). */
  readonly runsInServer: boolean;
  /** Makes an async endpoint known; submitted jobs name it. */
  define(definition: JobDefinition): void;
  /** Starts (or queues) a job of `endpoint` with `args`. */
  submit(endpoint: string, args: unknown[]): Promise<JobInfo>;
  /** The job with this ID. */
  get(id: string): Promise<JobInfo | undefined>;
  /**
   * Resolves with the job once it has ended, or after `ms` milliseconds (or when `signal` aborts)
   * with the job as it is then.
   */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<JobInfo | undefined>;
  /** Cancels a queued or running job; a job that has ended is left as it is. */
  cancel(id: string): Promise<JobInfo | undefined>;
  /** Every job the backend holds: queued, running, and ended but kept. */
  list(): Promise<JobInfo[]>;
  /**
   * Calls `listener` with the job whenever its status, progress or message changes, until the
   * returned function is called. Returns undefined for an unknown job.
   */
  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined;
  /**
   * Stops every job, fails the unfinished ones (`ServerShutdown`), and releases everything. A
   * backend whose jobs outlive the process (a job store, a queue) leaves them for the next start
   * or for other servers instead.
   */
  close(): Promise<void>;
}
