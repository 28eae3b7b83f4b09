// Group `memory`: the server process's resident set size (VmRSS in /proc/<pid>/status), at start,
// along a load of small calls and along a load of jobs, TARP beside bare. A server that keeps
// something per call grows along the way; one that does not stays flat after its warm-up.
import { startClient, startServer, type Variant } from "./_process.ts";
import { formatNumber, type Row, rowOf } from "./_table.ts";
import type { Pairs } from "./_stats.ts";
import type { Settings } from "./_settings.ts";
import type { CallName } from "./clients/main.ts";

/** RSS samples (MiB) of one server: at start, then after each step of the load. */
interface Samples {
  start: number;
  along: number[];
}

/** Loads a fresh `variant` server (with `args`) with `total` calls of `call` in equal steps. */
async function load(
  variant: Variant,
  args: string[],
  call: CallName,
  total: number,
  steps: number,
): Promise<Samples> {
  const server = await startServer(variant, args);
  const client = await startClient(server);
  try {
    const start = await server.rssMiB();
    const along: number[] = [];
    for (let i = 0; i < steps; i++) {
      await client.send({ op: "count", call, concurrency: 32, n: Math.round(total / steps) });
      along.push(await server.rssMiB());
    }
    console.error(
      `  RSS ${variant} ${args} ${call}: ${start.toFixed(0)} → ${along.map(Math.round)}`,
    );
    return { start, along };
  } finally {
    await client.stop();
    await server.stop();
  }
}

let samplesNote = "";

/** Measures the memory rows (each server alone, one after another: RSS is not a race). */
export async function run(settings: Settings): Promise<Row[]> {
  const { calls, jobs, samples } = settings;
  const callRuns = {
    tarp: await load("tarp", [], "add", calls, samples),
    quiet: await load("quiet", [], "add", calls, samples),
    bare: await load("bare", [], "add", calls, samples),
  };
  const jobRuns = {
    tarp: await load("tarp", ["--jobs=worker"], "job", jobs, samples),
    quiet: await load("quiet", ["--jobs=worker"], "job", jobs, samples),
    bare: await load("bare", [], "job", jobs, samples),
  };
  // One pair per TARP setup: its RSS beside bare's.
  const figures = (runs: Record<string, Samples>, pick: (s: Samples) => number): Pairs => ({
    tarp: [[pick(runs.tarp), pick(runs.bare)]],
    quiet: [[pick(runs.quiet), pick(runs.bare)]],
  });
  const list = (runs: Record<string, Samples>) =>
    Object.entries(runs).map(([k, s]) => `${k} ${s.along.map(formatNumber).join(", ")}`).join("; ");
  samplesNote = `RSS along the way (MiB, every ${formatNumber(calls / samples)} calls): ` +
    `${list(callRuns)}. Every ${formatNumber(jobs / samples)} jobs (worker mode): ${
      list(jobRuns)
    }.`;
  const last = (s: Samples) => s.along.at(-1)!;
  return [
    rowOf("server RSS at start", "MiB", figures(callRuns, (s) => s.start), false),
    rowOf(
      `server RSS after ${formatNumber(calls)} add(1, 2) calls`,
      "MiB",
      figures(callRuns, last),
      false,
    ),
    rowOf(
      `server RSS after ${formatNumber(jobs)} jobs, worker mode`,
      "MiB",
      figures(jobRuns, last),
      false,
    ),
  ];
}

/** The samples along the way, and what the memory ratios mean. */
export function notes(): string[] {
  return [
    "Memory rows: RSS of the server process, 32 callers through its own client; the ratio is " +
    "bare ÷ TARP (above 1: TARP uses less). The job baseline is the bare job queue above.",
    samplesNote,
  ];
}
