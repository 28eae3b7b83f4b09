// The codec on its own, no HTTP: TARP's CBOR codec beside cbor-x (what TARP used before) on the
// calls TARP carries, and the decoding time per MiB of the body shapes that work a decoder
// hardest (worst case: linear, not quadratic, in the body's size).
import { Decoder, Encoder } from "cbor-x";
import { decodeCbor, encodeCborMessage } from "../_wire/codec.ts";
import type { Row } from "./_harness.ts";
import { WORST_SHAPES } from "./_shapes.ts";

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });

function microseconds(f: () => unknown, seconds: number): number {
  const warm = performance.now() + 100;
  while (performance.now() < warm) f();
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 500;
  while (performance.now() < end) {
    f();
    n++;
  }
  return (performance.now() - start) * 1000 / n;
}

/** Measures encode + decode of typical calls, and worst-shape decoding per MiB. */
// deno-lint-ignore require-await
export async function run(seconds: number): Promise<Row[]> {
  const big = new Float64Array(131072).map((_, i) => Math.sqrt(i));
  const records = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, x: i / 3 }));
  const cases: [string, Record<string, unknown>][] = [
    ["add(1, 2) call", { args: [1, 2] }],
    ["1 MiB Float64Array call", { args: [big] }],
    ["100 small records call", { args: [records] }],
  ];
  const rows: Row[] = [];
  for (const [name, message] of cases) {
    rows.push({
      name: `codec: encode + decode ${name} (bare = cbor-x)`,
      unit: "µs",
      tarp: microseconds(() => decodeCbor(encodeCborMessage(message, "args")), seconds),
      bare: microseconds(() => decoder.decode(encoder.encode(message)), seconds),
      higherIsBetter: false,
    });
  }
  for (const [name, make] of Object.entries(WORST_SHAPES)) {
    const body = make(4 * 1024 * 1024);
    const perMiB = (f: () => unknown) => {
      const start = performance.now();
      f();
      return (performance.now() - start) / 4;
    };
    rows.push({
      name: `decoding 4 MiB of ${name}, per MiB (bare = cbor-x)`,
      unit: "ms",
      tarp: perMiB(() => decodeCbor(body, { maxValues: Infinity })),
      bare: perMiB(() => decoder.decode(body)),
      higherIsBetter: false,
    });
  }
  return rows;
}
