// The CBOR codec both sides use: exact structured-clone semantics, decoding only after the
// pre-scan has checked the body's shape, depth and tags. json.ts is the JSON side.
import { addExtension as addCborExtension, Decoder, Encoder } from "cbor-x";
import { checkCloneable } from "./clone_check.ts";
import { CborScanError, scanCbor } from "./cbor_scan.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

/** A body that is not a valid value; the server answers it with 400. */
export class DecodeError extends Error {}

const ERROR_CLASSES: Record<string, ErrorConstructor> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

// Tag 27 ("generic object", [type name, ...fields]) carries the types CBOR has no tag for. Its
// decoder builds only the types listed here, and never looks anything up by name elsewhere.
const GENERIC: Record<string, (fields: unknown[]) => unknown> = {
  RegExp: ([source, flags]) => new RegExp(String(source), String(flags ?? "")),
  ArrayBuffer: ([bytes]) => bytesOf(bytes).slice().buffer,
  DataView: ([bytes]) => new DataView(bytesOf(bytes).slice().buffer),
  Number: ([n]) => new Number(n),
  String: ([s]) => new String(s),
  Boolean: ([b]) => new Boolean(b),
};

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new DecodeError("tag 27 ArrayBuffer/DataView needs a byte string");
}

function decodeGeneric(data: unknown): unknown {
  if (!Array.isArray(data) || typeof data[0] !== "string") {
    throw new DecodeError("tag 27 needs an array [type name, ...fields]");
  }
  const [name, ...fields] = data;
  const errorClass = Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : undefined;
  if (errorClass) {
    const options = fields[1] as { cause?: unknown } | undefined;
    const hasCause = options !== null && typeof options === "object" && "cause" in options;
    return new errorClass(String(fields[0] ?? ""), hasCause ? { cause: options.cause } : undefined);
  }
  if (Object.hasOwn(GENERIC, name)) return GENERIC[name](fields);
  throw new DecodeError(`tag 27 type "${name}" is not part of the TARP value mapping`);
}

function errorFields(e: Error): unknown[] {
  // structuredClone keeps the standard error names only; others arrive as plain Error.
  const name = Object.hasOwn(ERROR_CLASSES, e.name) ? e.name : "Error";
  return Object.hasOwn(e, "cause") ? [name, e.message, { cause: e.cause }] : [name, e.message];
}

type Write = (v: unknown) => void;
// cbor-x's typings demand Class and encode even for decode-only extensions.
const addExtension = addCborExtension as unknown as (extension: Record<string, unknown>) => void;
addExtension({ tag: 27, decode: decodeGeneric });
for (
  const [Class, fields] of [
    [Error, errorFields],
    [DataView, (v: DataView) => ["DataView", new Uint8Array(v.buffer, v.byteOffset, v.byteLength)]],
    [ArrayBuffer, (v: ArrayBuffer) => ["ArrayBuffer", new Uint8Array(v)]],
    [Number, (v: number) => ["Number", v.valueOf()]],
    [String, (v: string) => ["String", v.valueOf()]],
    [Boolean, (v: boolean) => ["Boolean", v.valueOf()]],
  ] as [new (...a: never[]) => unknown, (v: never) => unknown[]][]
) {
  addExtension({
    Class,
    tag: 27,
    encode: (v: never, write: Write) => write(fields(v)),
    decode: decodeGeneric,
  });
}

const ENCODER_OPTIONS = { structuredClone: true, useRecords: false, tagUint8Array: true };
const encoder = new Encoder(ENCODER_OPTIONS);
// -0 survives only as a float; this encoder writes every number as one (used only when needed).
const floatEncoder = new Encoder({ ...ENCODER_OPTIONS, alwaysUseFloat: true });
// Typed arrays decode as views into the received body where their alignment allows (no copy of
// a large array); ArrayBuffer and DataView values are always copies of their own bytes.
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });

/**
 * Encodes a value exactly as structuredClone() would copy it. Throws a TypeError naming `label`
 * and the path inside it when the value cannot be copied.
 */
export function encodeCbor(value: unknown, label: string): Uint8Array<ArrayBuffer> {
  const report = checkCloneable(value, label);
  return (report.negativeZero ? floatEncoder : encoder).encode(value) as Uint8Array<ArrayBuffer>;
}

/**
 * Encodes a message such as `{status, mimetype, result}` or `{args}`, checking only its payload
 * field `key`, so that refusals name the path from there (e.g. `args[1].callback`).
 */
export function encodeCborMessage(
  message: Record<string, unknown>,
  key: string,
): Uint8Array<ArrayBuffer> {
  const report = checkCloneable(message[key], key);
  return (report.negativeZero ? floatEncoder : encoder).encode(message) as Uint8Array<ArrayBuffer>;
}

/** Decodes one CBOR item after checking its shape, depth and tags; throws {@link DecodeError}. */
export function decodeCbor(bytes: Uint8Array, maxDepth = DEFAULT_LIMITS.maxDepth): unknown {
  const plain = bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    scanCbor(plain, maxDepth);
    return decoder.decode(plain);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    const why = e instanceof CborScanError ? e.message : `malformed CBOR (${(e as Error).message})`;
    throw new DecodeError(why);
  }
}
