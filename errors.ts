/**
 * The errors TARP servers throw and TARP clients catch.
 *
 * A server function throws {@linkcode OperationInProgress} or {@linkcode InvalidServerState} to
 * answer 503; the client re-raises them as the same classes. Every other remote failure reaches the
 * client as a {@linkcode RemoteError} carrying the server's error type and message.
 *
 * @module
 */

/**
 * Thrown by a server function when the work it depends on is still running: the server answers
 * 503 with a `Retry-After` header, and the client rejects with this class, `retryAfter` intact.
 *
 * @example Ask the caller to come back later
 * ```ts
 * import { client, makeServer, OperationInProgress } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { BadRequest, CancelledError, ConnectionError, InvalidServerState, RemoteError, type RemoteErrorInit, TimeoutError };
 *
 * let ready = false;
 * function getData(): number[] {
 *   if (!ready) throw new OperationInProgress("still measuring", 1.5);
 *   return [1, 2, 3];
 * }
 * const server = makeServer().addRPCEndpoint("getData", getData);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * await assert.rejects(c.getData(), { name: "OperationInProgress", retryAfter: 1.5 });
 * ready = true;
 * assert.deepEqual(await c.getData(), [1, 2, 3]);
 * ```
 */
export class OperationInProgress extends Error {
  /** Seconds the caller should wait before trying again (may be fractional). */
  readonly retryAfter: number;

  /**
   * Makes the error a server function throws while its work is still running.
   *
   * @param message What is still in progress.
   * @param retryAfter Seconds to wait before retrying (default 1).
   */
  constructor(message = "Operation in progress", retryAfter = 1) {
    super(message);
    this.name = "OperationInProgress";
    this.retryAfter = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1;
  }
}

/**
 * Thrown by a server function when the server is not in a state to answer (for example, data was
 * asked for before anything was started). The server answers 503; the client rejects with this
 * class.
 *
 * @example Refuse a call until a measurement was started
 * ```ts
 * import { client, InvalidServerState, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { BadRequest, CancelledError, ConnectionError, OperationInProgress, RemoteError, type RemoteErrorInit, TimeoutError };
 *
 * let started = false;
 * function getData(): string {
 *   if (!started) throw new InvalidServerState("call generate_data first");
 *   return "data";
 * }
 * const server = makeServer()
 *   .addRPCEndpoint("generate_data", () => (started = true))
 *   .addRPCEndpoint("get_data", getData);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * await assert.rejects(c.get_data(), InvalidServerState);
 * await c.generate_data();
 * assert.equal(await c.get_data(), "data");
 * ```
 */
export class InvalidServerState extends Error {
  /**
   * Makes the error a server function throws when it cannot answer in the current state.
   *
   * @param message What state the server is in and what to do about it.
   */
  constructor(message = "Invalid server state") {
    super(message);
    this.name = "InvalidServerState";
  }
}

/**
 * Details of a remote failure, as the error envelope gave them.
 *
 * @example
 * ```ts
 * import { RemoteError, type RemoteErrorInit } from "@tarp/tarp/errors";
 * import assert from "node:assert/strict";
 * # export { BadRequest, CancelledError, ConnectionError, InvalidServerState, OperationInProgress, TimeoutError };
 *
 * const init: RemoteErrorInit = { status: 500 };
 * const e = new RemoteError("RangeError", "x must be positive", init);
 * assert.equal(e.status, 500);
 * assert.equal(e.message, "RangeError: x must be positive");
 * ```
 */
export interface RemoteErrorInit {
  /** The HTTP status of the answer. */
  status: number;
  /** The remote stack trace, when the server opted in to sending it. */
  remoteStack?: string;
}

/**
 * A call failed on the server. `type` is the server's error type (the thrown error's name, such as
 * `RangeError`, or a protocol error such as `NotFound` or `BadRequest`), `message` its message.
 *
 * @example Catch a remote failure
 * ```ts
 * import { client, makeServer, RemoteError } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { BadRequest, CancelledError, ConnectionError, InvalidServerState, OperationInProgress, type RemoteErrorInit, TimeoutError };
 *
 * const server = makeServer().addRPCEndpoint("sqrt", (x: number) => {
 *   if (x < 0) throw new RangeError("x must be positive");
 *   return Math.sqrt(x);
 * });
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * try {
 *   await c.sqrt(-1);
 *   assert.fail("sqrt(-1) should have failed");
 * } catch (e) {
 *   assert.ok(e instanceof RemoteError);
 *   assert.deepEqual([e.type, e.status], ["RangeError", 500]);
 * }
 * ```
 */
export class RemoteError extends Error {
  /** The remote error's type, e.g. `RangeError` or `NotFound`. */
  readonly type: string;
  /** The HTTP status the server answered with. */
  readonly status: number;
  /** The remote stack trace, if the server sends them (`exposeStack: true`). */
  readonly remoteStack?: string;

  /**
   * Makes the client-side error for a remote failure.
   *
   * @param type The remote error type.
   * @param message The remote error message.
   * @param init The HTTP status and optional remote stack.
   */
  constructor(type: string, message: string, init: RemoteErrorInit) {
    super(`${type}: ${message}`);
    this.name = "RemoteError";
    this.type = type;
    this.status = init.status;
    this.remoteStack = init.remoteStack;
  }
}

/**
 * A call took longer than its timeout (the client's `timeout` option or the call's own).
 *
 * @example Recognise a timeout
 * ```ts
 * import { client, makeServer, TimeoutError } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { BadRequest, CancelledError, ConnectionError, InvalidServerState, OperationInProgress, RemoteError, type RemoteErrorInit };
 *
 * const { promise: never, resolve: release } = Promise.withResolvers<void>();
 * const server = makeServer().addRPCEndpoint("slow", () => never);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch, timeout: 50 });
 * await assert.rejects(c.slow(), TimeoutError);
 * release(); // let the server's call end too
 * ```
 */
export class TimeoutError extends Error {
  /**
   * Makes the error for a call that ran out of time.
   *
   * @param message Which call timed out and after how long.
   */
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

/**
 * The server could not be reached (refused, unresolvable, the connection dropped), or in a browser
 * the page's origin is not allowed to read its answers (CORS), which the message then says.
 *
 * @example Tell "server down" apart from a remote failure
 * ```ts
 * import { client, ConnectionError } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { BadRequest, CancelledError, InvalidServerState, OperationInProgress, RemoteError, type RemoteErrorInit, TimeoutError };
 *
 * const refused = () => Promise.reject(new TypeError("Connection refused")); // nothing listens
 * await assert.rejects(
 *   client("http://lab-pc:8080", { fetch: refused }),
 *   (e) => e instanceof ConnectionError && e.url === "http://lab-pc:8080",
 * );
 * ```
 */
export class ConnectionError extends Error {
  /** The URL that could not be reached. */
  readonly url: string;

  /**
   * Makes the error for a server that could not be reached.
   *
   * @param url The URL that could not be reached.
   * @param cause The underlying network error.
   * @param message What went wrong, when more is known (a CORS refusal).
   */
  constructor(url: string, cause?: unknown, message?: string) {
    let why = "";
    for (let c = cause; c instanceof Error && why.length < 500; c = c.cause) {
      why += `: ${c.message}`;
    }
    const hint = /certificate|UnknownIssuer|tls/i.test(why)
      ? "Its TLS certificate is not trusted: pass the CA with client(url, { caCerts: [pem] })."
      : "Is it running, and is the URL right?";
    super(message ?? `Cannot reach the TARP server at ${url}${why}. ${hint}`, { cause });
    this.name = "ConnectionError";
    this.url = url;
  }
}

/**
 * An asynchronous job was cancelled (by `handle.cancel()`, `DELETE /jobs/<id>`, or another
 * client), so it has no result: `handle.wait()` and `handle.waitCycle()` reject with this. Inside
 * an inline job, `jobSignal()` is aborted with it as the reason.
 *
 * @example Tell a cancelled job from a failed one
 * ```ts
 * import { CancelledError, client, makeServer, RemoteError } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { BadRequest, ConnectionError, InvalidServerState, OperationInProgress, type RemoteErrorInit, TimeoutError };
 *
 * function explain(e: unknown): string {
 *   if (e instanceof CancelledError) return `job ${e.jobId} was cancelled`;
 *   if (e instanceof RemoteError) return `job failed with ${e.type}: ${e.message}`;
 *   return String(e);
 * }
 * const server = makeServer({ jobs: "inline" })
 *   .addAsyncRPCEndpoint("forever", () => new Promise(() => {}));
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job = await c.forever();
 * await job.cancel();
 * assert.equal(explain(await job.wait().catch((e) => e)), `job ${job.ID} was cancelled`);
 * await server.close();
 * ```
 */
export class CancelledError extends Error {
  /** The ID of the cancelled job. */
  readonly jobId: string;

  /**
   * Makes the error for a cancelled job.
   *
   * @param message What was cancelled.
   * @param jobId The ID of the cancelled job.
   */
  constructor(message = "The job was cancelled.", jobId = "") {
    super(message);
    this.name = "CancelledError";
    this.jobId = jobId;
  }
}

/**
 * Thrown by a server function to refuse its caller's input: the server answers 400 with the
 * error's message, so the caller learns what to fix (instead of a 500 that blames the server).
 *
 * @example Refuse a bad query parameter
 * ```ts
 * import { BadRequest, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { CancelledError, ConnectionError, InvalidServerState, OperationInProgress, RemoteError, type RemoteErrorInit, TimeoutError };
 *
 * function setGain(params: Record<string, string | string[]>): number {
 *   const gain = Number(params.gain);
 *   if (!Number.isFinite(gain)) throw new BadRequest(`gain must be a number, such as gain=2`);
 *   return gain;
 * }
 * const server = makeServer().addGetEndpoint("set_gain", setGain);
 * const res = await server.fetch(new Request("http://tarp/set_gain?gain=loud"));
 * assert.equal(res.status, 400);
 * assert.equal((await res.json()).message, "gain must be a number, such as gain=2");
 * ```
 */
export class BadRequest extends Error {
  /**
   * Makes the error for input the function cannot use.
   *
   * @param message What is wrong with the input and what to send instead.
   */
  constructor(message: string) {
    super(message);
    this.name = "BadRequest";
  }
}
