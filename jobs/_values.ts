// Job arguments and results outside the process (a SQLite file, a Redis queue) are stored with
// TARP's own CBOR codec, so a Map, a typed array or a Date comes back as it went. The one place
// that says how; Redis carries the bytes as base64 text inside BullMQ's JSON.
import { decodeCbor, encodeCbor } from "../_wire/codec.ts";

// Values were checked when they arrived or were made; reading them back must not refuse one for
// its depth (a result may nest deeper than a request may).
const STORED_MAX_DEPTH = 10_000;

/** The CBOR bytes of a value; throws a TypeError naming `label` when it cannot be stored. */
export function packValue(value: unknown, label: string): Uint8Array<ArrayBuffer> {
  return encodeCbor(value, label);
}

/** The value of bytes made by {@linkcode packValue}. */
export function unpackValue(bytes: Uint8Array): unknown {
  return decodeCbor(bytes, STORED_MAX_DEPTH);
}

/** A value as base64 text of its CBOR bytes. */
export function packText(value: unknown, label: string): string {
  return packValue(value, label).toBase64();
}

/** The value of text made by {@linkcode packText}. */
export function unpackText(text: string): unknown {
  return unpackValue(Uint8Array.fromBase64(text));
}
