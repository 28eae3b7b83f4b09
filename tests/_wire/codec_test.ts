import assert from "node:assert/strict";
import { decodeCbor, DecodeError, encodeCbor } from "../../_wire/codec.ts";
import { decodeJson, toJsonValue } from "../../_wire/json.ts";

function roundTrip(value: unknown): unknown {
  return decodeCbor(encodeCbor(value, "value"));
}

function valueTable(): [string, unknown][] {
  const shared = { s: 1 };
  const cyclic: Record<string, unknown> = { shared, again: shared };
  cyclic.self = cyclic;
  return [
    ["undefined", undefined],
    ["null", null],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["-0", -0],
    ["-0 nested with integers", [1, -0, 300, { z: -0 }]],
    ["small BigInt", 42n],
    ["negative BigInt", -7n],
    ["huge BigInt", 2n ** 200n + 1n],
    ["huge negative BigInt", -(3n ** 150n)],
    ["Date", new Date("2026-11-21T09:00:00.123Z")],
    ["invalid Date", new Date(NaN)],
    ["RegExp", /a+b*\/c/giu],
    ["Map with any keys", new Map<unknown, unknown>([[{ k: 1 }, 1], [2, "two"], [null, [1]]])],
    ["Set", new Set([1, "a", { b: 2 }])],
    ["ArrayBuffer", new Uint8Array([1, 2, 3]).buffer],
    ["Uint8Array", new Uint8Array([0, 255])],
    ["Uint8ClampedArray", new Uint8ClampedArray([7])],
    ["Int8Array", new Int8Array([-1, 1])],
    ["Uint16Array", new Uint16Array([65535])],
    ["Int16Array", new Int16Array([-300])],
    ["Uint32Array", new Uint32Array([4e9])],
    ["Int32Array", new Int32Array([-2e9])],
    ["Float32Array", new Float32Array([1.5, -0])],
    ["Float64Array", new Float64Array([Math.PI, NaN])],
    ["BigInt64Array", new BigInt64Array([-(2n ** 63n)])],
    ["BigUint64Array", new BigUint64Array([2n ** 64n - 1n])],
    ["DataView", new DataView(new Uint8Array([9, 8, 7]).buffer)],
    ["Error", new Error("plain")],
    ["RangeError with cause", new RangeError("bad", { cause: new TypeError("inner") })],
    ["boxed primitives", [new Number(3), new String("s"), new Boolean(false)]],
    ["nested object", { a: [1, { b: "c" }], d: { e: null } }],
    ["empty containers", [[], {}, new Map(), new Set()]],
    ["shared references and a cycle", cyclic],
  ];
}

for (const [name, value] of valueTable()) {
  Deno.test(`CBOR carries ${name} exactly as structuredClone() copies it`, () => {
    assert.deepStrictEqual(roundTrip(value), structuredClone(value));
  });
}

Deno.test("CBOR keeps -0 distinct from 0", () => {
  assert.ok(Object.is(roundTrip(-0), -0));
  const arr = roundTrip([0, -0]) as number[];
  assert.ok(Object.is(arr[0], 0) && Object.is(arr[1], -0));
});

Deno.test("CBOR keeps identity: one object sent twice arrives as one object, cycles close", () => {
  const shared = { s: 1 };
  const value: Record<string, unknown> = { a: shared, b: shared };
  value.self = value;
  const back = roundTrip(value) as typeof value;
  assert.equal(back.a, back.b);
  assert.equal(back.self, back);
});

Deno.test("a class instance arrives as a plain object, as structuredClone() makes it", () => {
  class Point {
    constructor(public x: number, public y: number) {}
    norm() {
      return Math.hypot(this.x, this.y);
    }
  }
  const back = roundTrip(new Point(3, 4));
  assert.deepStrictEqual(back, structuredClone(new Point(3, 4)));
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
});

Deno.test("error names structuredClone() does not know arrive as Error", () => {
  class InstrumentError extends Error {
    override name = "InstrumentError";
  }
  const back = roundTrip(new InstrumentError("laser off")) as Error;
  assert.equal(back.name, "Error");
  assert.equal(back.message, "laser off");
});

Deno.test("what structuredClone() refuses fails before encoding, naming the path", () => {
  assert.throws(() => encodeCbor({ a: [1, { cb: () => 1 }] }, "args"), {
    name: "TypeError",
    message: /^args\.a\[1\]\.cb is a function/,
  });
  assert.throws(() => encodeCbor([Symbol("s")], "args"), {
    name: "TypeError",
    message: /^args\[0\] is a symbol/,
  });
  assert.throws(() => encodeCbor(new Map([[1, new WeakMap()]]), "result"), {
    name: "TypeError",
    message: /^result<value 0> is a \[object WeakMap\]/,
  });
  assert.throws(() => encodeCbor(Promise.resolve(1), "x"), {
    message: /^x is a \[object Promise\]/,
  });
});

Deno.test("CBOR decoding refuses tags outside the value mapping (no records, no packing)", () => {
  // tag 105 (cbor-x records) wrapping an empty array; tag 51 (packed); tag 0xdfff (record inline)
  for (const bytes of [[0xd8, 105, 0x80], [0xd8, 51, 0x80], [0xd9, 0xdf, 0xff, 0x80]]) {
    assert.throws(() => decodeCbor(new Uint8Array(bytes)), {
      name: "DecodeError",
      message: /CBOR tag \d+ is not part of the TARP value mapping/,
    });
  }
});

Deno.test("CBOR tag 27 builds only the listed types, never a global looked up by name", () => {
  const encodeGeneric = (name: string) =>
    new Uint8Array([0xd8, 27, 0x82, 0x60 + name.length, ...new TextEncoder().encode(name), 0x60]);
  for (const name of ["eval", "Function", "constructor", "__proto__", "Deno"]) {
    assert.throws(() => decodeCbor(encodeGeneric(name)), DecodeError);
  }
  assert.ok(decodeCbor(encodeGeneric("RegExp")) instanceof RegExp);
});

Deno.test("CBOR decoding is bounded: depth limit, truncation, impossible lengths", () => {
  const deep = new Uint8Array(10_000).fill(0x81); // 10,000 nested one-element arrays...
  const body = new Uint8Array([...deep, 0x00]); // ...around a 0
  assert.throws(() => decodeCbor(body), { message: /nested deeper than 128 levels/ });
  assert.throws(() => decodeCbor(new Uint8Array([0x9f, 0x01])), { message: /ends in the middle/ });
  // an array claiming 2^32 - 1 items in five bytes must not be allocated
  assert.throws(() => decodeCbor(new Uint8Array([0x9a, 0xff, 0xff, 0xff, 0xff])), {
    message: /declares more items than it holds/,
  });
  assert.throws(() => decodeCbor(new Uint8Array([0x5a, 0xff, 0xff, 0xff, 0xff])), {
    message: /shorter than the lengths it declares/,
  });
  assert.throws(() => decodeCbor(new Uint8Array([0x01, 0x02])), {
    message: /follow the CBOR item/,
  });
  assert.throws(() => decodeCbor(new Uint8Array([0x1c])), { message: /invalid CBOR header/ });
});

Deno.test("indefinite-length CBOR (as other encoders write it) decodes", () => {
  // {_ "args": [_ 1, 2]}
  const bytes = new Uint8Array([0xbf, 0x64, 0x61, 0x72, 0x67, 0x73, 0x9f, 1, 2, 0xff, 0xff]);
  assert.deepStrictEqual(decodeCbor(bytes), { args: [1, 2] });
});

Deno.test("JSON decoding is bounded by depth and reports malformed text", () => {
  assert.throws(() => decodeJson("[".repeat(200) + "]".repeat(200)), {
    message: /nested deeper than 128 levels/,
  });
  assert.deepStrictEqual(decodeJson('{"a": "[[[[", "b": [1]}'), { a: "[[[[", b: [1] });
  assert.throws(() => decodeJson("{nope"), { message: /malformed JSON/ });
});

Deno.test("the JSON mapping never fails and follows the README's table", () => {
  const cyclic: Record<string, unknown> = { n: 1 };
  cyclic.self = cyclic;
  const mapped = toJsonValue({
    u: undefined,
    arr: [undefined, NaN, Infinity, -0],
    big: 2n ** 70n,
    date: new Date("2026-01-02T03:04:05.000Z"),
    bad: new Date(NaN),
    re: /x/g,
    map: new Map<unknown, unknown>([[{ k: 1 }, "v"], [1, 2n]]),
    set: new Set([1, 2]),
    bytes: new Uint8Array([104, 105]),
    buf: new Uint8Array([1, 2, 3]).buffer,
    view: new DataView(new Uint8Array([255]).buffer),
    floats: new Float32Array([0.5]),
    bigs: new BigInt64Array([5n]),
    err: new RangeError("r", { cause: "c" }),
    cyclic,
    fn: () => 1,
  });
  assert.deepStrictEqual(mapped, {
    arr: [null, null, null, 0],
    big: "1180591620717411303424",
    date: "2026-01-02T03:04:05.000Z",
    bad: null,
    re: "/x/g",
    map: [[{ k: 1 }, "v"], [1, "2"]],
    set: [1, 2],
    bytes: "aGk=",
    buf: "AQID",
    view: "/w==",
    floats: [0.5],
    bigs: ["5"],
    err: { name: "RangeError", message: "r", cause: "c" },
    cyclic: { n: 1, self: null },
  });
  assert.equal(JSON.stringify(toJsonValue(undefined)), "null");
});
