/**
 * Jobs on a queue shared by many machines: a job backend on [BullMQ](https://bullmq.io) over Redis
 * (or Valkey). Servers made with `makeServer({ jobs: bullmq({ connection }) })` add their async
 * endpoints' jobs to the queue; `tarp worker module.ts --redis URL` processes, on any machines, run
 * them. Any server on the queue answers for any job: probe, wait, cancel.
 *
 * This entry is separate from the others, and BullMQ (an npm package) is loaded only when a server
 * first uses the queue: the other entries never load it.
 *
 * @example A server whose jobs run on `tarp worker` processes
 * ```ts
 * import { makeServer } from "@tarp/tarp";
 * import { bullmq } from "@tarp/tarp/bullmq";
 * import assert from "node:assert/strict";
 * # export type { BullMQOptions };
 *
 * export function scan(points: number): number[] {
 *   return Array.from({ length: points }, (_, i) => i);
 * }
 *
 * // Nothing connects until the first job: making the server needs no Redis.
 * const jobs = bullmq({ connection: "redis://127.0.0.1:6379", queue: "lab" });
 * // Workers import the module that defines `scan` (found from the call stack, or given here).
 * const server = makeServer({ jobs })
 *   .addAsyncRPCEndpoint("scan", scan, { module: import.meta.url, retry: 1 });
 * assert.equal(server.jobs.runsInServer, false); // jobs run in `tarp worker` processes
 * await server.close();
 * ```
 *
 * @module
 */
import type { JobBackend } from "./types.ts";
import { BullMQBackend } from "./_bullmq_backend.ts";
import { DEFAULT_QUEUE, redisConnection } from "./_bullmq_shared.ts";

/**
 * Options for {@linkcode bullmq}.
 *
 * @example
 * ```ts
 * import { bullmq, type BullMQOptions } from "@tarp/tarp/bullmq";
 * import assert from "node:assert/strict";
 *
 * const options: BullMQOptions = { connection: "redis://redis.lab:6379/0", retention: 3600 };
 * const jobs = bullmq(options);
 * assert.equal(jobs.runsInServer, false);
 * await jobs.close();
 * ```
 */
export interface BullMQOptions {
  /**
   * The Redis (or Valkey) URL: `redis://host:6379`, `redis://:password@host:6379/2` (a password
   * and a database number), or `rediss://…` for TLS.
   */
  connection: string;
  /** The queue's name: servers and workers on the same queue share its jobs. Default `"tarp"`. */
  queue?: string;
  /** Seconds a finished job's result (or error) is kept. Default 600 (10 minutes). */
  retention?: number;
}

/**
 * A job backend on a BullMQ queue in Redis, for `makeServer({ jobs })`. Jobs wait in Redis until a
 * `tarp worker` process takes them, so they outlive any server, and any number of servers and
 * workers can share them. Arguments and results are stored with TARP's CBOR codec; progress,
 * completion and cancellation reach every server within milliseconds through the queue's events.
 * A worker that dies mid-job leaves the job to BullMQ's stalled-job handling: it runs again when
 * its endpoint has `retry`, and otherwise fails with type `WorkerLost`. (Its `watch()` cannot tell
 * an unknown job without asking Redis, so it answers a stop function for any well-formed ID.)
 *
 * @example
 * ```ts
 * import { makeServer } from "@tarp/tarp";
 * import { bullmq } from "@tarp/tarp/bullmq";
 * import assert from "node:assert/strict";
 * # export type { BullMQOptions };
 *
 * assert.throws(() => bullmq({ connection: "localhost:6379" }), /redis:\/\/localhost:6379/);
 * const server = makeServer({ jobs: bullmq({ connection: "redis://localhost:6379" }) });
 * await server.close();
 * ```
 */
export function bullmq(options: BullMQOptions): JobBackend {
  const retention = options.retention ?? 600;
  if (typeof retention !== "number" || !(retention >= 0) || !Number.isFinite(retention)) {
    throw new RangeError(`bullmq: retention is a number of seconds, not ${String(retention)}.`);
  }
  const queue = options.queue ?? DEFAULT_QUEUE;
  if (typeof queue !== "string" || !/^[\w.-]{1,100}$/.test(queue)) {
    throw new TypeError(
      `bullmq: queue is a name of letters, digits, "_", "." and "-", not ${JSON.stringify(queue)}.`,
    );
  }
  return new BullMQBackend({ connection: redisConnection(options.connection), queue, retention });
}
