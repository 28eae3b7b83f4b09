// Base64 of bytes (the JSON table) where Uint8Array.prototype.toBase64 is missing (Node 20, older
// browsers): the portable path gives exactly what the built-in method gives.
import assert from "node:assert/strict";
import { toBase64, toBase64Portable } from "../../_wire/base64.ts";
import { toJsonValue } from "../../_wire/json.ts";

Deno.test("the portable base64 equals the built-in one for every length and byte", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let n = 0; n <= 70; n++) {
    const bytes = crypto.getRandomValues(new Uint8Array(n));
    assert.equal(toBase64Portable(bytes), bytes.toBase64(), `length ${n}`);
  }
  assert.equal(toBase64Portable(all), all.toBase64());
  // Larger than one chunk of String.fromCharCode, and a view into a larger buffer.
  const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 251);
  assert.equal(toBase64Portable(big), big.toBase64());
  assert.equal(toBase64Portable(big.subarray(5, 70_000)), big.subarray(5, 70_000).toBase64());
});

Deno.test("without the built-in method, bytes in JSON still become base64", () => {
  const bytes = new Uint8Array([1, 2, 3, 250]);
  Object.defineProperty(bytes, "toBase64", { value: undefined }); // as in Node 20
  assert.equal(toBase64(bytes), "AQID+g==");
  assert.deepEqual(toJsonValue({ bytes }), { bytes: "AQID+g==" });
});
