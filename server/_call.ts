// Turns an RPC request into the argument list: content type, size limit, decoding, shape.
import type { WireFormat } from "../_wire/protocol.ts";
import type { Limits } from "../_wire/limits.ts";
import { TarpError } from "../_wire/errors.ts";
import { decodeCbor, DecodeError } from "../_wire/codec.ts";
import { decodeJson } from "../_wire/json.ts";
import { isCborType, isJsonType, negotiateFormat, parseMediaType } from "../_wire/media.ts";
import { readBody } from "./_body.ts";
import { type Bindable, bindArguments } from "./_kwargs.ts";

/** A decoded call: the function's arguments and the format to answer in. */
export interface DecodedCall {
  args: unknown[];
  format: WireFormat;
}

/**
 * Reads and checks `{args, kwargs?}` from a JSON or CBOR request, binding named arguments to the
 * endpoint's parameters. A body of any other type, or none, is a 415: a page on another site can
 * send those (a form, a no-cors fetch) without the browser asking the server first, so they never
 * call a function. An empty body with a JSON or CBOR Content-Type means no arguments.
 */
export async function readCall(
  req: Request,
  limits: Limits,
  endpoint: Bindable,
): Promise<DecodedCall> {
  const { essence } = parseMediaType(req.headers.get("content-type"));
  const format: WireFormat | undefined = isCborType(essence)
    ? "cbor"
    : isJsonType(essence)
    ? "json"
    : undefined;
  if (!format) {
    throw new TarpError(
      "UnsupportedMediaType",
      `RPC bodies must be application/json or application/cbor, not "${essence || "(none)"}". ` +
        'Send {"args": [...]} with one of those Content-Types.',
    );
  }
  const bytes = await readBody(req, limits.maxBodyBytes);
  // An empty JSON or CBOR body calls without arguments: no page can send one unasked.
  if (bytes.byteLength === 0) {
    return { args: [], format: negotiateFormat(req.headers.get("accept"), format) };
  }
  let body: unknown;
  try {
    body = format === "cbor"
      ? decodeCbor(bytes, limits.maxDepth)
      : decodeJson(new TextDecoder().decode(bytes), limits.maxDepth);
  } catch (e) {
    if (e instanceof DecodeError) throw new TarpError("BadRequest", `Bad body: ${e.message}.`);
    throw e;
  }
  const args = argsOf(body, endpoint);
  return { args, format: negotiateFormat(req.headers.get("accept"), format) };
}

function argsOf(body: unknown, endpoint: Bindable): unknown[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TarpError("BadRequest", 'The body must be an object {"args": [...]}.');
  }
  const { args = [], kwargs } = body as { args?: unknown; kwargs?: unknown };
  if (!Array.isArray(args)) {
    throw new TarpError("BadRequest", '"args" must be an array of the positional arguments.');
  }
  if (kwargs === undefined || kwargs === null) return args;
  if (typeof kwargs !== "object" || Array.isArray(kwargs)) {
    throw new TarpError("BadRequest", '"kwargs" must be an object of named arguments.');
  }
  return bindArguments(endpoint, args, kwargs as Record<string, unknown>);
}
