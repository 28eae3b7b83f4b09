// Group `codec`: TARP's CBOR codec on its own, no HTTP, beside cbor-x (the library TARP used
// before, and bare's CBOR codec): encode + decode of the calls TARP carries, and decoding time
// per MiB of the body shapes that work a decoder hardest, at 1 and 8 MiB: linear decoding shows as
// the same figure at both sizes.
import { Decoder, Encoder } from "cbor-x";
import { decodeCbor, encodeCborMessage } from "../_wire/codec.ts";
import { paired } from "./_stats.ts";
import { type Row, rowOf } from "./_table.ts";
import type { Settings } from "./_settings.ts";
import { WORST_SHAPES } from "./_shapes.ts";

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
type Codec = "tarp" | "bare";

/** Milliseconds per MiB to decode one worst-shape body of `mib` MiB, in a fresh process. */
async function freshPerMiB(shape: string, mib: number, codec: Codec): Promise<number> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./_decode_once.ts", import.meta.url).pathname,
      shape,
      String(mib),
      codec === "tarp" ? "tarp" : "cbor-x",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const ms = Number(new TextDecoder().decode(out.stdout));
  if (!out.success || !(ms >= 0)) {
    throw new Error(`decoding ${shape} (${codec}) failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return ms / mib;
}

/** Microseconds per call of `f`, run for `ms` after a short warm-up. */
function microseconds(f: () => unknown, ms: number): number {
  const warm = performance.now() + Math.min(100, ms / 4);
  while (performance.now() < warm) f();
  let n = 0;
  const start = performance.now();
  while (performance.now() < start + ms || n === 0) {
    f();
    n++;
  }
  return (performance.now() - start) * 1000 / n;
}

/** Measures the codec rows. */
export async function run(settings: Settings): Promise<Row[]> {
  const { rounds, blockMs } = settings;
  const big = new Float64Array(131072).map((_, i) => Math.sqrt(i));
  const records = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, x: i / 3 }));
  const cases: [string, Record<string, unknown>][] = [
    ["add(1, 2) call", { args: [1, 2] }],
    ["1 MiB Float64Array call", { args: [big] }],
    ["100 small records call", { args: [records] }],
  ];
  const rows: Row[] = [];
  for (const [name, message] of cases) {
    const pairs = await paired(["tarp"], rounds, (codec) =>
      Promise.resolve(
        codec === "tarp"
          ? microseconds(() => decodeCbor(encodeCborMessage(message, "args")), blockMs)
          : microseconds(() => decoder.decode(encoder.encode(message)), blockMs),
      ));
    rows.push(rowOf(`codec: encode + decode ${name} (bare: cbor-x)`, "µs", pairs, false));
  }
  // Each body is decoded in a fresh process: garbage left by one measurement would weigh on the
  // next one.
  for (const shape of Object.keys(WORST_SHAPES)) {
    for (const mib of [1, 8]) {
      const pairs = await paired(["tarp"], rounds, (codec) => freshPerMiB(shape, mib, codec));
      console.error(`  decoding ${shape}, ${mib} MiB: ${pairs.tarp!.map((p) => p.join(" / "))}`);
      const name = `codec: decoding ${shape}, ${mib} MiB body, time per MiB (bare: cbor-x)`;
      rows.push(rowOf(name, "ms", pairs, false));
    }
  }
  // cbor-x converts a bignum byte by byte (quadratic: 256 KiB took it 41 s); TARP in one step,
  // and refuses one past maxBigIntBytes (1 KiB) before converting it. 64 KiB, limit raised:
  const bignum = new Uint8Array(6 + 64 * 1024).fill(0xab);
  bignum.set([0xc2, 0x5a, 0x00, 0x01, 0x00, 0x00]);
  const once = (f: () => unknown) => {
    const start = performance.now();
    f();
    return performance.now() - start;
  };
  const pairs = await paired(["tarp"], rounds, (codec) =>
    Promise.resolve(
      codec === "tarp"
        ? once(() => decodeCbor(bignum, { maxBigIntBytes: Infinity }))
        : once(() => decoder.decode(bignum)),
    ));
  rows.push(
    rowOf(
      "codec: decoding one 64 KiB bignum, maxBigIntBytes raised (bare: cbor-x)",
      "ms",
      pairs,
      false,
    ),
  );
  return rows;
}

/** What the codec rows measure. */
export function notes(): string[] {
  return [
    "Codec rows: TARP's CBOR codec called directly (no HTTP) beside cbor-x, the library TARP used " +
    "before. The worst shapes (bench/_shapes.ts: many tiny containers, one key repeated, shared " +
    "references, bignums, Map keys, non-ASCII strings) are decoded once per round each in a fresh " +
    "process; decoding is linear when a shape's 1 MiB and 8 MiB figures are alike.",
  ];
}
