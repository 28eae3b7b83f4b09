// The one place answers are built: a success envelope in JSON or CBOR, and any thrown value as
// the JSON error envelope with its status and headers.
import type { SuccessEnvelope, WireFormat } from "../_wire/protocol.ts";
import { CBOR_TYPE, JSON_TYPE } from "../_wire/protocol.ts";
import { describeError } from "../_wire/errors.ts";
import { encodeCborMessage } from "../_wire/codec.ts";
import { toJsonValue } from "../_wire/json.ts";

/** Answers anything thrown as the JSON error envelope (errors are JSON, whatever was sent). */
export function errorResponse(err: unknown, exposeStack: boolean): Response {
  const { status, envelope, details } = describeError(err, exposeStack);
  const headers: Record<string, string> = { "content-type": JSON_TYPE };
  if (details.allow) headers.allow = details.allow.join(", ");
  // Retry-After takes whole seconds; the envelope keeps the exact value.
  if (details.retryAfter !== undefined) {
    headers["retry-after"] = String(Math.ceil(details.retryAfter));
  }
  if (details.header) headers[details.header[0]] = details.header[1];
  return new Response(JSON.stringify(envelope), { status, headers });
}

/**
 * Answers a success envelope, encoded as JSON (with the JSON value mapping, its repeats of shared
 * objects bounded by `maxRepeatBytes`) or exact CBOR, with a Location header when given one.
 */
export function successResponse(
  result: unknown,
  mimetype: string,
  format: WireFormat,
  status = 200,
  maxRepeatBytes?: number,
  location?: string,
): Response {
  // Headers given at once: setting one on the made Response costs more than the whole answer.
  const headers: Record<string, string> = {
    "content-type": format === "cbor" ? CBOR_TYPE : JSON_TYPE,
  };
  if (location !== undefined) headers.location = location;
  if (format === "cbor") {
    const envelope: SuccessEnvelope = { status: "success", mimetype, result };
    // Transient: the Response copies its body as it is made.
    return new Response(encodeCborMessage({ ...envelope }, "result", true), { status, headers });
  }
  const envelope: SuccessEnvelope = {
    status: "success",
    mimetype,
    result: toJsonValue(result, maxRepeatBytes),
  };
  return new Response(JSON.stringify(envelope), { status, headers });
}
