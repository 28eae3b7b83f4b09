// TARP's CBOR encoder: writes a value (already checked by checkCloneable) with exactly the tags of
// the protocol's table. Objects that occur more than once are written once under tag 28 and
// referred to with tag 29 afterwards, which keeps shared references and cycles.
import { TAG_OF_TYPED } from "./cbor_typed.ts";
import { errorFields } from "./cbor_generic.ts";

const SCRATCH_BYTES = 16 * 1024;
const TWO_64 = 2n ** 64n;
const utf8 = new TextEncoder();

/**
 * Encodes `value`; `shared` holds the objects it contains more than once. A `transient` result is
 * a view of a buffer the next encoding reuses: for a caller that copies it at once (a Response or
 * Request body, whose constructor copies), so that no buffer is made, nor collected, per message.
 */
export function encodeItem(
  value: unknown,
  shared?: ReadonlySet<object>,
  transient = false,
): Uint8Array<ArrayBuffer> {
  const writer = new Writer(shared);
  writer.value(value);
  return writer.finish(transient);
}

// Messages are written into one reused buffer and copied out, or (transient) handed out as a
// view of it; a large one grows it, and a transient one keeps it grown up to MAX_KEPT_BYTES (a
// 1 MiB array echoed back and forth then costs no 1 MiB allocation per call). A getter that
// encodes while an encoding runs finds no scratch buffer and makes its own.
const MAX_KEPT_BYTES = 8 * 1024 * 1024;
let scratch: Uint8Array<ArrayBuffer> | undefined = new Uint8Array(SCRATCH_BYTES);

class Writer {
  buf: Uint8Array<ArrayBuffer>;
  view: DataView;
  p = 0;
  readonly shared?: ReadonlySet<object>;
  indexes?: Map<object, number>;

  readonly scratch: Uint8Array<ArrayBuffer>;

  constructor(shared?: ReadonlySet<object>) {
    this.buf = this.scratch = scratch ?? new Uint8Array(SCRATCH_BYTES);
    scratch = undefined;
    this.view = new DataView(this.buf.buffer);
    this.shared = shared?.size ? shared : undefined;
  }

  finish(transient: boolean): Uint8Array<ArrayBuffer> {
    const out = this.buf;
    if (transient) {
      scratch = out.length <= MAX_KEPT_BYTES ? out : this.scratch;
      return out.subarray(0, this.p);
    }
    scratch = this.scratch;
    return out === this.scratch ? out.slice(0, this.p) : out.subarray(0, this.p);
  }

  room(n: number): void {
    if (this.p + n <= this.buf.length) return;
    // Room for what comes next too: a large typed array is usually followed by a few bytes.
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.p + n + 4096));
    grown.set(this.buf.subarray(0, this.p));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  head(major: number, n: number): void {
    this.room(9);
    const m = major << 5;
    if (n < 24) this.buf[this.p++] = m | n;
    else if (n < 0x100) {
      this.buf[this.p++] = m | 24;
      this.buf[this.p++] = n;
    } else if (n < 0x10000) {
      this.buf[this.p++] = m | 25;
      this.view.setUint16(this.p, n);
      this.p += 2;
    } else if (n < 0x100000000) {
      this.buf[this.p++] = m | 26;
      this.view.setUint32(this.p, n);
      this.p += 4;
    } else {
      this.buf[this.p++] = m | 27;
      this.view.setBigUint64(this.p, BigInt(n));
      this.p += 8;
    }
  }

  value(v: unknown): void {
    switch (typeof v) {
      case "number":
        return this.number(v);
      case "string":
        return this.string(v);
      case "boolean":
        return this.byte(v ? 0xf5 : 0xf4);
      case "bigint":
        return this.bigint(v);
      case "object":
        if (v === null) return this.byte(0xf6);
        return this.object(v);
      default:
        return this.byte(0xf7); // undefined (functions and symbols never get here)
    }
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.p++] = b;
  }

  // Integers that fit 32 bits are integers; every other number is a float, so that the 64-bit
  // integer form stays BigInt's. -0, NaN and the infinities fit a half-precision float.
  number(v: number): void {
    if (v >>> 0 === v && !Object.is(v, -0)) return this.head(0, v);
    if (v < 0 && v >= -0x100000000 && Math.floor(v) === v && !Object.is(v, -0)) {
      return this.head(1, -1 - v);
    }
    this.room(9);
    if (Object.is(v, -0) || Number.isNaN(v) || !Number.isFinite(v)) {
      this.buf[this.p++] = 0xf9;
      this.view.setUint16(
        this.p,
        Number.isNaN(v) ? 0x7e00 : v > 0 ? 0x7c00 : v < 0 ? 0xfc00 : 0x8000,
      );
      this.p += 2;
      return;
    }
    this.buf[this.p++] = 0xfb;
    this.view.setFloat64(this.p, v);
    this.p += 8;
  }

  string(s: string): void {
    const n = s.length;
    if (n < 24) {
      this.room(1 + 3 * n);
      const start = this.p++;
      let p = this.p;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) return this.longString(s, start);
        this.buf[p++] = c;
      }
      this.buf[start] = 0x60 | n;
      this.p = p;
      return;
    }
    this.longString(s, this.p);
  }

  longString(s: string, start: number): void {
    this.p = start;
    const max = 3 * s.length;
    this.room(9 + max);
    // Write after the largest head this string could need, then move it next to its real head.
    const headBytes = max < 24 ? 1 : max < 0x100 ? 2 : max < 0x10000 ? 3 : 5;
    const { written } = utf8.encodeInto(s, this.buf.subarray(this.p + headBytes));
    this.head(3, written);
    if (this.p !== start + headBytes) {
      this.buf.copyWithin(this.p, start + headBytes, start + headBytes + written);
    }
    this.p += written;
  }

  bigint(v: bigint): void {
    if (v >= 0n && v < TWO_64) return this.int64(0x1b, v);
    if (v < 0n && v >= -TWO_64) return this.int64(0x3b, -1n - v);
    const magnitude = v < 0n ? -1n - v : v;
    let hex = magnitude.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    this.tagHead(v < 0n ? 3 : 2);
    this.raw(hexBytes(hex));
  }

  int64(initial: number, v: bigint): void {
    this.room(9);
    this.buf[this.p++] = initial;
    this.view.setBigUint64(this.p, v);
    this.p += 8;
  }

  tagHead(tag: number): void {
    this.head(6, tag);
  }

  /** A byte string. */
  raw(bytes: Uint8Array): void {
    this.head(2, bytes.byteLength);
    this.room(bytes.byteLength);
    this.buf.set(bytes, this.p);
    this.p += bytes.byteLength;
  }

  object(v: object): void {
    if (this.shared?.has(v)) {
      const indexes = this.indexes ??= new Map();
      const index = indexes.get(v);
      if (index !== undefined) {
        this.tagHead(29);
        return this.head(0, index);
      }
      indexes.set(v, indexes.size);
      this.tagHead(28);
    }
    if (Array.isArray(v)) {
      this.head(4, v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
      return;
    }
    if (ArrayBuffer.isView(v)) return this.typed(v);
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return this.plain(v);
    if (v instanceof Map) return this.map(v);
    if (v instanceof Set) return this.set(v);
    if (v instanceof Date) return this.date(v);
    if (v instanceof Error) return this.generic(errorFields(v));
    if (v instanceof RegExp) return this.generic(["RegExp", v.source, v.flags]);
    if (v instanceof ArrayBuffer) return this.generic(["ArrayBuffer", new Uint8Array(v)]);
    if (v instanceof Number) return this.generic(["Number", v.valueOf()]);
    if (v instanceof String) return this.generic(["String", v.valueOf()]);
    if (v instanceof Boolean) return this.generic(["Boolean", v.valueOf()]);
    this.plain(v); // a class instance travels as its own fields, as with structuredClone()
  }

  plain(v: object): void {
    const keys = Object.keys(v);
    this.head(5, keys.length);
    for (const key of keys) {
      this.string(key);
      this.value((v as Record<string, unknown>)[key]);
    }
  }

  map(v: Map<unknown, unknown>): void {
    this.tagHead(259);
    this.head(5, v.size);
    for (const [key, value] of v) {
      this.value(key);
      this.value(value);
    }
  }

  set(v: Set<unknown>): void {
    this.tagHead(258);
    this.head(4, v.size);
    for (const item of v) this.value(item);
  }

  date(v: Date): void {
    this.tagHead(1);
    const ms = v.getTime();
    const seconds = ms / 1000;
    if (ms % 1000 === 0 && seconds >= 0 && seconds < 0x100000000) this.head(0, seconds);
    else this.number(Number.isInteger(seconds) ? seconds + 0 : seconds); // never -0 seconds
  }

  generic(fields: unknown[]): void {
    this.tagHead(27);
    this.head(4, fields.length);
    for (const field of fields) this.value(field);
  }

  typed(v: ArrayBufferView): void {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (v instanceof DataView) return this.generic(["DataView", bytes]);
    this.tagHead(TAG_OF_TYPED.get(v.constructor) ?? tagOfSubclass(v));
    this.raw(bytes);
  }
}

// A subclass of a typed array (Node's Buffer, say) travels as the array type it extends.
function tagOfSubclass(v: ArrayBufferView): number {
  for (const [Class, tag] of TAG_OF_TYPED) {
    if (v instanceof (Class as typeof Uint8Array)) return tag;
  }
  return 64;
}

// Uint8Array.fromHex is recent: Node.js 20 and older browsers, where the client runs too, lack it.
function hexBytes(hex: string): Uint8Array {
  const native = (Uint8Array as { fromHex?: (hex: string) => Uint8Array }).fromHex;
  if (native) return native(hex);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
