// Web endpoints' answers: a handler's return value rendered as the envelope or a raw payload.
import { RawPayload } from "../web/raw_payload.ts";
import { RAW_PAYLOAD_HEADER } from "../_wire/protocol.ts";
import { successResponse } from "./_respond.ts";

/**
 * Renders a handler's result: a {@linkcode RawPayload} as its bytes and Content-Type; anything else
 * as the success envelope, with `declared` (the endpoint's `resultMimetype`) or the inferred type.
 */
export function renderResult(
  result: unknown,
  declared: string | undefined,
  maxRepeatBytes?: number,
): Response {
  if (result instanceof RawPayload) {
    return new Response(result.bytes, {
      headers: { "content-type": result.mimetype, [RAW_PAYLOAD_HEADER]: "raw" },
    });
  }
  return successResponse(result, declared ?? inferMimetype(result), "json", 200, maxRepeatBytes);
}

/** The envelope's mimetype for a result: the Python TARP's rules, JSON for everything else. */
export function inferMimetype(result: unknown): string {
  if (typeof result === "string") return "text/plain";
  if (
    result instanceof Uint8Array || result instanceof ArrayBuffer || result instanceof DataView
  ) {
    return "application/octet-stream";
  }
  return "application/json";
}

/** The answer to a HEAD request: the GET answer's status and headers, without its body. */
export async function headOnly(res: Response): Promise<Response> {
  const length = (await res.arrayBuffer()).byteLength;
  const headers = new Headers(res.headers);
  headers.set("content-length", String(length));
  return new Response(null, { status: res.status, headers });
}
