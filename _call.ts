// Turns an RPC request into the argument list: content type, size limit, decoding, shape.
import { ProtocolError } from "./_envelope.ts";
import { decodeCbor, DecodeError, decodeJson } from "./_codec.ts";
import { isCborType, isJsonType, parseMediaType } from "./_media.ts";
import { readBody } from "./_body.ts";

/** The wire format of a call, which its answer uses too. */
export type WireFormat = "json" | "cbor";

/** A decoded call: the function's arguments and the format to answer in. */
export interface DecodedCall {
  args: unknown[];
  format: WireFormat;
}

/** Limits applied to every call body. */
export interface CallLimits {
  maxBodyBytes: number;
  maxDepth: number;
}

/** Reads and checks `{args, kwargs?}` from a JSON or CBOR request. */
export async function readCall(req: Request, limits: CallLimits): Promise<DecodedCall> {
  const { essence } = parseMediaType(req.headers.get("content-type"));
  const format: WireFormat | undefined = isCborType(essence)
    ? "cbor"
    : isJsonType(essence)
    ? "json"
    : undefined;
  const bytes = await readBody(req, limits.maxBodyBytes);
  if (bytes.byteLength === 0 && (format || essence === "")) {
    return { args: [], format: answerFormat(req, format ?? "json") };
  }
  if (!format) {
    throw new ProtocolError(
      "UnsupportedMediaType",
      `RPC bodies must be application/json or application/cbor, not "${essence || "(none)"}". ` +
        'Send {"args": [...]} with one of those Content-Types.',
    );
  }
  let body: unknown;
  try {
    body = format === "cbor"
      ? decodeCbor(bytes, limits.maxDepth)
      : decodeJson(new TextDecoder().decode(bytes), limits.maxDepth);
  } catch (e) {
    if (e instanceof DecodeError) throw new ProtocolError("BadRequest", `Bad body: ${e.message}.`);
    throw e;
  }
  return { args: argsOf(body), format: answerFormat(req, format) };
}

function argsOf(body: unknown): unknown[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ProtocolError("BadRequest", 'The body must be an object {"args": [...]}.');
  }
  const { args = [], kwargs } = body as { args?: unknown; kwargs?: unknown };
  if (!Array.isArray(args)) {
    throw new ProtocolError("BadRequest", '"args" must be an array of the positional arguments.');
  }
  if (kwargs === undefined || kwargs === null) return args;
  if (typeof kwargs !== "object" || Array.isArray(kwargs)) {
    throw new ProtocolError("BadRequest", '"kwargs" must be an object of named arguments.');
  }
  return Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
}

function answerFormat(req: Request, fallback: WireFormat): WireFormat {
  const accept = req.headers.get("accept");
  if (!accept) return fallback;
  if (accept.includes("application/cbor")) return "cbor";
  if (accept.includes("application/json")) return "json";
  return fallback;
}
