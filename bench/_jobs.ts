// Async RPC: latency from submitting a trivial job to wait() returning (p50 and p99 over 200 jobs),
// and trivial jobs per second from 8 concurrent clients; beside a sync RPC call of the same
// function through the same TARP client, the floor a job's round trips are measured against.
import { client, type UntypedClient } from "../client.ts";
import { callsPerSecond, type Row, sideBySide } from "./_harness.ts";

const JOBS = 200;
const CLIENTS = 8;

/** Measures the async RPC rows. */
export async function run(seconds: number): Promise<Row[]> {
  const worker = new Worker(new URL("./_jobs_servers.ts", import.meta.url), { type: "module" });
  const urls = await new Promise<Record<"process" | "worker" | "inline", string>>((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
  });
  const rows: Row[] = [];
  for (const mode of ["process", "worker", "inline"] as const) {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => client(urls[mode])),
    );
    const c = clients[0];
    const job = async (cl: UntypedClient) => {
      if (await (await cl.add(1, 2)).wait() !== 3) throw new Error("wrong job result");
    };
    const sync = async (cl: UntypedClient) => {
      if (await cl.add_sync(1, 2) !== 3) throw new Error("wrong sync result");
    };
    const where = mode === "inline" ? "inline" : `${mode} pool`;
    // The first job starts the pool's first process or worker (the pools start on first use).
    const coldStart = performance.now();
    await job(c);
    const cold = performance.now() - coldStart;
    const jobTimes = await latencies(() => job(c));
    const syncTimes = await latencies(() => sync(c));
    rows.push({
      name: `first job after start, submit → wait() (${where}); bare = a warm job's p50`,
      unit: "ms",
      tarp: cold,
      bare: percentile(jobTimes, 0.5),
      higherIsBetter: false,
    });
    for (const [p, label] of [[0.5, "p50"], [0.99, "p99"]] as const) {
      rows.push({
        name: `job latency ${label}, submit → wait() (${where}); bare = sync RPC round trip`,
        unit: "ms",
        tarp: percentile(jobTimes, p),
        bare: percentile(syncTimes, p),
        higherIsBetter: false,
        target: label === "p50" ? "<= 10 ms (Python TARP: >= suggested_wait, ~1 s)" : "",
      });
    }
    // Each of the 8 loops uses its own client, as 8 separate processes would.
    let next = 0;
    const pick = () => clients[next++ % CLIENTS];
    const { tarp, bare } = await sideBySide(
      () => callsPerSecond(() => job(pick()), CLIENTS, seconds),
      () => callsPerSecond(() => sync(pick()), CLIENTS, seconds),
    );
    rows.push({
      name: `trivial jobs/s, ${CLIENTS} concurrent clients (${where}); bare = sync RPC calls/s`,
      unit: "/s",
      tarp,
      bare,
      higherIsBetter: true,
    });
  }
  worker.terminate();
  return rows;
}

async function latencies(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await call(); // warm up: workers spawned, code compiled
  const times: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
