// Typed arrays in CBOR (RFC 8746): which tag carries which array type, and building an array from
// the bytes of its tag. TARP writes little-endian tags; it reads both byte orders.

type TypedArrayClass =
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | BigUint64ArrayConstructor
  | BigInt64ArrayConstructor
  | Float16ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

interface TypedTag {
  Class: TypedArrayClass;
  size: number;
  littleEndian: boolean;
  /** The DataView getter for big-endian tags. */
  get?: string;
}

// Float16Array is recent (Deno 2, recent browsers; not Node.js 20, where the client runs too):
// where it is missing, tags 80 and 84 are left out of the table, and so refused.
const Float16 = (globalThis as { Float16Array?: Float16ArrayConstructor }).Float16Array;

/** Tag → array type, for every typed-array tag TARP reads (64–87 but 76, 83 and 87). */
export const TYPED_TAGS: ReadonlyMap<number, TypedTag> = new Map(
  ([
    [64, Uint8Array, 1, true],
    [68, Uint8ClampedArray, 1, true],
    [72, Int8Array, 1, true],
    [65, Uint16Array, 2, false],
    [66, Uint32Array, 4, false],
    [67, BigUint64Array, 8, false],
    [69, Uint16Array, 2, true],
    [70, Uint32Array, 4, true],
    [71, BigUint64Array, 8, true],
    [73, Int16Array, 2, false],
    [74, Int32Array, 4, false],
    [75, BigInt64Array, 8, false],
    [77, Int16Array, 2, true],
    [78, Int32Array, 4, true],
    [79, BigInt64Array, 8, true],
    [80, Float16, 2, false],
    [81, Float32Array, 4, false],
    [82, Float64Array, 8, false],
    [84, Float16, 2, true],
    [85, Float32Array, 4, true],
    [86, Float64Array, 8, true],
  ] as [number, TypedArrayClass | undefined, number, boolean][])
    .filter((row): row is [number, TypedArrayClass, number, boolean] => row[1] !== undefined)
    .map(([tag, Class, size, littleEndian]) => [
      tag,
      { Class, size, littleEndian, get: `get${Class.name.replace("Array", "")}` },
    ]),
);

/** Typed-array tags that have no JavaScript type: 76 (reserved) and 83, 87 (128-bit floats). */
export const UNBUILDABLE_TAGS: ReadonlySet<number> = new Set([76, 83, 87]);

/** The tag TARP writes for each typed array type (little-endian). */
export const TAG_OF_TYPED: ReadonlyMap<unknown, number> = new Map(
  [...TYPED_TAGS].filter(([, t]) => t.littleEndian).map(([tag, t]) => [t.Class, tag]),
);

// This machine's byte order: little-endian tags become views without swapping only here.
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The typed array for `bytes` under `tag`: a view into `bytes` when the byte order matches and
 * the offset is aligned (no copy of a large array), else a copy. Undefined when the byte count is
 * not a whole number of elements.
 */
export function buildTyped(tag: TypedTag, bytes: Uint8Array): ArrayBufferView | undefined {
  const { Class, size } = tag;
  if (bytes.byteLength % size !== 0) return undefined;
  const length = bytes.byteLength / size;
  if (size === 1 || tag.littleEndian === LITTLE_ENDIAN_HOST) {
    if (bytes.byteOffset % size === 0) {
      return new Class(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
    }
    return new Class(bytes.slice().buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Class(length);
  const get = (view as unknown as Record<string, (at: number, le: boolean) => number & bigint>)[
    tag.get!
  ].bind(view);
  for (let i = 0; i < length; i++) out[i] = get(i * size, tag.littleEndian);
  return out;
}
