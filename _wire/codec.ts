// The CBOR codec both sides use: exact structured-clone semantics with the protocol's tag table,
// written by TARP itself (cbor_encode.ts, cbor_decode.ts), so that no other CBOR library in the
// process can change what TARP sends or accepts, nor TARP change theirs. json.ts is the JSON side.
import { checkCloneable } from "./clone_check.ts";
import { encodeItem } from "./cbor_encode.ts";
import { decodeItem, type DecodeLimits, type DecodeStats } from "./cbor_decode.ts";
import { DecodeError } from "./decode_error.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

export { DecodeError };
export type { DecodeLimits, DecodeStats };

/**
 * Encodes a value exactly as structuredClone() would copy it. Throws a TypeError naming `label`
 * and the path inside it when the value cannot be copied.
 */
export function encodeCbor(value: unknown, label: string): Uint8Array<ArrayBuffer> {
  return encodeItem(value, checkCloneable(value, label).shared);
}

/**
 * Encodes a message such as `{status, mimetype, result}` or `{args}`, checking only its payload
 * field `key`, so that refusals name the path from there (e.g. `args[1].callback`). With
 * `transient`, the bytes are valid until the next encoding: for a body a Response or Request
 * copies as it is made.
 */
export function encodeCborMessage(
  message: Record<string, unknown>,
  key: string,
  transient = false,
): Uint8Array<ArrayBuffer> {
  return encodeItem(message, checkCloneable(message[key], key).shared, transient);
}

/**
 * Decodes the one CBOR item that fills `bytes`, checking its shape, nesting, tags and sizes as it
 * goes (cost linear in its size); throws {@link DecodeError}. `limits` default to the server's;
 * `stats`, when given, receives the count of values decoded.
 */
export function decodeCbor(
  bytes: Uint8Array,
  limits: Partial<DecodeLimits> = {},
  stats?: DecodeStats,
): unknown {
  const bounds: DecodeLimits = {
    maxDepth: limits.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxBigIntBytes: limits.maxBigIntBytes ?? DEFAULT_LIMITS.maxBigIntBytes,
    maxValues: limits.maxValues ?? DEFAULT_LIMITS.maxValues,
  };
  // A subclass (Node's Buffer) would make slices views and subarrays Buffers: read a plain view.
  const plain = bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return decodeItem(plain, bounds, stats);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    // A nesting allowed by a very large maxDepth can still exhaust the stack.
    if (e instanceof RangeError) {
      throw new DecodeError(`the value cannot be decoded (${e.message})`);
    }
    throw e;
  }
}
