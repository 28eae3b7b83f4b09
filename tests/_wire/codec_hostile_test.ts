// The CBOR decoder refuses what the protocol does not allow, at a cost linear in the body, and
// builds the cases other codecs got wrong (a Map holding itself, Float16Array).
import assert from "node:assert/strict";
import { decodeCbor, DecodeError, encodeCbor } from "../../_wire/codec.ts";

const hex = (text: string) => Uint8Array.fromHex(text.replaceAll(" ", ""));
const roundTrip = (value: unknown) => decodeCbor(encodeCbor(value, "value"));

function refuses(bytes: Uint8Array, message: RegExp, option?: string): void {
  assert.throws(() => decodeCbor(bytes), (e: unknown) => {
    assert.ok(e instanceof DecodeError, `not a DecodeError: ${e}`);
    assert.match(e.message, message);
    assert.equal(e.option, option);
    return true;
  });
}

Deno.test("a bignum over maxBigIntBytes is refused before it is converted, naming the option", () => {
  const big = new Uint8Array(256 * 1024 + 5);
  big.set([0xc2, 0x5a, 0x00, 0x04, 0x00, 0x00]); // tag 2, a byte string of 256 KiB
  refuses(
    big.subarray(0, 6 + 256 * 1024),
    /bignum \(tag 2\) of 262144 bytes .* 1024 bytes/,
    "maxBigIntBytes",
  );
  assert.equal(decodeCbor(hex("c2 42 01 00")), 256n);
  assert.equal(decodeCbor(hex("c3 42 01 00")), -257n);
  const kib = new Uint8Array([0xc2, 0x59, 0x04, 0x00, ...new Uint8Array(1024).fill(0xff)]);
  assert.equal(decodeCbor(kib), 2n ** 8192n - 1n);
  assert.throws(() => decodeCbor(kib, { maxBigIntBytes: 1023 }), { option: "maxBigIntBytes" });
});

Deno.test("each tag must hold its own kind of content", () => {
  refuses(hex("c1 80"), /tag 1 must hold a number of seconds, not an array/);
  refuses(hex("c0 01"), /tag 0 must hold an RFC 3339 date string, not an integer/);
  refuses(hex("c0 63 61 62 63"), /tag 0 holds "abc", not a date/);
  refuses(hex("d8 56 a0"), /tag 86 must hold a byte string, not a map/);
  refuses(hex("d8 56 43 01 02 03"), /tag 86 \(Float64Array\) holds bytes that are not a whole/);
  refuses(hex("d9 0102 a0"), /tag 258 must hold an array, not a map/);
  refuses(hex("d9 0103 80"), /tag 259 must hold a map, not an array/);
  refuses(hex("c2 01"), /tag 2 \(a bignum\) must hold a definite-length byte string/);
  refuses(hex("d8 1b a0"), /tag 27 must hold an array/);
  refuses(hex("d8 1b 82 66 52 65 67 45 78 70 01"), /tag 27 RegExp must be/);
  refuses(hex("d8 1d 61 61"), /tag 29 \(a shared reference\) must hold the index/);
  refuses(hex("d8 53 40"), /CBOR tag 83 is not part of the TARP value mapping/);
  refuses(hex("d8 4c 40"), /CBOR tag 76 is not part of the TARP value mapping/);
});

Deno.test("shared references must point back to a value defined before them", () => {
  refuses(hex("d8 1d 00"), /shared reference 0 \(tag 29\) comes before shared value 0/);
  refuses(hex("82 d8 1c 01 d8 1d 05"), /shared reference 5/);
  // a RegExp (not a container) cannot hold itself
  refuses(hex("d8 1c d8 1b 82 66 526567457870 d8 1d 00"), /points into a value still being read/);
  const back = decodeCbor(hex("82 d8 1c a0 d8 1d 00")) as object[];
  assert.equal(back[0], back[1]);
});

Deno.test("map keys and Set items given twice are refused", () => {
  refuses(hex("a2 61 61 01 61 61 02"), /the map key "a" is given twice/);
  refuses(hex("d9 0103 a2 01 01 01 02"), /a Map key is given twice/);
  refuses(hex("d9 0102 82 01 01"), /a Set item is given twice/);
  refuses(hex("a1 01 02"), /a map key is an integer; the keys of a plain object are text/);
});

Deno.test("__proto__ and other prototype names are ordinary keys", () => {
  const back = decodeCbor(hex("a2 69 5f5f70726f746f5f5f a1 61 78 01 6b 636f6e7374727563746f72 01"));
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.deepEqual(Object.keys(back as object), ["__proto__", "constructor"]);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

Deno.test("a Map that holds itself decodes to the same cycle (the Python client's find)", () => {
  const back = decodeCbor(hex("d81cd90103a1626d65d81d190000")) as Map<string, unknown>;
  assert.ok(back instanceof Map);
  assert.equal(back.get("me"), back);
  const map = new Map<unknown, unknown>();
  map.set(map, map);
  const again = roundTrip(map) as Map<unknown, unknown>;
  assert.equal(again.get(again), again);
  const set = new Set<unknown>();
  set.add(set);
  const setBack = roundTrip(set) as Set<unknown>;
  assert.ok(setBack.has(setBack));
  const error = new Error("loop");
  error.cause = error;
  const errorBack = roundTrip(error) as Error;
  assert.equal(errorBack.cause, errorBack);
});

Deno.test("Float16Array travels as tag 84 both ways, and big-endian tags are read", () => {
  const halves = new Float16Array([1.5, -0, 65504, NaN]);
  const bytes = encodeCbor(halves, "value");
  assert.deepEqual([...bytes.subarray(0, 3)], [0xd8, 84, 0x48]);
  assert.deepStrictEqual(decodeCbor(bytes), halves);
  assert.deepStrictEqual(decodeCbor(hex("d8 50 44 3e00 c000")), new Float16Array([1.5, -2]));
  assert.deepStrictEqual(decodeCbor(hex("d8 52 48 400921fb54442d18")), new Float64Array([Math.PI]));
  assert.deepStrictEqual(decodeCbor(hex("d8 41 44 0102 0304")), new Uint16Array([0x0102, 0x0304]));
});

Deno.test("self-described CBOR (tag 55799) is accepted; tag 0 dates decode", () => {
  assert.deepStrictEqual(decodeCbor(hex("d9d9f7 a1 64 61726773 81 01")), { args: [1] });
  assert.deepStrictEqual(
    decodeCbor(hex("c0 74 323032362d31312d32315430393a30303a30305a")),
    new Date("2026-11-21T09:00:00Z"),
  );
});

Deno.test("malformed text and simple values are refused", () => {
  refuses(hex("62 c3 28"), /not valid UTF-8/);
  refuses(hex("f0"), /simple value 0xf0 is not part/);
  refuses(hex("f8 ff"), /simple value 0xf8 is not part/);
  refuses(hex("ff"), /unexpected CBOR break byte/);
  refuses(hex("7f 41 61 ff"), /indefinite-length string holds a piece of another kind/);
});
