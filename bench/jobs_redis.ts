// Jobs over Redis (the BullMQ backend and `tarp worker`): latency from submitting a trivial job to
// wait() returning, p50 and p99 over 200 jobs, with one worker process; and trivial jobs per second
// from 16 concurrent clients with 1, 2 and 4 worker processes (2 jobs at a time each). Beside each,
// BullMQ alone doing the same (add a job, hear its `completed` event; bare BullMQ workers), so the
// ratio is what TARP adds: its HTTP hop, CBOR, and running each job in a Web Worker.
// Needs redis-server (Debian's package); starts its own on a free port.
// Usage: deno run -A bench/jobs_redis.ts [--seconds N]   (`run(seconds)` gives the rows)
import { Queue, QueueEvents } from "bullmq";
import { client } from "../client.ts";
import { startRedis, startWorker, type TestRedis } from "../tests/_redis.ts";

/** One row of the report: TARP beside its bare baseline, measured in the same run. */
export interface Row {
  name: string;
  unit: string;
  tarp: number;
  bare: number;
  /** True when a larger number is better (throughput), false for latencies. */
  higherIsBetter: boolean;
  target?: string;
}

const LATENCY_JOBS = 200;
const CLIENTS = 16;
const PER_WORKER = 2;

interface Side {
  call(): Promise<unknown>;
  close(): Promise<void>;
}

/** Measures the Redis rows. */
export async function run(seconds: number): Promise<Row[]> {
  await using redis = await startRedis();
  const rows: Row[] = [];
  const tarp = await tarpSide(redis, "latency", 1);
  const bare = await bareSide(redis, "latency-bare", 1);
  const t = await latencies(tarp.call);
  const b = await latencies(bare.call);
  for (const [p, label] of [[0.5, "p50"], [0.99, "p99"]] as const) {
    rows.push({
      name: `job latency ${label} over Redis, submit → wait() (1 worker process); ` +
        "bare = BullMQ add → completed event",
      unit: "ms",
      tarp: percentile(t, p),
      bare: percentile(b, p),
      higherIsBetter: false,
      target: label === "p50" ? "<= 10 ms" : "",
    });
  }
  await tarp.close();
  await bare.close();
  for (const processes of [1, 2, 4]) {
    const tarp = await tarpSide(redis, `rate${processes}`, processes);
    const bare = await bareSide(redis, `rate${processes}-bare`, processes);
    let best = { tarp: 0, bare: 0 };
    for (let i = 0; i < 2; i++) {
      best = {
        bare: Math.max(best.bare, await callsPerSecond(bare.call, seconds)),
        tarp: Math.max(best.tarp, await callsPerSecond(tarp.call, seconds)),
      };
    }
    rows.push({
      name: `trivial jobs/s over Redis, ${CLIENTS} concurrent clients, ${processes} worker ` +
        `process${processes > 1 ? "es" : ""}; bare = BullMQ alone`,
      unit: "/s",
      ...best,
      higherIsBetter: true,
    });
    await tarp.close();
    await bare.close();
  }
  return rows;
}

// A TARP server (in a Web Worker) on `queue`, `processes` `tarp worker`s, and CLIENTS clients.
async function tarpSide(redis: TestRedis, queue: string, processes: number): Promise<Side> {
  const server = new Worker(new URL("./_redis_server_worker.ts", import.meta.url), {
    type: "module",
  });
  const url = await new Promise<string>((resolve) => {
    server.onmessage = (e) => resolve(e.data);
    server.postMessage({ redis: redis.url, queue });
  });
  const args = ["--queue", queue, "--concurrency", String(PER_WORKER)];
  const workers = await Promise.all(
    Array.from({ length: processes }, () => startWorker("bench/_redis_fns.ts", redis.url, args)),
  );
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => client(url)));
  let next = 0;
  const call = async () => {
    const c = clients[next++ % CLIENTS];
    if (await (await c.add(1, 2)).wait() !== 3) throw new Error("wrong job result");
  };
  await callsPerSecond(call, 4); // every worker's Web Workers started, code compiled
  return {
    call,
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      server.terminate();
    },
  };
}

// BullMQ alone: a Queue and its events here, `processes` bare worker processes.
async function bareSide(redis: TestRedis, queue: string, processes: number): Promise<Side> {
  const connection = { host: "127.0.0.1", port: redis.port };
  const jobs = new Queue(queue, { connection });
  const events = new QueueEvents(queue, { connection });
  await Promise.all([jobs.waitUntilReady(), events.waitUntilReady()]);
  const waiting = new Map<string, () => void>();
  events.on("completed", ({ jobId }) => waiting.get(jobId)?.());
  const workers = await Promise.all(Array.from({ length: processes }, async () => {
    const path = new URL("./_redis_bare_worker.ts", import.meta.url).pathname;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", path, String(redis.port), queue, String(PER_WORKER)],
      stdout: "piped",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    while (!(await reader.read()).value?.includes("ready"));
    return { child, reader };
  }));
  const call = async () => {
    const jobId = crypto.randomUUID();
    const done = new Promise<void>((resolve) => waiting.set(jobId, resolve));
    await jobs.add("add", { a: 1, b: 2 }, { jobId, removeOnComplete: true });
    await done;
    waiting.delete(jobId);
  };
  await callsPerSecond(call, 1);
  return {
    call,
    async close() {
      for (const { child, reader } of workers) {
        child.kill("SIGTERM");
        await reader.cancel();
        await child.status;
      }
      await events.close();
      await jobs.close();
    },
  };
}

async function callsPerSecond(call: () => Promise<unknown>, seconds: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  }));
  return done / ((performance.now() - start) / 1000);
}

async function latencies(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < LATENCY_JOBS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--seconds");
  const seconds = at >= 0 ? Number(Deno.args[at + 1]) : 2;
  const rows = await run(seconds);
  const fmt = (n: number) => n >= 100 ? Math.round(n).toLocaleString("en") : n.toFixed(2);
  console.log("| benchmark | TARP | bare baseline | ratio | target |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const ratio = r.higherIsBetter ? r.tarp / r.bare : r.bare / r.tarp;
    console.log(
      `| ${r.name} | ${fmt(r.tarp)} ${r.unit} | ${fmt(r.bare)} ${r.unit} | ${ratio.toFixed(2)} | ` +
        `${r.target ?? ""} |`,
    );
  }
  Deno.exit(0);
}
