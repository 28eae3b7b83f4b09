// Group `jobs`: an async endpoint's trivial job (add) through the TARP client, submit → result
// (`(await c.add_job(1, 2)).wait()`): latency p50/p99 one job at a time, and jobs per second from
// 32 concurrent callers, in process mode (the default), worker mode and inline mode; and the first
// job after a server starts (_first_job.ts). The baseline is a bare Deno.serve job queue: POST
// answers an ID (and the result, when the job is done within the wait it asks), then GET
// /jobs/<id> answers the result when it is there.
import { type Client, type Server, startClient, startServer, type Variant } from "./_process.ts";
import { figures, paired, type Pairs, percentile } from "./_stats.ts";
import { type Row, rowOf } from "./_table.ts";
import type { Settings } from "./_settings.ts";
import { firstJobRows } from "./_first_job.ts";

/** The job modes measured, the default first. */
const MODES = ["process", "worker", "inline"] as const;
type Mode = typeof MODES[number];

/** The servers: TARP in each job mode, with the default request log and `quiet`, and bare. */
const SETUPS: Record<string, [Variant, string[]]> = {
  process: ["tarp", ["--jobs=process"]],
  processQuiet: ["quiet", ["--jobs=process"]],
  worker: ["tarp", ["--jobs=worker"]],
  workerQuiet: ["quiet", ["--jobs=worker"]],
  inline: ["tarp", ["--jobs=inline"]],
  inlineQuiet: ["quiet", ["--jobs=inline"]],
  bare: ["bare", []],
  // The floor of worker mode: the bare queue with each job in a Web Worker.
  bareWorker: ["bare", ["--worker-jobs"]],
};
type Setup = keyof typeof SETUPS;
const NAMES = Object.keys(SETUPS) as Setup[];
/** The setups measured against bare (the job inline), and those against bare with a worker. */
const AGAINST_BARE = NAMES.filter((name) => name !== "bareWorker");
const AGAINST_WORKER: Setup[] = ["worker", "workerQuiet", "bare"];

/** The pairs of one mode's rows, keyed as the table's columns are. */
function columns(pairs: Pairs, mode: Mode): Pairs {
  return { tarp: pairs[mode], quiet: pairs[`${mode}Quiet`] };
}

/** Measures the job rows. */
export async function run(settings: Settings): Promise<Row[]> {
  const servers: Server[] = [];
  const clients: Partial<Record<Setup, Client>> = {};
  try {
    for (const name of NAMES) {
      servers.push(await startServer(...SETUPS[name]));
      clients[name] = await startClient(servers.at(-1)!);
      // Warm up: the job pool started, the code compiled, connections open.
      await clients[name]!.send({ op: "rate", call: "job", concurrency: 32, ms: settings.warmMs });
    }
    // One latency block per setup and round gives that block's p50 and p99.
    const latency = async (name: Setup) => {
      const { times } = await clients[name]!.send({
        op: "latency",
        call: "job",
        ms: settings.blockMs,
      });
      console.error(`  job latency: ${name} p50 ${percentile(times, 0.5).toFixed(3)} ms`);
      return times as number[];
    };
    const rate = async (name: Setup) => {
      const { perSecond } = await clients[name]!.send({
        op: "rate",
        call: "job",
        concurrency: 32,
        ms: settings.blockMs,
      });
      console.error(`  jobs/s: ${name} ${Math.round(perSecond)}`);
      return perSecond as number;
    };
    const rows = modeRows(
      await paired(AGAINST_BARE, settings.rounds, latency),
      await paired(AGAINST_BARE, settings.rounds, rate),
      MODES,
      "",
    );
    // Worker mode again, against the bare queue whose jobs also cross to a Web Worker and back.
    const toWorker = (name: Setup | "bare") => name === "bare" ? "bareWorker" : name;
    rows.push(...modeRows(
      await paired(AGAINST_WORKER, settings.rounds, (name) => latency(toWorker(name))),
      await paired(AGAINST_WORKER, settings.rounds, (name) => rate(toWorker(name))),
      ["worker"],
      " (bare: the job in a Web Worker)",
    ));
    await stopAll(clients, servers);
    return [...rows, ...await firstJobRows(settings)];
  } finally {
    await stopAll(clients, servers);
  }
}

// The latency (p50, p99) and throughput rows of `modes`, their names ending with `suffix`.
function modeRows(
  latency: Pairs<number[]>,
  perSecond: Pairs,
  modes: readonly Mode[],
  suffix: string,
) {
  const p50 = figures(latency, (times) => percentile(times, 0.5));
  const p99 = figures(latency, (times) => percentile(times, 0.99));
  return modes.flatMap((mode) => [
    rowOf(
      `job latency p50, submit → result, ${mode} mode${suffix}`,
      "ms",
      columns(p50, mode),
      false,
    ),
    rowOf(
      `job latency p99, submit → result, ${mode} mode${suffix}`,
      "ms",
      columns(p99, mode),
      false,
    ),
    rowOf(
      `trivial jobs/s, 32 concurrent callers, ${mode} mode${suffix}`,
      "jobs/s",
      columns(perSecond, mode),
      true,
    ),
  ]);
}

// Clients first, then servers; each at most once (the first-job rows start servers of their own).
async function stopAll(clients: Partial<Record<Setup, Client>>, servers: Server[]): Promise<void> {
  const running = Object.values(clients);
  for (const key of NAMES) delete clients[key];
  await Promise.all(running.map((c) => c!.stop()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
}

/** What the job rows' baseline is. */
export function notes(): string[] {
  return [
    "Job rows: TARP's `(await c.add_job(1, 2)).wait()` (a POST `?wait=0.005`, whose answer " +
    "carries the result of a job done within 5 ms; a long-poll GET /asyncGet otherwise) against " +
    "a bare Deno.serve job queue doing the same (its POST waits up to 5 ms for the job, which runs " +
    "inline, and answers the result with the ID; GET /jobs/<id> otherwise). The peers have no jobs. " +
    "Rows marked (bare: the job in a Web Worker) measure worker mode against that queue running " +
    "each job in one warm Web Worker (a message there and one back), the least a job in a worker " +
    "costs on this machine.",
    "First-job rows: a server just started (its pool starts on first use: a process mode job " +
    "spawns `deno run` of the job runner, which imports the job's module) and its first job, " +
    "beside a just-started bare server's first job; one fresh pair of servers per round.",
  ];
}
