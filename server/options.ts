// The server's options (_options.ts checks them and fills in their defaults).
import type { LogOption } from "./log.ts";
import type { JobBackend } from "../jobs/types.ts";

/**
 * Where async jobs run: a named built-in engine, or a job backend of your own.
 *
 * @example
 * ```ts
 * import { client, type JobsOption, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { ResolvedServerOptions, ServerOptions };
 *
 * let calls = 0;
 * const count = () => ++calls; // inline jobs share the server's module state
 * const jobs: JobsOption = "inline";
 * const server = makeServer({ jobs }).addAsyncRPCEndpoint("count", count);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(await (await c.count()).wait(), 1);
 * assert.equal(calls, 1);
 * await server.close();
 * ```
 */
export type JobsOption = "process" | "worker" | "inline" | JobBackend;

/**
 * Options for {@linkcode makeServer}.
 *
 * @example
 * ```ts
 * import { createToken, makeServer, type ServerOptions } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { JobsOption, ResolvedServerOptions };
 *
 * const options: ServerOptions = { token: createToken(), jobs: "inline", maxBodyBytes: 1 << 20 };
 * const server = makeServer(options);
 * assert.equal(server.options.maxBodyBytes, 1 << 20);
 * ```
 */
export interface ServerOptions {
  /** Largest request body in bytes, refused with 413 before it is read whole. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Deepest nesting a request value may have, refused with 400. Default 128. */
  maxDepth?: number;
  /** Send thrown errors' stack traces to clients (off by default: they reveal server paths). */
  exposeStack?: boolean;
  /**
   * Require `Authorization: Bearer <token>` on every route but `/health` (see `createToken()`).
   * Browsers may open any URL once with `?token=<token>` instead; the token then lives in a cookie,
   * which authorises GET and HEAD requests, and others only from the server's own pages.
   */
  token?: string;
  /**
   * The call log: one entry per request (method, endpoint, status, milliseconds). `true` writes
   * lines to stderr, `false` turns it off, a function receives the entries. Default: on under
   * `runServer`, unless it is `quiet`.
   */
  log?: LogOption;
  /**
   * Let pages served from other origins call this server (CORS): `true` (or `"*"`) for any
   * origin, an origin such as `"http://localhost:5173"`, or a list of origins. Off by default:
   * a request a browser marks as sent by a page from another origin is then refused with 403.
   */
  cors?: boolean | string | string[];
  /**
   * Host names `runServer` answers to besides IP addresses, `localhost` and this machine's own
   * name (`"lab-pc.example.org"`, or `".example.org"` for every name under it), or `true` for
   * any. A request for another name (the `Host` header) is refused with 421, which stops
   * DNS-rebinding pages.
   */
  allowedHosts?: true | string[];
  /**
   * Where async jobs run. `"process"` (the default; the Python TARP's process pool): each job runs
   * in a child process from a pool (the server needs `--allow-run`), which cancel and timeout
   * kill, and whose crash or running out of memory fails only its job. `"worker"`: a pool of Web
   * Workers (faster to start, but a job that runs out of memory takes the server down).
   * `"inline"` (the Python TARP's `multiThreaded=True`): jobs run on the server's own isolate and
   * share its module state, but CPU-bound work blocks the server meanwhile. Or a `JobBackend`.
   */
  jobs?: JobsOption;
  /** Job processes or Web Workers in the pool. Default `navigator.hardwareConcurrency`. */
  poolSize?: number;
  /**
   * Keep jobs in this SQLite file rather than in memory, so that they outlive the process: after a
   * restart, finished jobs are still fetchable, queued ones run, and jobs that were running fail
   * with type `ServerRestarted` (or run again, with the endpoint's `retry`). One server per file.
   */
  jobStore?: string;
  /** Seconds a finished job's result (or error) is kept for fetching. Default 600 (10 minutes). */
  retention?: number;
  /** Longest time, in seconds, one `GET /asyncGet?…&wait=` request is held. Default 30. */
  maxLongPoll?: number;
  /** Most long-polls held at once; more are answered at once, as plain polls. Default 1,000. */
  maxLongPolls?: number;
  /** Largest bignum (CBOR tags 2 and 3) a request may carry, in bytes; refused with 400. 1 KiB. */
  maxBigIntBytes?: number;
  /**
   * Most values (numbers, strings, arrays, objects…; a typed array is one) a request may hold;
   * refused with 400. Default 1,000,000. Send large numeric data as typed arrays over CBOR.
   */
  maxValues?: number;
  /** Most positional arguments a call may pass; refused with 400. Default 10,000. */
  maxArgs?: number;
  /**
   * About how many bytes a JSON answer may spend repeating objects its value holds more than once
   * (JSON has no shared references); past it the answer is a 406. CBOR answers keep sharing.
   * Default 4 MiB.
   */
  maxJsonRepeatBytes?: number;
  /** Bytes of request bodies being read or decoded at once; past it 503. Default 256 MiB. */
  maxBodyBytesInFlight?: number;
  /** Seconds a request's body may take to arrive once its headers have; past it 408. 30. */
  bodyTimeout?: number;
  /** Jobs that may wait for a free slot at once; past it a submit is a 503. Default 1,000. */
  maxQueuedJobs?: number;
  /** Bytes of finished jobs' results kept; past it the oldest results go first. 256 MiB. */
  maxResultBytes?: number;
  /** Calls that may wait for one lock at once; past it a 503. Default 64. */
  maxLockWaiters?: number;
  /** Seconds a call may wait for a lock; past it a 503. Default 30. */
  lockWait?: number;
  /** Heap limit of each job process (`jobs: "process"`), in bytes. Default 1 GiB. */
  maxJobHeapBytes?: number;
  /** Most `GET /jobs/<id>/events` streams open at once; more get 429. Default 1,000. */
  maxEventStreams?: number;
}

/**
 * The server's options with their defaults filled in (`server.options`).
 *
 * @example
 * ```ts
 * import { makeServer, type ResolvedServerOptions } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { JobsOption, ServerOptions };
 *
 * const options: ResolvedServerOptions = makeServer().options;
 * assert.equal(options.maxBodyBytes, 64 * 1024 * 1024);
 * ```
 */
export interface ResolvedServerOptions {
  /** Largest request body in bytes. */
  maxBodyBytes: number;
  /** Deepest nesting a request value may have. */
  maxDepth: number;
  /** Whether error envelopes carry stack traces. */
  exposeStack: boolean;
  /** The token every route but `/health` needs, if any. */
  token?: string;
  /** The call log, if set. */
  log?: LogOption;
  /** Which origins may call from pages served elsewhere. */
  cors: boolean | string | string[];
  /** Host names `runServer` answers to besides IP addresses, localhost and the machine's name. */
  allowedHosts: true | string[];
  /** Where async jobs run. */
  jobs: JobsOption;
  /** Job processes or Web Workers in the pool. */
  poolSize: number;
  /** The SQLite file jobs are kept in, if any. */
  jobStore?: string;
  /** Seconds a finished job is kept. */
  retention: number;
  /** Longest long-poll, in seconds. */
  maxLongPoll: number;
  /** Most long-polls held at once. */
  maxLongPolls: number;
  /** Largest bignum a request may carry, in bytes. */
  maxBigIntBytes: number;
  /** Most values a request may hold. */
  maxValues: number;
  /** Most positional arguments a call may pass. */
  maxArgs: number;
  /** About how many bytes a JSON answer may spend repeating shared objects. */
  maxJsonRepeatBytes: number;
  /** Bytes of request bodies in flight at once. */
  maxBodyBytesInFlight: number;
  /** Seconds a request's body may take to arrive. */
  bodyTimeout: number;
  /** Jobs that may wait for a slot at once. */
  maxQueuedJobs: number;
  /** Bytes of finished jobs' results kept. */
  maxResultBytes: number;
  /** Calls that may wait for one lock at once. */
  maxLockWaiters: number;
  /** Seconds a call may wait for a lock. */
  lockWait: number;
  /** Heap limit of each job process, in bytes. */
  maxJobHeapBytes: number;
  /** Most job event streams open at once. */
  maxEventStreams: number;
}
