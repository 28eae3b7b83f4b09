// Group `calls`: what a caller feels through each framework's own client, the client in a process
// of its own: add(1, 2) one at a time and from 32 concurrent callers, and a 1 MiB Float64Array
// echo. Interleaved paired blocks: each round runs every variant for one short block.
import { type Client, type Server, startClient, startServer, type Variant } from "./_process.ts";
import { paired } from "./_stats.ts";
import { type Row, rowOf } from "./_table.ts";
import type { Settings } from "./_settings.ts";
import type { CallName } from "./clients/main.ts";

const VARIANTS: Variant[] = ["tarp", "quiet", "bare", "hono", "orpc", "trpc", "capnweb"];
const CASES: { name: string; call: CallName; concurrency: number }[] = [
  { name: "add(1, 2) through its own client, sequential", call: "add", concurrency: 1 },
  { name: "add(1, 2) through its own client, 32 concurrent callers", call: "add", concurrency: 32 },
  {
    name: "1 MiB Float64Array echo through its own client, sequential",
    call: "echo",
    concurrency: 1,
  },
];

/** Measures the client rows. */
export async function run(settings: Settings): Promise<Row[]> {
  const servers: Server[] = [];
  const clients = {} as Record<Variant, Client>;
  try {
    for (const v of VARIANTS) {
      servers.push(await startServer(v));
      clients[v] = await startClient(servers.at(-1)!);
    }
    // Warm up every client and server on every call (JIT, connection pools) before any round.
    for (const { call, concurrency } of CASES) {
      for (const v of VARIANTS) {
        await clients[v].send({ op: "rate", call, concurrency, ms: settings.warmMs });
      }
    }
    const rows: Row[] = [];
    for (const { name, call, concurrency } of CASES) {
      const pairs = await paired(VARIANTS, settings.rounds, async (v) => {
        const { perSecond } = await clients[v].send({
          op: "rate",
          call,
          concurrency,
          ms: settings.blockMs,
        });
        console.error(`  ${name}: ${v} ${Math.round(perSecond)} calls/s`);
        return perSecond;
      });
      rows.push(rowOf(name, "calls/s", pairs, true));
    }
    return rows;
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.stop()));
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** What the rows' peers send for the Float64Array. */
export function notes(): string[] {
  return [
    "1 MiB echo: TARP (CBOR), bare (cbor-x) and Cap'n Web carry the Float64Array itself; Hono " +
    "(`hc`, JSON), oRPC and tRPC (JSON, no typed arrays) send and receive it as an array of " +
    "131,072 numbers, the conversion included.",
    "tRPC's client uses `httpLink` (one request per call, like every other client); Cap'n Web " +
    "opens one HTTP batch session per call.",
  ];
}
