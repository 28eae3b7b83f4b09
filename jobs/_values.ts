// Job arguments and results outside the process (a SQLite file, a Redis queue) are stored with
// TARP's own CBOR codec, so a Map, a typed array or a Date comes back as it went. The one place
// that says how; Redis carries the bytes as base64 text inside BullMQ's JSON.
import { decodeCbor, encodeCbor } from "../_wire/codec.ts";
import type { DecodeLimits } from "../_wire/cbor_decode.ts";
import { toBase64 } from "../_wire/base64.ts";

// Values were checked when they arrived (within the server's limits) or were made by a job;
// reading them back must not refuse one a request could not carry (a result may nest deeper, hold
// more values or a larger BigInt than a request may). The codec still reads them in one linear pass.
const STORED_LIMITS: DecodeLimits = {
  maxDepth: 10_000,
  maxBigIntBytes: Infinity,
  maxValues: Infinity,
};

/** The CBOR bytes of a value; throws a TypeError naming `label` when it cannot be stored. */
export function packValue(value: unknown, label: string): Uint8Array<ArrayBuffer> {
  return encodeCbor(value, label);
}

/** The value of bytes made by {@linkcode packValue}. */
export function unpackValue(bytes: Uint8Array): unknown {
  return decodeCbor(bytes, STORED_LIMITS);
}

/** A value as base64 text of its CBOR bytes. */
export function packText(value: unknown, label: string): string {
  return toBase64(packValue(value, label));
}

/** The value of text made by {@linkcode packText}. */
export function unpackText(text: string): unknown {
  return unpackValue(Uint8Array.fromBase64(text));
}
