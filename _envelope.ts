// The one place where answer envelopes are built, and the one table from error type to status.
import type { ErrorEnvelope, SuccessEnvelope } from "./_protocol.ts";
import { OperationInProgress } from "./errors.ts";
import { CBOR_TYPE, encodeCborMessage, toJsonValue } from "./_codec.ts";

/** HTTP status for each error type; any type not listed is a 500. */
export const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  BadRequest: 400,
  DataCloneError: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  Cancelled: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  OperationInProgress: 503,
  InvalidServerState: 503,
};

/** A refusal by the server itself (not by a registered function), with its envelope type. */
export class ProtocolError extends Error {
  /** Extra response headers, such as `Allow` for a 405. */
  readonly headers: Record<string, string>;

  constructor(type: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = type;
    this.headers = headers;
  }
}

/** Options for rendering an error. */
export interface ErrorRenderOptions {
  /** Include the stack trace of errors thrown by functions. */
  exposeStack?: boolean;
}

/** Builds the error envelope for anything thrown, with its status and headers. */
export function describeError(
  err: unknown,
  options: ErrorRenderOptions = {},
): { status: number; envelope: ErrorEnvelope; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let type = "Error";
  let message = String(err);
  let stack: string | undefined;
  if (err instanceof Error) {
    type = err.name || err.constructor?.name || "Error";
    message = err.message;
    stack = err.stack;
  }
  const envelope: ErrorEnvelope = { status: "error", type, message };
  if (err instanceof ProtocolError) {
    Object.assign(headers, err.headers);
  } else if (options.exposeStack && stack) {
    envelope.stack = stack;
  }
  if (err instanceof OperationInProgress) {
    envelope.retry_after = err.retryAfter;
    // Retry-After takes whole seconds; the envelope keeps the exact value.
    headers["retry-after"] = String(Math.ceil(err.retryAfter));
  }
  return { status: STATUS_BY_ERROR_TYPE[type] ?? 500, envelope, headers };
}

/** Answers an error as the JSON error envelope (errors are always JSON, whatever was sent). */
export function errorResponse(err: unknown, options: ErrorRenderOptions = {}): Response {
  const { status, envelope, headers } = describeError(err, options);
  headers["content-type"] = "application/json";
  return new Response(JSON.stringify(envelope), { status, headers });
}

/** Answers a success envelope, encoded as JSON (with the JSON value mapping) or exact CBOR. */
export function successResponse(
  result: unknown,
  mimetype: string,
  format: "json" | "cbor",
  status = 200,
): Response {
  if (format === "cbor") {
    const envelope: SuccessEnvelope = { status: "success", mimetype, result };
    return new Response(encodeCborMessage({ ...envelope }, "result"), {
      status,
      headers: { "content-type": CBOR_TYPE },
    });
  }
  const envelope: SuccessEnvelope = { status: "success", mimetype, result: toJsonValue(result) };
  return new Response(JSON.stringify(envelope), {
    status,
    headers: { "content-type": "application/json" },
  });
}
