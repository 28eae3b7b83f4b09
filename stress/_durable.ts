// The durable job store's fault: kill -9 of a server that keeps its jobs in a SQLite file while it
// holds finished, running and queued jobs, then a new server on the same file. Finished results
// are still there, queued jobs run, a running job fails with ServerRestarted (or, registered with
// `retry: 1`, runs again), and the killed server's job processes do not outlive it (not even one
// busy in a loop that never yields).
import { client } from "../client.ts";
import { RemoteError } from "../errors.ts";
import { startTarget, type Target } from "./_proc.ts";
import { countStatuses, type StressRow } from "./_table.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Client = Awaited<ReturnType<typeof client>>;
interface Job {
  ID: string;
  status(): Promise<string>;
}

/** Jobs submitted to the first server, and the outcome each must have after the restart. */
interface Expected {
  id: string;
  /** The result, or the error type. */
  outcome: unknown;
}

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 10_000) {
  const end = performance.now() + ms;
  while (!await ok()) {
    if (performance.now() > end) throw new Error(`stress durable: ${what} within ${ms} ms`);
    await sleep(10);
  }
}

/** The pids whose parent is `pid` (a server's job processes). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(entry.name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    return !/^\S+ \S+ Z/.test(Deno.readTextFileSync(`/proc/${pid}/stat`).replace(/\(.*\)/, "x"));
  } catch {
    return false;
  }
};

// Fills the first server: `finished` jobs done, two running (one with retry), `queued` waiting.
async function fill(c: Client, finished: number, queued: number): Promise<Expected[]> {
  const expected: Expected[] = [];
  const done = await Promise.all(
    Array.from({ length: finished }, (_, i) => c.$call("quick", i) as Promise<Job>),
  );
  for (const [i, job] of done.entries()) {
    await until(`job ${i} finished`, async () => await job.status() === "completed");
    expected.push({ id: job.ID, outcome: i + 1 });
  }
  // A job that never yields: only its process's death stops it, even when its server is gone.
  const running = await c.$call("spin") as Job;
  const retried = await c.$call("nap_until", Date.now() + 3000, "again") as Job;
  for (const job of [running, retried]) {
    await until("both slots running", async () => await job.status() === "in_progress");
  }
  expected.push({ id: running.ID, outcome: "ServerRestarted" });
  expected.push({ id: retried.ID, outcome: "again" });
  for (let i = 0; i < queued; i++) {
    const job = await c.$call("quick", 1000 + i) as Job;
    if (await job.status() !== "queued") throw new Error("stress durable: a job did not queue");
    expected.push({ id: job.ID, outcome: 1001 + i });
  }
  return expected;
}

/** Kill -9 with a durable job store, then a restart on the same file: one row. */
export async function durableStoreKill(finished: number, queued: number): Promise<StressRow> {
  const dir = await Deno.makeTempDir({ prefix: "tarp-stress-durable-" });
  const options = { server: { jobStore: `${dir}/jobs.db`, poolSize: 2 } };
  const targets: Target[] = [];
  try {
    const first = await startTarget(options);
    targets.push(first);
    const expected = await fill(await client(first.url), finished, queued);
    const jobProcesses = childrenOf(first.pid);
    const rssBefore = first.rss();
    Deno.kill(first.pid, "SIGKILL");
    await until("the killed server gone", () => !first.alive());
    let orphans = jobProcesses;
    await until("its job processes gone", () => {
      orphans = jobProcesses.filter(alive);
      return orphans.length === 0;
    }, 3000).catch(() => {});

    const restarted = Date.now();
    const second = await startTarget(options);
    targets.push(second);
    const c = await client(second.url);
    const statuses: string[] = [];
    const outcomes = await Promise.all(expected.map(async ({ id }) => {
      try {
        const value = await c.$job(id).wait({ timeout: 20_000 });
        statuses.push("completed");
        return value;
      } catch (e) {
        const type = e instanceof RemoteError ? e.type : `error: ${e}`;
        statuses.push(type);
        return type;
      }
    }));
    const wrong = expected.filter((e, i) => outcomes[i] !== e.outcome);
    const lost = wrong.length + orphans.length;
    return {
      load: "kill -9 with a durable job store (SQLite), restart on the same file",
      count: expected.length,
      statuses: countStatuses(statuses),
      rssBefore,
      rssAfter: second.rss(),
      lost: String(lost),
      note:
        `${finished} finished, 2 running (a busy loop, and a nap with retry), ${queued} queued; all settled ` +
        `${((Date.now() - restarted) / 1000).toFixed(1)} s after the restart; ` +
        `${orphans.length} of ${jobProcesses.length} job processes outlived the kill` +
        (wrong.length
          ? `; wrong: ${JSON.stringify(wrong[0])} got ${outcomes[expected.indexOf(wrong[0])]}`
          : ""),
      target: "finished kept, queued run, running: ServerRestarted or retried; none lost",
      met: lost === 0,
    };
  } finally {
    for (const t of targets) {
      if (t.alive()) await t.stop();
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
