// The frames between the server and a job process: a random marker and a length before each
// message, so that whatever a job prints on stdout stays its output, however the pipe cuts it.
import assert from "node:assert/strict";
import { frameHeader, FrameReader, newMarker } from "../../jobs/_frames.ts";

// Strings and { raw } bytes are a job's own output; Uint8Arrays are framed messages.
function stream(marker: Uint8Array, parts: (string | { raw: number[] } | Uint8Array)[]) {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === "string") bytes.push(...new TextEncoder().encode(part));
    else if ("raw" in part) bytes.push(...part.raw);
    else bytes.push(...frameHeader(marker, part.length), ...part);
  }
  return new Uint8Array(bytes);
}

Deno.test("frames come out whole and in order, output between them as output, however cut", () => {
  const marker = newMarker();
  const fake = { raw: [0, 0x54, 0x52, 0x50, 0, 0, 0, 1, 0xff] }; // what a fixed marker was
  const all = stream(marker, ["hello ", new Uint8Array([1, 2, 3]), fake, new Uint8Array(0), "bye"]);
  for (const size of [1, 2, 3, 7, 11, all.length]) {
    const frames: number[][] = [];
    let stray = "";
    const reader = new FrameReader(
      marker,
      (payload) => frames.push([...payload]),
      (bytes) => stray += new TextDecoder().decode(bytes),
    );
    for (let at = 0; at < all.length; at += size) reader.push(all.subarray(at, at + size));
    reader.push(new Uint8Array(0));
    assert.deepEqual(frames, [[1, 2, 3], []], `chunks of ${size}`);
    assert.equal(stray.replace("\0TRP\0\0\0\x01\ufffd", "<fake>"), "hello <fake>");
  }
});

Deno.test("a marker is 8 random bytes, new for each process", () => {
  const [a, b] = [newMarker(), newMarker()];
  assert.equal(a.length, 8);
  assert.notDeepEqual(a, b);
});
