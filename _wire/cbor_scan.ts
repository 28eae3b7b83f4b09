// Validates a CBOR body before it is decoded: one complete item, no trailing bytes, every declared
// length present, nesting within the limit, and only the tags TARP's value mapping uses. The
// decoder therefore never sees a tag that could build records, packed tables or other machinery.

/** Tags the decoder may see (see the README's CBOR table). */
const ALLOWED_TAGS = new Set<number>([
  0, // date string
  1, // epoch date
  2, // positive bignum
  3, // negative bignum
  27, // generic object: RegExp, Error, ArrayBuffer, DataView, boxed primitives
  28, // shareable (shared references and cycles)
  29, // shared reference
  ...range(64, 87).filter((t) => t !== 76), // RFC 8746 typed arrays
  258, // set
  259, // map with non-string keys
]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const INDEFINITE = -1;

/** Why a CBOR body was refused. */
export class CborScanError extends Error {}

/** Throws {@link CborScanError} unless `bytes` is one well-formed, bounded TARP CBOR item. */
export function scanCbor(bytes: Uint8Array, maxDepth: number): void {
  const stack: number[] = []; // items still expected in each open container
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  for (;;) {
    if (p >= bytes.length) throw new CborScanError("the CBOR body ends in the middle of an item");
    const initial = bytes[p++];
    const major = initial >> 5;
    const info = initial & 31;
    if (initial === 0xff) {
      if (stack.at(-1) !== INDEFINITE) throw new CborScanError("unexpected CBOR break byte");
      stack.pop();
      if (completeItem(stack)) break;
      continue;
    }
    let arg: number;
    if (info < 24) arg = info;
    else if (info === 24) {
      need(1);
      arg = bytes[p - 1];
    } else if (info === 25) {
      need(2);
      arg = view.getUint16(p - 2);
    } else if (info === 26) {
      need(4);
      arg = view.getUint32(p - 4);
    } else if (info === 27) {
      need(8);
      const big = view.getBigUint64(p - 8);
      arg = big > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(big);
    } else if (info === 31 && major >= 2 && major <= 5) arg = INDEFINITE;
    else throw new CborScanError(`invalid CBOR header byte 0x${initial.toString(16)}`);

    let opened = 0;
    if (major === 2 || major === 3) {
      if (arg === INDEFINITE) opened = INDEFINITE;
      else need(arg);
    } else if (major === 4) {
      opened = arg;
      if (arg !== INDEFINITE) needItems(arg);
    } else if (major === 5) {
      opened = arg === INDEFINITE ? INDEFINITE : arg * 2;
      if (arg !== INDEFINITE) needItems(arg * 2);
    } else if (major === 6) {
      if (!ALLOWED_TAGS.has(arg)) {
        throw new CborScanError(`CBOR tag ${arg} is not part of the TARP value mapping`);
      }
      opened = 1;
    }
    if (opened !== 0) {
      stack.push(opened);
      if (stack.length > maxDepth) {
        throw new CborScanError(`the value is nested deeper than ${maxDepth} levels`);
      }
    } else if (completeItem(stack)) break;
  }
  if (p !== bytes.length) {
    throw new CborScanError(`${bytes.length - p} bytes follow the CBOR item; send exactly one`);
  }

  function need(n: number): void {
    if (!(n <= bytes.length - p)) {
      throw new CborScanError("the CBOR body is shorter than the lengths it declares");
    }
    p += n;
  }
  function needItems(n: number): void {
    // Every item takes at least one byte: refuse impossible counts before anything is allocated.
    if (!(n <= bytes.length - p)) {
      throw new CborScanError("the CBOR body declares more items than it holds");
    }
  }
}

/** Marks one item done; closes every container it completes. True when the top item is done. */
function completeItem(stack: number[]): boolean {
  while (stack.length > 0) {
    const top = stack.length - 1;
    if (stack[top] === INDEFINITE) return false;
    if (--stack[top] > 0) return false;
    stack.pop();
  }
  return true;
}
