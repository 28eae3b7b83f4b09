// TARP's CBOR tags stay TARP's: another cbor-x user in the same process sees no change, and what
// cbor-x writes (as other JavaScript clients may) decodes in TARP as structuredClone() copies it.
import assert from "node:assert/strict";
import { Decoder, Encoder } from "cbor-x";
import { decodeCbor, encodeCbor } from "../../_wire/codec.ts";

Deno.test("importing and using TARP changes nothing in a separate cbor-x Encoder or Decoder", async () => {
  const probe = new URL("../fixtures/cbor_x_probe.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", probe],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(out.code, 0);
  const { before, after } = JSON.parse(new TextDecoder().decode(out.stdout));
  // A TARP that registered its tags with cbor-x would read 27(["Number", 3]) as a boxed Number
  // there, and write boxed numbers, ArrayBuffers and DataViews under tag 27.
  assert.equal(after, before);
});

const SHARED_VALUES: [string, unknown][] = [
  ["numbers and strings", [0, -1, 2 ** 31, -(2 ** 32), 1.5, NaN, "é", ""]],
  ["BigInt", [5n, -(2n ** 63n), 2n ** 64n - 1n]],
  ["Date", new Date("2026-11-21T09:00:00.123Z")],
  ["Map and Set", [new Map<unknown, unknown>([[1, "a"], ["b", { c: 2 }]]), new Set([1, "x"])]],
  ["typed arrays", [new Uint8Array([1]), new Int16Array([-2]), new Float64Array([Math.E])]],
  ["RegExp", /a+/gi],
  ["nested objects", { a: [{ b: null, u: undefined }], t: true }],
];

for (const [name, value] of SHARED_VALUES) {
  Deno.test(`cbor-x and TARP read each other's ${name}`, () => {
    const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
    const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
    assert.deepStrictEqual(decodeCbor(encoder.encode(value)), structuredClone(value));
    assert.deepStrictEqual(decoder.decode(encodeCbor(value, "value")), structuredClone(value));
  });
}
