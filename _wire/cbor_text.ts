// Text in CBOR: UTF-8 decoding that refuses what a fatal TextDecoder refuses, fast for the short
// strings most values are made of, and a cache of recent object keys.
import { DecodeError } from "./decode_error.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const KEY_CACHE_SIZE = 4096;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE);

/** Decodes UTF-8 bytes; throws {@link DecodeError} if they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badUtf8();
  }
}

// Short strings (most keys and labels) are decoded here: TextDecoder costs more per call than
// such a string takes to decode. Refuses what a fatal TextDecoder refuses.
export function shortUtf8(b: Uint8Array, start: number, end: number): string {
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

/**
 * The key in `b[start, end)`: objects usually repeat their keys, and a key seen before is the same
 * string again, which spares allocating it and V8 hashing it again for every object.
 */
export function cachedKey(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  let hash = n;
  for (let i = start; i < end; i++) hash = (hash * 31 + b[i]) | 0;
  const at = hash & (KEY_CACHE_SIZE - 1);
  const cached = keyCache[at];
  if (cached !== undefined && cached.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = cached.charCodeAt(i) === b[start + i];
    if (same) return cached;
  }
  const key = shortUtf8(b, start, end);
  if (key.length === n) keyCache[at] = key; // ASCII only: one char per byte
  return key;
}
