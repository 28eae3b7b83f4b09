// Sync RPC: calls per second through the TARP client beside fetch + cbor-x against Deno.serve.
import { Decoder, Encoder } from "cbor-x";
import { client } from "../client.ts";
import { callsPerSecond, type Row, sideBySide } from "./_harness.ts";

/** Measures the sync RPC rows. */
export async function run(seconds: number): Promise<Row[]> {
  const worker = new Worker(new URL("./_rpc_servers.ts", import.meta.url), { type: "module" });
  const urls = await new Promise<{ tarp: string; bare: string }>((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
  });
  const c = await client(urls.tarp);
  const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
  const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
  const bareCall = async (name: string, args: unknown[]) => {
    const res = await fetch(`${urls.bare}/${name}`, {
      method: "POST",
      headers: { "content-type": "application/cbor" },
      body: encoder.encode({ args }) as Uint8Array<ArrayBuffer>,
    });
    return decoder.decode(new Uint8Array(await res.arrayBuffer())).result;
  };
  const big = new Float64Array(131072); // 1 MiB
  for (let i = 0; i < big.length; i++) big[i] = Math.sqrt(i);
  const cases = [
    { name: "sync RPC add(1, 2)", fn: "add", args: [1, 2] },
    { name: "sync RPC, 1 MiB Float64Array", fn: "len", args: [big] },
  ];
  const rows: Row[] = [];
  for (const { name, fn, args } of cases) {
    for (const concurrency of [1, 32]) {
      const { tarp, bare } = await sideBySide(
        () => callsPerSecond(() => c.$call(fn, ...args), concurrency, seconds),
        () => callsPerSecond(() => bareCall(fn, args), concurrency, seconds),
      );
      rows.push({
        name: `${name}, ${concurrency === 1 ? "sequential" : "32 concurrent callers"}`,
        unit: "calls/s",
        tarp,
        bare,
        higherIsBetter: true,
        target: "ratio >= 0.8",
      });
    }
  }
  worker.terminate();
  return rows;
}
