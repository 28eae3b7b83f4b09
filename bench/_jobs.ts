// Group `jobs`: an async endpoint's trivial job (add) through the TARP client, submit → result
// (`(await c.add_job(1, 2)).wait()`): latency p50/p99 one job at a time, and jobs per second from
// 32 concurrent callers, in worker mode (the default) and inline mode. The baseline is a bare
// Deno.serve job queue: POST answers an ID, then GET /jobs/<id> answers the result when it is there.
import { type Client, type Server, startClient, startServer, type Variant } from "./_process.ts";
import { figures, paired, type Pairs, percentile } from "./_stats.ts";
import { type Row, rowOf } from "./_table.ts";
import type { Settings } from "./_settings.ts";

/** The servers: TARP in each job mode, with the default request log and `quiet`, and bare. */
const SETUPS: Record<string, [Variant, string[]]> = {
  worker: ["tarp", ["--jobs=worker"]],
  workerQuiet: ["quiet", ["--jobs=worker"]],
  inline: ["tarp", ["--jobs=inline"]],
  inlineQuiet: ["quiet", ["--jobs=inline"]],
  bare: ["bare", []],
};
type Setup = keyof typeof SETUPS;
const NAMES = Object.keys(SETUPS) as Setup[];

/** The pairs of one mode's rows, keyed as the table's columns are. */
function columns(pairs: Pairs, mode: "worker" | "inline"): Pairs {
  return { tarp: pairs[mode], quiet: pairs[`${mode}Quiet`] };
}

/** Measures the job rows. */
export async function run(settings: Settings): Promise<Row[]> {
  const servers: Server[] = [];
  const clients = {} as Record<Setup, Client>;
  try {
    for (const name of NAMES) {
      servers.push(await startServer(...SETUPS[name]));
      clients[name] = await startClient(servers.at(-1)!);
      // Warm up: the worker pool started, the code compiled, connections open.
      await clients[name].send({ op: "rate", call: "job", concurrency: 32, ms: settings.warmMs });
    }
    // One latency block per setup and round gives that block's p50 and p99.
    const latency = await paired(NAMES, settings.rounds, async (name) => {
      const { times } = await clients[name].send({
        op: "latency",
        call: "job",
        ms: settings.blockMs,
      });
      console.error(`  job latency: ${name} p50 ${percentile(times, 0.5).toFixed(3)} ms`);
      return times as number[];
    });
    const p50 = figures(latency, (times) => percentile(times, 0.5));
    const p99 = figures(latency, (times) => percentile(times, 0.99));
    const perSecond = await paired(NAMES, settings.rounds, async (name) => {
      const { perSecond } = await clients[name].send({
        op: "rate",
        call: "job",
        concurrency: 32,
        ms: settings.blockMs,
      });
      console.error(`  jobs/s: ${name} ${Math.round(perSecond)}`);
      return perSecond;
    });
    return (["worker", "inline"] as const).flatMap((mode) => [
      rowOf(`job latency p50, submit → result, ${mode} mode`, "ms", columns(p50, mode), false),
      rowOf(`job latency p99, submit → result, ${mode} mode`, "ms", columns(p99, mode), false),
      rowOf(
        `trivial jobs/s, 32 concurrent callers, ${mode} mode`,
        "jobs/s",
        columns(perSecond, mode),
        true,
      ),
    ]);
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.stop()));
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** What the job rows' baseline is. */
export function notes(): string[] {
  return [
    "Job rows: TARP's `(await c.add_job(1, 2)).wait()` (a POST, then a long-poll GET /asyncGet) " +
    "against a bare Deno.serve job queue doing the same two round trips (POST answers an ID, " +
    "GET /jobs/<id> answers the result when it is there; the job runs inline). The peers have no jobs.",
  ];
}
