// Decodes one worst-shape body in a fresh process (so that no earlier measurement's garbage
// weighs on this one) and prints the milliseconds it took: `deno run bench/_decode_once.ts
// <shape> <MiB> [tarp|cbor-x]`.
import { Decoder } from "cbor-x";
import { decodeCbor } from "../_wire/codec.ts";
import { WORST_SHAPES } from "./_shapes.ts";

const [shape, mib, codec = "tarp"] = Deno.args;
const body = WORST_SHAPES[shape](Number(mib) * 1024 * 1024);
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
const started = performance.now();
if (codec === "tarp") decodeCbor(body, { maxValues: Infinity });
else decoder.decode(body);
console.log(performance.now() - started);
