// The codec on its own, no HTTP: TARP's CBOR codec beside cbor-x (what TARP used before) on the
// calls TARP carries, and the decoding time per MiB of the body shapes that work a decoder
// hardest (worst case: linear, not quadratic, in the body's size).
import { Decoder, Encoder } from "cbor-x";
import { decodeCbor, encodeCborMessage } from "../_wire/codec.ts";
import type { Row } from "./_harness.ts";
import { WORST_SHAPES } from "./_shapes.ts";

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });

async function freshPerMiB(shape: string, mib: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./_decode_once.ts", import.meta.url).pathname,
        shape,
        String(mib),
      ],
      stdout: "piped",
    }).output();
    best = Math.min(best, Number(new TextDecoder().decode(out.stdout)) / mib);
  }
  return best;
}

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
  // Linear: the time per MiB of an 8 MiB body is that of a 1 MiB body (ratio about 1). Each
  // body is decoded in a fresh process, best of three: garbage left by one measurement would
  // weigh on the next.
  for (const name of Object.keys(WORST_SHAPES)) {
    const [large, small] = [await freshPerMiB(name, 8), await freshPerMiB(name, 1)];
    rows.push({
      name: `decoding ${name}: ms per MiB of an 8 MiB body; bare = of a 1 MiB body`,
      unit: "ms",
      tarp: large,
      bare: small,
      higherIsBetter: false,
      target: "ratio ~1 (linear)",
    });
  }
  const perMiB = (f: () => unknown, mib: number) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      f();
      best = Math.min(best, (performance.now() - start) / mib);
    }
    return best;
  };
  // cbor-x converted bignums byte by byte (quadratic); TARP, past its limit, in one step.
  const bignum = new Uint8Array(6 + 256 * 1024).fill(0xab);
  bignum.set([0xc2, 0x5a, 0x00, 0x04, 0x00, 0x00]);
  rows.push({
    name: "decoding one 256 KiB bignum, maxBigIntBytes raised (bare = cbor-x)",
    unit: "ms",
    tarp: perMiB(() => decodeCbor(bignum, { maxBigIntBytes: Infinity }), 1),
    bare: perMiB(() => decoder.decode(bignum), 1),
    higherIsBetter: false,
  });
  return rows;
}
