// Turns an RPC request into the argument list: content type, size limit, decoding, shape.
import type { WireFormat } from "../_wire/protocol.ts";
import type { RequestLimits } from "./_body.ts";
import { TarpError } from "../_wire/errors.ts";
import { decodeCbor, DecodeError } from "../_wire/codec.ts";
import { decodeJsonBytes } from "../_wire/json.ts";
import { isCborType, isJsonType, negotiateFormat, parseMediaType } from "../_wire/media.ts";
import { readBody } from "./_body.ts";
import { hold } from "./_scope.ts";
import { BYTES_PER_VALUE } from "./_budget.ts";

/** A decoded call: the function's arguments and the format to answer in. */
export interface DecodedCall {
  args: unknown[];
  format: WireFormat;
}

/** Reads and checks `{args, kwargs?}` from a JSON or CBOR request. */
export async function readCall(req: Request, limits: RequestLimits): Promise<DecodedCall> {
  const { essence } = parseMediaType(req.headers.get("content-type"));
  const format: WireFormat | undefined = isCborType(essence)
    ? "cbor"
    : isJsonType(essence)
    ? "json"
    : undefined;
  const bytes = await readBody(req, limits);
  if (bytes.byteLength === 0 && (format || essence === "")) {
    return { args: [], format: negotiateFormat(req.headers.get("accept"), format ?? "json") };
  }
  if (!format) {
    throw new TarpError(
      "UnsupportedMediaType",
      `RPC bodies must be application/json or application/cbor, not "${essence || "(none)"}". ` +
        'Send {"args": [...]} with one of those Content-Types.',
    );
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
  const args = argsOf(body);
  if (args.length > limits.maxArgs) {
    throw new TarpError(
      "BadRequest",
      `The call passes ${args.length} arguments, more than this server's limit of ` +
        `${limits.maxArgs} (maxArgs). Pass a list as one argument instead.`,
    );
  }
  return { args, format: negotiateFormat(req.headers.get("accept"), format) };
}

/** The 400 for a body the decoder refused, naming the server option of the limit it broke. */
export function badBody(e: DecodeError, what = "Bad body"): TarpError {
  const fix = e.option ? ` (the server's ${e.option} option sets that limit)` : "";
  return new TarpError("BadRequest", `${what}: ${e.message}${fix}.`);
}

function argsOf(body: unknown): unknown[] {
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
  return Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
}
