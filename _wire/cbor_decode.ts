// TARP's CBOR decoder: one pass over the body that checks everything as it builds the value, so
// that its cost is linear in the body's size whatever the body holds. It refuses, with the reason:
// truncated items, declared lengths or counts the body does not hold, trailing bytes, nesting past
// maxDepth, tags outside the protocol's table, a tag around the wrong kind of content, bignums
// over maxBigIntBytes, map keys or Set items given twice, and shared references (tag 29) to values
// not defined before them. Containers exist before their contents are read, so a value that holds
// itself (an array, object, Map, Set or error) decodes to the same cycle.
import { DecodeError } from "./decode_error.ts";
import { buildTyped, TYPED_TAGS } from "./cbor_typed.ts";
import { buildGeneric, ERROR_CLASSES } from "./cbor_generic.ts";
import {
  CborReader,
  type DecodeLimits,
  type DecodeStats,
  describeHead,
  INDEFINITE,
  repeated,
  truncated,
} from "./cbor_read.ts";

export type { DecodeLimits, DecodeStats };

// A shared value (tag 28) whose content is still being read, and which cannot be referred to yet.
const PENDING = Symbol("pending");
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Decodes the one CBOR item that fills `bytes`; throws {@link DecodeError}. */
export function decodeItem(bytes: Uint8Array, limits: DecodeLimits, stats?: DecodeStats): unknown {
  const reader = new TarpReader(bytes, limits);
  const value = reader.item(0, -1);
  if (reader.p !== bytes.length) {
    throw new DecodeError(
      `${bytes.length - reader.p} bytes follow the CBOR item; send exactly one`,
    );
  }
  if (stats) stats.values = reader.values;
  return value;
}

class TarpReader extends CborReader {
  tag(tag: number, depth: number, slot: number): unknown {
    switch (tag) {
      case 28: {
        const at = this.slots.length;
        this.slots.push(PENDING);
        const value = this.item(depth, at);
        this.slots[at] = value;
        return value;
      }
      case 29:
        return this.reference();
      case 55799: // self-described CBOR: a marker some encoders put first; it means nothing else
        return this.item(depth, slot);
      case 0: {
        const text = this.expect(3, tag, "an RFC 3339 date string", depth) as string;
        const date = new Date(text);
        if (!Number.isNaN(date.getTime())) return date;
        throw new DecodeError(`tag 0 holds ${JSON.stringify(text.slice(0, 40))}, not a date`);
      }
      case 1: {
        const seconds = this.expect(0, tag, "a number of seconds", depth);
        return new Date(Math.round(Number(seconds) * 1000));
      }
      case 2:
      case 3:
        return this.bignum(tag);
      case 27:
        return this.generic(depth, slot);
      case 258:
        return this.set(depth, slot);
      case 259:
        return this.map(depth, slot);
    }
    const typed = TYPED_TAGS.get(tag);
    if (typed) {
      const array = buildTyped(typed, this.expect(2, tag, "a byte string", depth) as Uint8Array);
      if (array) return array;
      throw new DecodeError(
        `tag ${tag} (${typed.Class.name}) holds bytes that are not a whole number of elements`,
      );
    }
    throw new DecodeError(`CBOR tag ${tag} is not part of the TARP value mapping`);
  }

  /** The tag's content, after checking that it is of the major type `major` (0: any number). */
  expect(major: number, tag: number, what: string, depth: number): unknown {
    if (this.p >= this.b.length) throw truncated();
    const initial = this.b[this.p];
    const got = initial >> 5;
    const numeric = got <= 1 || (got === 7 && (initial & 31) >= 25 && (initial & 31) <= 27);
    if (major === 0 ? !numeric : got !== major) {
      throw new DecodeError(`tag ${tag} must hold ${what}, not ${describeHead(initial)}`);
    }
    return this.item(depth, -1);
  }

  reference(): unknown {
    const initial = this.p < this.b.length ? this.b[this.p] : -1;
    if (initial >> 5 !== 0 || (initial & 31) > 26) {
      throw new DecodeError("tag 29 (a shared reference) must hold the index of a shared value");
    }
    this.p++;
    const index = this.arg(initial & 31, 0);
    if (index >= this.slots.length) {
      throw new DecodeError(
        `shared reference ${index} (tag 29) comes before shared value ${index} (tag 28) is defined`,
      );
    }
    const value = this.slots[index];
    if (value === PENDING) {
      throw new DecodeError(
        `shared reference ${index} (tag 29) points into a value still being read; only arrays, ` +
          "objects, Maps, Sets and errors may hold themselves",
      );
    }
    return value;
  }

  bignum(tag: number): bigint {
    const initial = this.p < this.b.length ? this.b[this.p] : -1;
    if (initial >> 5 !== 2 || (initial & 31) === 31) {
      throw new DecodeError(`tag ${tag} (a bignum) must hold a definite-length byte string`);
    }
    this.p++;
    const n = this.arg(initial & 31, 2);
    const max = this.limits.maxBigIntBytes;
    if (n > max) {
      throw new DecodeError(
        `a bignum (tag ${tag}) of ${n} bytes is over the limit of ${max} bytes`,
        "maxBigIntBytes",
      );
    }
    this.need(n);
    let hex = "0x0";
    for (let i = this.p - n; i < this.p; i++) hex += HEX[this.b[i]];
    const value = BigInt(hex);
    return tag === 2 ? value : -1n - value;
  }

  generic(depth: number, slot: number): unknown {
    const initial = this.p < this.b.length ? this.b[this.p] : -1;
    const n = initial >> 5 === 4 ? initial & 31 : -1;
    if (n < 1 || n > 3) {
      throw new DecodeError("tag 27 must hold an array [type name, ...fields] of 1 to 3 items");
    }
    this.p++;
    depth = this.deeper(depth);
    const name = this.item(depth, -1);
    if (typeof name !== "string") throw new DecodeError("tag 27's type name must be text");
    const ErrorClass = Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : undefined;
    if (!ErrorClass) {
      const fields: unknown[] = [];
      for (let i = 1; i < n; i++) fields.push(this.item(depth, -1));
      return buildGeneric(name, fields);
    }
    const message = n > 1 ? this.item(depth, -1) : "";
    if (typeof message !== "string") throw new DecodeError(`tag 27 ${name}: the message is text`);
    // The error exists before its cause is read, so that a cause may refer back to it.
    const error = new ErrorClass(message);
    if (slot >= 0) this.slots[slot] = error;
    if (n === 3) {
      const options = this.item(depth, -1);
      if (options === null || typeof options !== "object" || Array.isArray(options)) {
        throw new DecodeError(`tag 27 ${name}: the third field is a map {"cause": value}`);
      }
      if (Object.hasOwn(options, "cause")) {
        Object.defineProperty(error, "cause", {
          value: (options as { cause: unknown }).cause,
          writable: true,
          configurable: true,
        });
      }
    }
    return error;
  }

  set(depth: number, slot: number): Set<unknown> {
    const n = this.open(4, 258, "an array", depth);
    const out = new Set<unknown>();
    if (slot >= 0) this.slots[slot] = out;
    depth++;
    for (let i = 0; n === INDEFINITE ? !this.atBreak() : i < n; i++) {
      const item = this.item(depth, -1);
      if (out.has(item)) throw repeated("a Set item");
      out.add(item);
    }
    if (n === INDEFINITE) this.p++;
    return out;
  }

  map(depth: number, slot: number): Map<unknown, unknown> {
    const n = this.open(5, 259, "a map", depth);
    const out = new Map<unknown, unknown>();
    if (slot >= 0) this.slots[slot] = out;
    depth++;
    for (let i = 0; n === INDEFINITE ? !this.atBreak() : i < n; i++) {
      const key = this.item(depth, -1);
      const value = this.item(depth, -1);
      if (out.has(key)) throw repeated("a Map key");
      out.set(key, value);
    }
    if (n === INDEFINITE) this.p++;
    return out;
  }

  /** Reads the head of the array or map a tag holds; returns its count (or INDEFINITE). */
  open(major: 4 | 5, tag: number, what: string, depth: number): number {
    if (this.p >= this.b.length) throw truncated();
    const initial = this.b[this.p];
    if (initial >> 5 !== major) {
      throw new DecodeError(`tag ${tag} must hold ${what}, not ${describeHead(initial)}`);
    }
    this.deeper(depth);
    this.p++;
    const n = this.arg(initial & 31, major);
    if (n !== INDEFINITE) this.needItems(major === 5 ? 2 * n : n);
    return n;
  }
}
