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

const INDEFINITE = -1;
const BREAK = 0xff;
// A shared value (tag 28) whose content is still being read, and which cannot be referred to yet.
const PENDING = Symbol("pending");
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const KEY_CACHE_SIZE = 4096;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE);
const MAJOR_NAMES = ["an integer", "an integer", "bytes", "text", "an array", "a map", "a tag"];

/** Decodes the one CBOR item that fills `bytes`; throws {@link DecodeError}. */
export function decodeItem(bytes: Uint8Array, limits: DecodeLimits, stats?: DecodeStats): unknown {
  const reader = new Reader(bytes, limits);
  const value = reader.item(0, -1);
  if (reader.p !== bytes.length) {
    throw new DecodeError(
      `${bytes.length - reader.p} bytes follow the CBOR item; send exactly one`,
    );
  }
  if (stats) stats.values = reader.values;
  return value;
}

class Reader {
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
    return n > 0 && n <= 16 ? this.cachedKey(n) : this.text(n);
  }

  // Objects usually repeat their keys: a key seen before is the same string again, which spares
  // allocating it and V8 re-hashing it for every object.
  cachedKey(n: number): string {
    this.need(n);
    const b = this.b;
    const start = this.p - n;
    let hash = n;
    for (let i = start; i < this.p; i++) hash = (hash * 31 + b[i]) | 0;
    const at = hash & (KEY_CACHE_SIZE - 1);
    const cached = keyCache[at];
    if (cached !== undefined && cached.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (cached.charCodeAt(i) !== b[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const key = shortUtf8(b, start, this.p);
    if (key.length === n) keyCache[at] = key; // ASCII only: one char per byte
    return key;
  }

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

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badUtf8();
  }
}

// Short strings (most keys and labels) are decoded here: TextDecoder costs more per call than
// such a string takes to decode. Refuses what a fatal TextDecoder refuses.
function shortUtf8(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end;) {
    const c = b[i++];
    if (c < 0x80) {
      s += String.fromCharCode(c);
      continue;
    }
    const more = c >= 0xc2 && c < 0xe0
      ? 1
      : c >= 0xe0 && c < 0xf0
      ? 2
      : c >= 0xf0 && c < 0xf5
      ? 3
      : 0;
    if (more === 0 || i + more > end) throw badUtf8();
    let point = c & (0x3f >> more);
    for (let k = 0; k < more; k++) {
      const next = b[i++];
      if ((next & 0xc0) !== 0x80) throw badUtf8();
      point = (point << 6) | (next & 0x3f);
    }
    const least = more === 1 ? 0x80 : more === 2 ? 0x800 : 0x10000;
    if (point < least || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
      throw badUtf8();
    }
    s += String.fromCodePoint(point);
  }
  return s;
}

function badUtf8(): DecodeError {
  return new DecodeError("a CBOR text string is not valid UTF-8");
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

function describeHead(initial: number): string {
  const major = initial >> 5;
  if (major < 7) return MAJOR_NAMES[major];
  const info = initial & 31;
  return info >= 25 && info <= 27 ? "a float" : "a simple value";
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function truncated(): DecodeError {
  return new DecodeError("the CBOR body ends in the middle of an item");
}

function repeated(what: string): DecodeError {
  return new DecodeError(`${what} is given twice; each may appear once`);
}
