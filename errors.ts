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
 * import { OperationInProgress } from "@tarp/tarp/errors";
 *
 * let ready = false;
 * function getData(): number[] {
 *   if (!ready) throw new OperationInProgress("still measuring", 1.5);
 *   return [1, 2, 3];
 * }
 * ```
 */
export class OperationInProgress extends Error {
  /** Seconds the caller should wait before trying again (may be fractional). */
  readonly retryAfter: number;

  /**
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
 * import { InvalidServerState } from "@tarp/tarp/errors";
 *
 * let started = false;
 * function getData(): string {
 *   if (!started) throw new InvalidServerState("call generate_data first");
 *   return "data";
 * }
 * ```
 */
export class InvalidServerState extends Error {
  /** @param message What state the server is in and what to do about it. */
  constructor(message = "Invalid server state") {
    super(message);
    this.name = "InvalidServerState";
  }
}

/** Details of a remote failure, as the error envelope gave them. */
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
 * import { RemoteError } from "@tarp/tarp/errors";
 *
 * try {
 *   throw new RemoteError("RangeError", "x must be positive", { status: 500 });
 * } catch (e) {
 *   if (e instanceof RemoteError) console.log(e.type, e.status, e.message);
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
 * import { TimeoutError } from "@tarp/tarp/errors";
 *
 * const e: unknown = new TimeoutError("call to add timed out after 100 ms");
 * console.log(e instanceof TimeoutError); // true
 * ```
 */
export class TimeoutError extends Error {
  /** @param message Which call timed out and after how long. */
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

/**
 * The server could not be reached at all (refused, unresolvable, or the connection dropped).
 *
 * @example Tell "server down" apart from a remote failure
 * ```ts
 * import { ConnectionError } from "@tarp/tarp/errors";
 *
 * const e = new ConnectionError("http://localhost:8080", new TypeError("connection refused"));
 * console.log(e.url, e.message);
 * ```
 */
export class ConnectionError extends Error {
  /** The URL that could not be reached. */
  readonly url: string;

  /**
   * @param url The URL that could not be reached.
   * @param cause The underlying network error.
   */
  constructor(url: string, cause?: unknown) {
    const why = cause instanceof Error ? `: ${cause.message}` : "";
    super(`Cannot reach the TARP server at ${url}${why}. Is it running, and is the URL right?`, {
      cause,
    });
    this.name = "ConnectionError";
    this.url = url;
  }
}
