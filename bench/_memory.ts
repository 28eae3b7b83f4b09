// Memory: resident set size of a server process after a load of 1 MiB calls, TARP beside the bare
// baseline, each server in its own process so that the figures are its own.
import { ClientCore } from "../client/_core.ts";
import type { Row } from "./_harness.ts";

const MIB = 1024 * 1024;

async function start(kind: "tarp" | "bare") {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      new URL("./_memory_server.ts", import.meta.url).pathname,
      kind,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let url = "";
  while (!url.includes("\n")) url += (await reader.read()).value ?? "";
  return {
    url: url.trim(),
    stop: async () => {
      child.kill("SIGTERM");
      await child.status;
      await reader.cancel();
    },
  };
}

/** Memory (MiB) of one server at start and after `calls` calls of a 1 MiB Float64Array. */
async function measure(kind: "tarp" | "bare", calls: number) {
  const server = await start(kind);
  try {
    // Both servers speak the same CBOR call and envelope; the bare one has no discovery.
    const core = new ClientCore(server.url, {});
    const call = (name: string, ...args: unknown[]) => core.callRpc(name, args, {});
    const retained = async () => {
      const m = (await call("mem")) as Deno.MemoryUsage;
      return { rss: m.rss / MIB, kept: (m.heapUsed + m.external) / MIB };
    };
    const idle = await retained();
    const big = new Float64Array(MIB / 8).fill(1.5);
    let left = calls;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (left-- > 0) await call("len", big);
    }));
    return { idle, after: await retained() };
  } finally {
    await server.stop();
  }
}

/** Measures the memory rows. */
export async function run(seconds: number): Promise<Row[]> {
  const calls = Math.max(100, Math.round(seconds * 250));
  const tarp = await measure("tarp", calls);
  const bare = await measure("bare", calls);
  const load = `${calls} sync RPC calls of 1 MiB, 8 at a time`;
  const row = (name: string, pick: (m: typeof tarp) => number): Row => ({
    name,
    unit: "MiB",
    tarp: pick(tarp),
    bare: pick(bare),
    higherIsBetter: false,
  });
  return [
    row("server heap + external memory at start (after GC)", (m) => m.idle.kept),
    row(`server heap + external memory after ${load} (after GC)`, (m) => m.after.kept),
    row(`server RSS after ${load}`, (m) => m.after.rss),
  ];
}
