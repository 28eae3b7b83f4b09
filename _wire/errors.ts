// The one error path, both directions: a thrown value becomes an error envelope with its status
// (on the server), and an error envelope becomes an Error of the right class (on the client).
// Every error type TARP itself raises is in ErrorType, with its status in one table.
import type { ErrorEnvelope, InputIssue } from "./protocol.ts";
import type { JobError } from "../jobs/types.ts";
import { CancelledError, InvalidServerState, OperationInProgress, RemoteError } from "../errors.ts";

/** HTTP status of each error type TARP raises; a type not listed (a function's own) is a 500. */
export const STATUS_OF = {
  BadRequest: 400,
  DataCloneError: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  RequestTimeout: 408,
  Cancelled: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  MisdirectedRequest: 421,
  TooManyRequests: 429,
  OperationInProgress: 503,
  InvalidServerState: 503,
  // A job's own failure types: answered 500, as every failed job is.
  WorkerCrashed: 500,
  WorkerExited: 500,
  FunctionNotFound: 500,
  ServerShutdown: 500,
  ServerRestarted: 500,
  WorkerLost: 500,
  TimeoutError: 500,
  ResultTooLarge: 500,
  RunnerUnavailable: 500,
} as const;

/** The error types TARP raises itself. */
export type ErrorType = keyof typeof STATUS_OF;

/** The status for an error type: the table's, else 500. */
export function statusOf(type: string): number {
  return Object.hasOwn(STATUS_OF, type) ? STATUS_OF[type as ErrorType] : 500;
}

/** What a refusal may add: the methods that would work (405), or when to retry (503, 429). */
export interface TarpErrorDetails {
  /** Methods the resource allows, for a 405. */
  allow?: readonly string[];
  /** Seconds until a retry may succeed. */
  retryAfter?: number;
  /** An extra response header the refusal needs (`WWW-Authenticate` for a 401, say). */
  header?: readonly [name: string, value: string];
  /** Input that failed an endpoint's schema, for a 400. */
  issues?: InputIssue[];
}

/** A refusal by TARP itself (not by a registered function), with its envelope type. */
export class TarpError extends Error {
  /** The envelope type. */
  readonly type: ErrorType;
  /** What the refusal adds. */
  readonly details: TarpErrorDetails;

  constructor(type: ErrorType, message: string, details: TarpErrorDetails = {}) {
    super(message);
    this.name = type;
    this.type = type;
    this.details = details;
  }
}

/** A job that failed: answered 500 with the job error's own type, whatever that type is. */
export class JobFailure extends Error {
  readonly error: JobError;

  constructor(error: JobError) {
    super(error.message);
    this.name = "JobFailure";
    this.error = error;
  }
}

/** A thrown value, described for the wire. */
export interface DescribedError {
  status: number;
  envelope: ErrorEnvelope;
  details: TarpErrorDetails;
}

/**
 * Describes anything thrown as an error envelope with its status: TARP's own refusals and the
 * standard errors by their type; a failed job as 500 with its error's type; anything else by its
 * `name`. Stacks of functions' errors are included only with `exposeStack`.
 */
export function describeError(err: unknown, exposeStack = false): DescribedError {
  if (err instanceof JobFailure) {
    const { type, message, stack } = err.error;
    const envelope: ErrorEnvelope = { status: "error", type, message };
    if (exposeStack && stack) envelope.stack = stack;
    return { status: 500, envelope, details: {} };
  }
  if (!(err instanceof Error)) {
    return {
      status: 500,
      envelope: { status: "error", type: "Error", message: String(err) },
      details: {},
    };
  }
  const type = err.name || err.constructor?.name || "Error";
  const envelope: ErrorEnvelope = { status: "error", type, message: err.message };
  const details: TarpErrorDetails = err instanceof TarpError ? { ...err.details } : {};
  if (!(err instanceof TarpError) && exposeStack && err.stack) envelope.stack = err.stack;
  if (err instanceof OperationInProgress) details.retryAfter = err.retryAfter;
  if (details.retryAfter !== undefined) envelope.retry_after = details.retryAfter;
  if (details.issues) envelope.issues = details.issues;
  return { status: statusOf(type), envelope, details };
}

/** Where an error envelope came from, for the Error made of it. */
export interface EnvelopeSource {
  /** The answer's HTTP status. */
  status: number;
  /** The answer's `Retry-After` header, if any. */
  retryAfterHeader?: string | null;
  /** The job the answer was about, for `Cancelled`. */
  jobId?: string;
}

/**
 * The client-side Error for an error envelope: `OperationInProgress`, `InvalidServerState` and
 * (for jobs) `CancelledError` as those classes, everything else a `RemoteError` with the type.
 */
export function errorFromEnvelope(envelope: ErrorEnvelope, source: EnvelopeSource): Error {
  if (envelope.type === "OperationInProgress") {
    const header = Number(source.retryAfterHeader ?? NaN);
    const retryAfter = envelope.retry_after ?? (Number.isFinite(header) ? header : 1);
    return new OperationInProgress(envelope.message, retryAfter);
  }
  if (envelope.type === "InvalidServerState") return new InvalidServerState(envelope.message);
  if (envelope.type === "Cancelled" && source.status === 409 && source.jobId !== undefined) {
    return new CancelledError(envelope.message, source.jobId);
  }
  return new RemoteError(envelope.type, envelope.message, {
    status: source.status,
    remoteStack: envelope.stack,
  });
}

/** Describes a thrown value as a job error (its type and message), for a failed job's record. */
export function jobErrorOf(err: unknown, prefix = ""): JobError {
  if (err instanceof Error) {
    return { type: err.name || "Error", message: prefix + err.message, stack: err.stack };
  }
  return { type: "Error", message: prefix + String(err) };
}
