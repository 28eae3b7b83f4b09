// The CBOR reader under TARP's decoder (cbor_decode.ts): heads, lengths, numbers, strings,
// arrays and maps, each checked as it is read (truncation, impossible lengths and counts, nesting,
// invalid UTF-8, the value count, map keys given twice). Tags are the decoder's: a subclass reads
// them (`tag`), with the protocol's table.
import { DecodeError } from "./decode_error.ts";
import { cachedKey, decodeUtf8, shortUtf8 } from "./cbor_text.ts";

/** The bounds a decoding keeps to. */
export interface DecodeLimits {
  /** Deepest nesting of containers and tags. */
  maxDepth: number;
  /** Largest bignum (tags 2 and 3), in bytes. */
  maxBigIntBytes: number;
  /** Most values (numbers, strings, arrays, maps…; not map keys) the item may hold. */
  maxValues: number;
}

/** What a decoding counted, for the server's memory accounting. */
export interface DecodeStats {
  /** Values decoded (map keys not counted). */
  values: number;
}

/** A count or length of an indefinite-length item. */
export const INDEFINITE = -1;
const BREAK = 0xff;
const MAJOR_NAMES = ["an integer", "an integer", "bytes", "text", "an array", "a map", "a tag"];

/** Reads one CBOR item's untagged parts; a subclass reads tags (`tag`). */
export abstract class CborReader {
  readonly b: Uint8Array;
  readonly view: DataView;
  readonly limits: DecodeLimits;
  readonly slots: unknown[] = [];
  p = 0;
  values = 0;

  constructor(bytes: Uint8Array, limits: DecodeLimits) {
    this.b = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limits = limits;
  }

  /** Reads one item nested in `depth` levels; `slot` is the tag-28 slot it fills, or -1. */
  item(depth: number, slot: number): unknown {
    if (this.p >= this.b.length) throw truncated();
    if (++this.values > this.limits.maxValues) {
      const max = this.limits.maxValues;
      throw new DecodeError(`the value holds more than ${max} values`, "maxValues");
    }
    const initial = this.b[this.p++];
    const info = initial & 31;
    switch (initial >> 5) {
      case 0:
        return info < 24 ? info : this.integer(info, false);
      case 1:
        return info < 24 ? -1 - info : this.integer(info, true);
      case 2:
        return this.bytes(this.arg(info, 2));
      case 3:
        return this.text(this.arg(info, 3));
      case 4:
        return this.array(this.arg(info, 4), this.deeper(depth), slot);
      case 5:
        return this.object(this.arg(info, 5), this.deeper(depth), slot);
      case 6:
        return this.tag(this.arg(info, 6), this.deeper(depth), slot);
      default:
        return this.simple(info, initial);
    }
  }

  deeper(depth: number): number {
    const max = this.limits.maxDepth;
    if (depth >= max) {
      throw new DecodeError(`the value is nested deeper than ${max} levels`, "maxDepth");
    }
    return depth + 1;
  }

  /** The head's argument: a count, a length, a tag number, or INDEFINITE. */
  arg(info: number, major: number): number {
    if (info < 24) return info;
    const p = this.p;
    switch (info) {
      case 24:
        this.need(1);
        return this.b[p];
      case 25:
        this.need(2);
        return this.view.getUint16(p);
      case 26:
        this.need(4);
        return this.view.getUint32(p);
      case 27:
        this.need(8);
        return this.view.getUint32(p) * 2 ** 32 + this.view.getUint32(p + 4);
      case 31:
        if (major >= 2 && major <= 5) return INDEFINITE;
    }
    throw new DecodeError(`invalid CBOR header byte 0x${this.b[p - 1].toString(16)}`);
  }

  need(n: number): void {
    if (!(n <= this.b.length - this.p)) {
      throw new DecodeError("the CBOR body is shorter than the lengths it declares");
    }
    this.p += n;
  }

  // Every item takes at least one byte: an impossible count is refused before any allocation.
  needItems(n: number): void {
    if (!(n <= this.b.length - this.p)) {
      throw new DecodeError("the CBOR body declares more items than it holds");
    }
  }

  // A 64-bit integer is how BigInt travels; shorter ones are numbers.
  integer(info: number, negative: boolean): number | bigint {
    if (info === 27) {
      this.need(8);
      const big = this.view.getBigUint64(this.p - 8);
      return negative ? -1n - big : big;
    }
    if (info > 27) {
      throw new DecodeError(`invalid CBOR header byte 0x${this.b[this.p - 1].toString(16)}`);
    }
    const n = this.arg(info, 0);
    return negative ? -1 - n : n;
  }

  bytes(n: number): Uint8Array {
    if (n !== INDEFINITE) {
      this.need(n);
      return this.b.subarray(this.p - n, this.p);
    }
    const chunks: Uint8Array[] = [];
    while (!this.atBreak()) chunks.push(this.chunk(2) as Uint8Array);
    this.p++;
    const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  text(n: number): string {
    if (n === INDEFINITE) {
      let s = "";
      while (!this.atBreak()) s += this.chunk(3);
      this.p++;
      return s;
    }
    this.need(n);
    const start = this.p - n;
    return n <= 32 ? shortUtf8(this.b, start, this.p) : decodeUtf8(this.b.subarray(start, this.p));
  }

  // One definite-length piece of an indefinite-length byte or text string.
  chunk(major: 2 | 3): Uint8Array | string {
    const initial = this.b[this.p++];
    if (initial >> 5 !== major || (initial & 31) === 31) {
      throw new DecodeError("an indefinite-length string holds a piece of another kind");
    }
    const n = this.arg(initial & 31, major);
    return major === 2 ? this.bytes(n) : this.text(n);
  }

  atBreak(): boolean {
    if (this.p >= this.b.length) throw truncated();
    return this.b[this.p] === BREAK;
  }

  array(n: number, depth: number, slot: number): unknown[] {
    const out: unknown[] = [];
    if (slot >= 0) this.slots[slot] = out;
    if (n === INDEFINITE) {
      while (!this.atBreak()) out.push(this.item(depth, -1));
      this.p++;
      return out;
    }
    this.needItems(n);
    for (let i = 0; i < n; i++) out.push(this.item(depth, -1));
    return out;
  }

  object(n: number, depth: number, slot: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (slot >= 0) this.slots[slot] = out;
    if (n !== INDEFINITE) this.needItems(2 * n);
    for (let i = 0; n === INDEFINITE ? !this.atBreak() : i < n; i++) {
      const key = this.key();
      const value = this.item(depth, -1);
      if (Object.hasOwn(out, key)) throw repeated(`the map key ${JSON.stringify(key)}`);
      // "__proto__" is an ordinary key here: defined, never assigned (which sets the prototype).
      if (key === "__proto__") define(out, key, value);
      else out[key] = value;
    }
    if (n === INDEFINITE) this.p++;
    return out;
  }

  key(): string {
    if (this.p >= this.b.length) throw truncated();
    const initial = this.b[this.p++];
    if (initial >> 5 !== 3) {
      throw new DecodeError(
        `a map key is ${MAJOR_NAMES[initial >> 5] ?? "a simple value"}; the keys of a plain ` +
          "object are text (send other keys in a Map, tag 259)",
      );
    }
    const n = this.arg(initial & 31, 3);
    if (n > 0 && n <= 16) {
      this.need(n);
      return cachedKey(this.b, this.p - n, this.p);
    }
    return this.text(n);
  }

  /** Reads the content of tag `tag` nested in `depth` levels, filling tag-28 slot `slot`. */
  abstract tag(tag: number, depth: number, slot: number): unknown;

  simple(info: number, initial: number): unknown {
    const p = this.p;
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25:
        this.need(2);
        return half(this.view.getUint16(p));
      case 26:
        this.need(4);
        return this.view.getFloat32(p);
      case 27:
        this.need(8);
        return this.view.getFloat64(p);
      case 31:
        throw new DecodeError("unexpected CBOR break byte");
    }
    throw new DecodeError(
      `CBOR simple value 0x${initial.toString(16)} is not part of the TARP value mapping`,
    );
  }
}

function half(h: number): number {
  const exponent = (h >> 10) & 31;
  const mantissa = h & 1023;
  const magnitude = exponent === 0
    ? mantissa * 2 ** -24
    : exponent === 31
    ? (mantissa === 0 ? Infinity : NaN)
    : (mantissa + 1024) * 2 ** (exponent - 25);
  return h & 0x8000 ? -magnitude : magnitude;
}

/** Shared with the decoder. */
export function describeHead(initial: number): string {
  const major = initial >> 5;
  if (major < 7) return MAJOR_NAMES[major];
  const info = initial & 31;
  return info >= 25 && info <= 27 ? "a float" : "a simple value";
}

/** Shared with the decoder. */
export function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Shared with the decoder. */
export function truncated(): DecodeError {
  return new DecodeError("the CBOR body ends in the middle of an item");
}

/** Shared with the decoder. */
export function repeated(what: string): DecodeError {
  return new DecodeError(`${what} is given twice; each may appear once`);
}
