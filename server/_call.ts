// Turns an RPC request into the argument list: content type, size limit, decoding, shape, the
// bound on arguments, named arguments bound to parameters, then the endpoint's input schema (bounds
// first, then binding, then the schema), for RPC calls and job submissions alike.
import { CBOR_TYPE, JSON_TYPE, type WireFormat } from "../_wire/protocol.ts";
import type { RequestLimits } from "./_body.ts";
import { TarpError } from "../_wire/errors.ts";
import { decodeCbor, DecodeError } from "../_wire/codec.ts";
import { decodeJsonBytes } from "../_wire/json.ts";
import { isCborType, isJsonType, negotiateFormat, parseMediaType } from "../_wire/media.ts";
import { readBody } from "./_body.ts";
import { hold } from "./_scope.ts";
import { BYTES_PER_VALUE } from "./_budget.ts";
import { type Bindable, bindArguments } from "./_kwargs.ts";
import type { Endpoint } from "./_registry.ts";
import { checkArgs } from "./_schema.ts";

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
  limits: RequestLimits,
  endpoint: Endpoint,
): Promise<DecodedCall> {
  const type = req.headers.get("content-type");
  const essence = type === JSON_TYPE || type === CBOR_TYPE ? type : parseMediaType(type).essence;
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
  const bytes = await readBody(req, limits);
  // An empty JSON or CBOR body calls without arguments: no page can send one unasked.
  if (bytes.byteLength === 0) {
    return withSchema(endpoint, [], negotiateFormat(req.headers.get("accept"), format));
  }
  let body: unknown;
  const stats = { values: 0 };
  try {
    body = format === "cbor"
      ? decodeCbor(bytes, limits, stats)
      : decodeJsonBytes(bytes, limits, stats);
  } catch (e) {
    if (e instanceof DecodeError) throw badBody(e);
    throw e;
  }
  // Decoded values take more memory than their bytes: the budget counts them too.
  hold(req, stats.values * BYTES_PER_VALUE);
  const args = argsOf(body, endpoint, limits.maxArgs);
  return withSchema(endpoint, args, negotiateFormat(req.headers.get("accept"), format));
}

// The call, its arguments checked by the endpoint's input schema (at once when it has none).
function withSchema(
  endpoint: Endpoint,
  args: unknown[],
  format: WireFormat,
): DecodedCall | Promise<DecodedCall> {
  const checked = checkArgs(endpoint, args);
  return Array.isArray(checked)
    ? { args: checked, format }
    : checked.then((value) => ({ args: value, format }));
}

/** The 400 for a body the decoder refused, naming the server option of the limit it broke. */
export function badBody(e: DecodeError, what = "Bad body"): TarpError {
  const fix = e.option ? ` (the server's ${e.option} option sets that limit)` : "";
  return new TarpError("BadRequest", `${what}: ${e.message}${fix}.`);
}

function argsOf(body: unknown, endpoint: Bindable, maxArgs: number): unknown[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TarpError("BadRequest", 'The body must be an object {"args": [...]}.');
  }
  const { args = [], kwargs } = body as { args?: unknown; kwargs?: unknown };
  if (!Array.isArray(args)) {
    throw new TarpError("BadRequest", '"args" must be an array of the positional arguments.');
  }
  // Bounded before anything copies or spreads the list (300,000 would overflow the stack).
  if (args.length > maxArgs) {
    throw new TarpError(
      "BadRequest",
      `The call passes ${args.length} arguments, more than this server's limit of ` +
        `${maxArgs} (maxArgs). Pass a list as one argument instead.`,
    );
  }
  if (kwargs === undefined || kwargs === null) return args;
  if (typeof kwargs !== "object" || Array.isArray(kwargs)) {
    throw new TarpError("BadRequest", '"kwargs" must be an object of named arguments.');
  }
  return bindArguments(endpoint, args, kwargs as Record<string, unknown>);
}
