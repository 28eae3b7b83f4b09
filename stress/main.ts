// `deno task stress`: attacks TARP servers, each in a process of its own, and prints one table:
// the malformed-input fuzz, the faults, 256 concurrent clients, and a soak of calls and jobs.
// `--short` runs the bounded version `deno task test` runs (tests/stress_test.ts).
// Exits 1 when a row misses its target. Linux only (it reads /proc).
import { fuzz } from "./_fuzz.ts";
import * as faults from "./_faults.ts";
import { durableStoreKill } from "./_durable.ts";
import { concurrentClients, flat, soakCalls, soakJobs } from "./_load.ts";
import { startTarget, type Target } from "./_proc.ts";
import { countStatuses, percentile, printTable, type StressRow } from "./_table.ts";

/** How much of everything a run does. */
export interface Scale {
  fuzz: number;
  clients: number;
  seconds: number;
  calls: number;
  jobs: number;
  bodies: number;
  slowClients: number;
  /** Finished jobs, and queued jobs, when the server with a durable store is killed. */
  durableJobs: number;
  /** Calls and jobs before the soak's measures (V8 sizes its heap first). */
  warmup: number;
  /** Whether the soak's RSS must stay flat: too short a soak only shows the warm-up. */
  checkFlat: boolean;
}

/** The full run (the numbers) and the short one. */
export const SCALES: Record<"full" | "short", Scale> = {
  full: {
    fuzz: 6000,
    clients: 256,
    seconds: 30,
    calls: 100_000,
    jobs: 10_000,
    bodies: 16,
    slowClients: 1000,
    durableJobs: 100,
    warmup: 20_000,
    checkFlat: true,
  },
  short: {
    fuzz: 1500,
    clients: 64,
    seconds: 3,
    calls: 5000,
    jobs: 500,
    bodies: 6,
    slowClients: 100,
    durableJobs: 10,
    warmup: 2000,
    checkFlat: false,
  },
};

const BUDGET_MIB = 256; // the default maxBodyBytesInFlight

async function withTarget(
  options: Record<string, unknown>,
  run: (t: Target) => Promise<StressRow[]>,
) {
  const target = await startTarget(options);
  try {
    const rows = await run(target);
    if (!target.alive()) { for (const row of rows) [row.lost, row.met] = ["server died", false]; }
    return rows;
  } finally {
    await target.stop();
  }
}

/** Runs every load at `scale`; answers the table's rows. */
export async function runStress(scale: Scale, log = (_: string) => {}): Promise<StressRow[]> {
  const rows: StressRow[] = [];
  log("fuzz");
  rows.push(
    ...await withTarget({}, async (t) => {
      const before = t.rss();
      const outcomes = await fuzz(t.url, scale.fuzz);
      const violations = outcomes.filter((o) => o.violation);
      for (const v of violations.slice(0, 5)) log(`  violation: ${v.violation}`);
      const ms = outcomes.map((o) => o.ms);
      return [{
        load: "malformed-input fuzz over every route (incl. random CBOR, HTTP-level)",
        count: outcomes.length,
        statuses: countStatuses(outcomes.map((o) => o.status)),
        p50: percentile(ms, 50),
        p99: percentile(ms, 99),
        rssBefore: before,
        rssAfter: t.rss(),
        lost: String(violations.length),
        target: "no 5xx but declared; every refusal an envelope",
        met: violations.length === 0,
      }];
    }),
  );
  log("faults");
  const faultServer = { server: { poolSize: 2, maxJobHeapBytes: 256 * 2 ** 20 } };
  rows.push(
    ...await withTarget(faultServer, async (t) => [
      await faults.bignum(t),
      await faults.dag(t),
      await faults.spinCancel(t, 2),
      await faults.outOfMemory(t),
      await faults.throwAndExit(t),
      await faults.abortedLockCall(t),
      await faults.slowHeaders(t, scale.slowClients),
    ]),
  );
  rows.push(
    ...await withTarget({ server: { jobs: "worker", poolSize: 2 } }, async (t) => [
      await faults.spinCancel(t, 2, "worker"),
    ]),
  );
  rows.push(
    ...await withTarget({ server: { maxLongPolls: 50 } }, async (t) => [
      await faults.droppedLongPolls(t, 50),
    ]),
  );
  rows.push(
    ...await withTarget({}, async (t) => [await faults.bigBodies(t, scale.bodies, BUDGET_MIB)]),
  );
  log("kill -9 with a durable job store");
  rows.push(await durableStoreKill(scale.durableJobs, scale.durableJobs));
  log("concurrent clients");
  rows.push(
    ...await withTarget({}, async (t) => {
      const before = t.rss();
      const r = await concurrentClients(t.url, scale.clients, scale.seconds);
      for (const e of r.errors.slice(0, 3)) log(`  error: ${e}`);
      return [{
        load: `${scale.clients} concurrent clients for ${scale.seconds} s`,
        count: r.statuses.length,
        statuses: countStatuses(r.statuses),
        p50: percentile(r.latencies, 50),
        p99: percentile(r.latencies, 99),
        rssBefore: before,
        rssAfter: t.rss(),
        lost: String(r.errors.length),
        target: "zero errors",
        met: r.errors.length === 0,
        note: `${Math.round(r.statuses.length / scale.seconds).toLocaleString("en")} calls/s`,
      }];
    }),
  );
  log("soak");
  rows.push(
    // Finished jobs are kept for `retention` on purpose (10 minutes by default, bounded by
    // maxResultBytes): a soak that keeps them all measures the retention, not a leak. Kept 1 s here.
    ...await withTarget({ server: { retention: 1 } }, async (t) => {
      // Warm up first: V8 sizes its heap over the first thousands of calls and jobs (a bare
      // Deno.serve server does too): growth to a plateau, not a leak.
      await soakCalls(t, scale.warmup, Infinity);
      await soakJobs(t, scale.warmup / 2, Infinity);
      const before = t.rss();
      const calls = await soakCalls(t, scale.calls, scale.calls / 10);
      const jobs = await soakJobs(t, scale.jobs, scale.jobs / 10);
      const samples = (s: number[]) => s.map((x) => Math.round(x)).join(", ");
      const flatTarget = scale.checkFlat
        ? "RSS grows < 10 % (medians)"
        : "zero errors (RSS: full run)";
      return [
        {
          load: `soak: ${scale.calls.toLocaleString("en")} calls`,
          count: calls.statuses.length,
          statuses: countStatuses(calls.statuses),
          p50: percentile(calls.latencies, 50),
          p99: percentile(calls.latencies, 99),
          rssBefore: before,
          rssAfter: t.rss(),
          lost: String(calls.errors.length),
          note: `RSS every 10 %: ${samples(calls.samples)}`,
          target: flatTarget,
          met: (!scale.checkFlat || flat(calls.samples, 0.1)) && calls.errors.length === 0,
        },
        {
          load: `soak: ${scale.jobs.toLocaleString("en")} jobs`,
          count: jobs.statuses.length,
          statuses: countStatuses(jobs.statuses),
          p50: percentile(jobs.latencies, 50),
          p99: percentile(jobs.latencies, 99),
          rssAfter: t.rss(),
          rssBefore: calls.samples.at(-1),
          lost: String(jobs.errors.length),
          note: `RSS every 10 %: ${samples(jobs.samples)}`,
          target: flatTarget,
          met: (!scale.checkFlat || flat(jobs.samples, 0.1)) && jobs.errors.length === 0,
        },
      ];
    }),
  );
  return rows;
}

if (import.meta.main) {
  const scale = Deno.args.includes("--short") ? SCALES.short : SCALES.full;
  const started = performance.now();
  const rows = await runStress(scale, (line) => console.error(`stress: ${line}`));
  printTable(rows);
  console.log(
    `\n${rows.filter((r) => r.met).length} of ${rows.length} rows met their target ` +
      `(${Math.round((performance.now() - started) / 1000)} s).`,
  );
  Deno.exit(rows.every((r) => r.met) ? 0 : 1);
}
