// CBOR bodies built to make one part of decoding work hardest, for the codec benchmark and the
// stress suite: many tiny containers, repeated keys, shared references, bignums, Map keys and
// non-ASCII strings, all inside one array.

/** Bodies of about `bytes` bytes, one per worst shape. */
export const WORST_SHAPES: Record<string, (bytes: number) => Uint8Array> = {
  "empty maps in one array": (n) => arrayOf(n, [0xa0]),
  "maps repeating one key": (n) => arrayOf(n / 4, [0xa1, 0x61, 0x61, 0x01]),
  "references to one shared map": (n) => arrayOf(n / 3, [0xd8, 0x1d, 0x00], [0xd8, 0x1c, 0xa0]),
  "8-byte bignums": (n) => arrayOf(n / 10, [0xc2, 0x48, 1, 2, 3, 4, 5, 6, 7, 8]),
  "Map with integer keys": (n) =>
    tagged(259, 0xbf, n / 6, (i) => [0x1a, i >>> 24, (i >> 16) & 255, (i >> 8) & 255, i & 255, 0]),
  "non-ASCII short strings": (n) => arrayOf(n / 3, [0x62, 0xc3, 0xa9]),
};

function arrayOf(count: number, item: number[], first: number[] = []): Uint8Array {
  count = Math.floor(count);
  const total = count + (first.length ? 1 : 0);
  const out = new Uint8Array(5 + first.length + count * item.length);
  out.set([0x9a, total >>> 24, (total >> 16) & 255, (total >> 8) & 255, total & 255]);
  out.set(first, 5);
  for (let i = 0; i < count; i++) out.set(item, 5 + first.length + i * item.length);
  return out;
}

function tagged(tag: number, open: number, count: number, item: (i: number) => number[]) {
  const out: number[] = [0xd9, tag >> 8, tag & 255, open];
  for (let i = 0; i < Math.floor(count); i++) out.push(...item(i));
  out.push(0xff);
  return new Uint8Array(out);
}
