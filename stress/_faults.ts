// The faults: a huge bignum, the shared-reference DAG, spinning jobs cancelled, a job out of
// memory, jobs that throw or exit, 16 bodies of 60 MiB at once, a lock-queued call whose client
// gives up, long-polls whose clients go away, slow-header clients. Each makes one row.
import { client } from "../client.ts";
import { coresBusy, startTarget, type Target } from "./_proc.ts";
import { countClosed, slowHeaderClients } from "./_raw.ts";
import { countStatuses, percentile, type StressRow } from "./_table.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ARGS = [0xa1, 0x64, 0x61, 0x72, 0x67, 0x73, 0x81]; // {"args": [ …

async function post(
  url: string,
  body: Uint8Array<ArrayBuffer> | string,
  accept = "application/json",
) {
  const type = typeof body === "string" ? "application/json" : "application/cbor";
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": type, accept }, body });
  // A refusal of a large body closes the connection before its answer's end: the status counts.
  const bytes = await res.arrayBuffer().then((b) => b.byteLength, () => -1);
  const ms = performance.now() - started;
  return { status: bytes < 0 ? `${res.status} cut` : res.status, ms, bytes };
}

/** A 256 KiB bignum in an echo: refused, quickly. */
export async function bignum(t: Target): Promise<StressRow> {
  const body = new Uint8Array(ARGS.length + 5 + 256 * 1024);
  body.set([...ARGS, 0xc2, 0x5a, 0x00, 0x04, 0x00, 0x00]);
  const before = t.rss();
  const times: number[] = [];
  const statuses: (number | string)[] = [];
  for (let i = 0; i < 5; i++) {
    const { status, ms } = await post(`${t.url}/echo`, body.slice(0, body.length - 1));
    statuses.push(status);
    times.push(ms);
  }
  const worst = Math.max(...times);
  return {
    load: "256 KiB bignum (tag 2) to an echo",
    count: 5,
    statuses: countStatuses(statuses),
    p50: percentile(times, 50),
    p99: worst,
    rssBefore: before,
    rssAfter: t.rss(),
    lost: t.alive() ? "0" : "server died",
    target: "refused in < 50 ms",
    met: worst < 50 && statuses.every((s) => s === 400),
    metButTime: statuses.every((s) => s === 400),
  };
}

/** The depth-40 shared-reference DAG echoed as JSON (and as CBOR). */
export async function dag(t: Target): Promise<StressRow> {
  const out: number[] = [...ARGS];
  for (let i = 0; i < 40; i++) out.push(0xd8, 0x1c, 0x82);
  out.push(0xd8, 0x1c, 0x80);
  for (let i = 40; i >= 1; i--) out.push(0xd8, 0x1d, 0x18, i);
  const body = new Uint8Array(out);
  const before = t.rss();
  const json = await post(`${t.url}/echo`, body);
  const cbor = await post(`${t.url}/echo`, body, "application/cbor");
  const after = t.rss();
  return {
    load: `depth-40 DAG (${body.length} bytes) echoed`,
    count: 2,
    statuses: `JSON ${json.status}, CBOR ${cbor.status} (${cbor.bytes} bytes)`,
    p50: json.ms,
    p99: Math.max(json.ms, cbor.ms),
    rssBefore: before,
    rssAfter: after,
    lost: t.alive() ? "0" : "server died",
    target: "answered or refused in < 1 s, RSS < 300 MiB",
    met: json.ms < 1000 && cbor.ms < 1000 && after < 300 && Number(json.status) < 500,
    metButTime: after < 300 && Number(json.status) < 500 && cbor.status === 200,
  };
}

/** Spinning jobs on every slot, cancelled: CPU back to idle within 1 s. */
export async function spinCancel(t: Target, slots: number, mode = "process"): Promise<StressRow> {
  const c = await client(t.url);
  const jobs = await Promise.all(Array.from({ length: slots }, () => c.$call("spin"))) as {
    ID: string;
    status(): Promise<string>;
    cancel(): Promise<unknown>;
  }[];
  for (const job of jobs) while (await job.status() !== "in_progress") await sleep(20);
  await sleep(500);
  const spinning = await coresBusy(t, 500);
  await Promise.all(jobs.map((job) => job.cancel()));
  await sleep(1000);
  const after = await coresBusy(t, 1000);
  const statuses = await Promise.all(jobs.map((job) => job.status()));
  const idle = after < 0.1;
  return {
    load: `${slots} spinning jobs cancelled (${mode} mode)`,
    count: slots,
    statuses: countStatuses(statuses),
    lost: t.alive() ? "0" : "server died",
    note: `cores busy: ${spinning.toFixed(2)} before, ${after.toFixed(2)} 1 s after cancel`,
    target: mode === "process" ? "CPU idle within 1 s" : "(shown for comparison: Deno bug)",
    met: mode === "process" ? idle : true,
  };
}

/** A job that runs out of memory beside one that naps: only the first fails. */
export async function outOfMemory(t: Target): Promise<StressRow> {
  const c = await client(t.url);
  type Job = { wait(): Promise<unknown>; status(): Promise<string> };
  const napping = await c.$call("nap", 4000, "alive") as Job;
  const hog = await c.$call("hog") as Job;
  const error = await hog.wait().catch((e) => e) as { type?: string; message?: string };
  const other = await napping.wait().catch((e) => String(e));
  const health = await fetch(`${t.url}/health`).then((r) => r.status, () => 0);
  return {
    load: "a job that runs out of memory, beside a napping job",
    count: 2,
    statuses: `hog: ${error.type}, other: ${other}, /health ${health}`,
    lost: t.alive() ? "0" : "server died",
    note: error.message?.slice(0, 80),
    target: "WorkerCrashed; server and other job alive",
    met: error.type === "WorkerCrashed" && other === "alive" && health === 200 && t.alive(),
  };
}

/** Jobs that throw and exit. */
export async function throwAndExit(t: Target): Promise<StressRow> {
  const c = await client(t.url);
  const types: string[] = [];
  for (const name of ["thrower", "exiter", "thrower", "exiter"]) {
    const job = await c.$call(name) as { wait(): Promise<unknown> };
    types.push(await job.wait().then(() => "completed", (e) => e.type));
  }
  const ok = await (await c.$call("quick", 1) as { wait(): Promise<unknown> }).wait();
  return {
    load: "jobs that throw, jobs that Deno.exit()",
    count: 4,
    statuses: countStatuses(types),
    lost: t.alive() ? "0" : "server died",
    target: "each fails; the next job runs",
    met: types.join() === "TypeError,WorkerExited,TypeError,WorkerExited" && ok === 2,
  };
}

/** 16 concurrent 60 MiB bodies: the in-flight budget keeps memory bounded. */
export async function bigBodies(t: Target, count: number, budgetMiB: number): Promise<StressRow> {
  const payload = new Uint8Array(60 * 1024 * 1024);
  const body = new Uint8Array(ARGS.length + 5 + payload.length);
  body.set([...ARGS, 0x5a, 0x03, 0xc0, 0x00, 0x00]);
  const before = t.rss();
  let peak = before;
  const sampling = setInterval(() => peak = Math.max(peak, t.rss()), 20);
  const answers = await Promise.all(
    Array.from(
      { length: count },
      () => post(`${t.url}/size`, body).catch(() => ({ status: 0, ms: 0, bytes: 0 })),
    ),
  );
  clearInterval(sampling);
  const limit = 100 + 1.5 * budgetMiB;
  return {
    load: `${count} concurrent 60 MiB bodies`,
    count,
    statuses: countStatuses(answers.map((a) => a.status)),
    p50: percentile(answers.map((a) => a.ms), 50),
    p99: percentile(answers.map((a) => a.ms), 99),
    rssBefore: before,
    rssAfter: peak,
    note: "after = peak while they were read",
    lost: answers.some((a) => a.status === 0) ? "connection errors" : "0",
    target: `peak RSS < ${limit} MiB (100 + 1.5 × maxBodyBytesInFlight)`,
    met: peak < limit && answers.every((a) => [200, 503, "503 cut"].includes(a.status)),
  };
}

/** A stage move queued behind a held lock, whose client aborts: it must never run. */
export async function abortedLockCall(t: Target): Promise<StressRow> {
  const call = (name: string, args: unknown[], signal?: AbortSignal) =>
    fetch(`${t.url}/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args }),
      signal,
    }).then((r) => r.json());
  const holding = call("stage_hold", [1500]);
  await sleep(50);
  const aborts = Array.from({ length: 10 }, () => new AbortController());
  const queued = aborts.map((a) => call("stage_move", [5], a.signal).catch(() => "aborted"));
  await sleep(100);
  for (const a of aborts) a.abort();
  await Promise.all(queued);
  await holding;
  await sleep(300);
  const moves = (await call("stage_moves", [])).result as number[];
  return {
    load: "stage_move(5) ×10 queued behind a held lock, clients abort after 100 ms",
    count: 10,
    statuses: `moves run: ${moves.length}`,
    lost: t.alive() ? "0" : "server died",
    target: "an aborted lock-queued call never runs",
    met: moves.length === 0,
  };
}

/** Long-polls dropped by their clients: their slots are freed at once. */
export async function droppedLongPolls(t: Target, count: number): Promise<StressRow> {
  const c = await client(t.url);
  const job = await c.$call("nap", 5000) as { ID: string };
  const gone = new AbortController();
  const polls = Array.from(
    { length: count },
    () =>
      fetch(`${t.url}/asyncGet?UUID=${job.ID}&wait=30`, { signal: gone.signal }).catch(() =>
        "dropped"
      ),
  );
  await sleep(300);
  gone.abort();
  await Promise.all(polls);
  await sleep(50);
  const started = performance.now();
  const held = await fetch(`${t.url}/asyncGet?UUID=${job.ID}&wait=0.5`);
  await held.arrayBuffer();
  const heldMs = performance.now() - started;
  return {
    load: `${count} long-polls dropped by their clients after 300 ms`,
    count,
    statuses: `next long-poll held ${Math.round(heldMs)} ms`,
    lost: t.alive() ? "0" : "server died",
    target: "slots freed at once (maxLongPolls = this count)",
    met: heldMs >= 450,
  };
}

/** Clients that never finish their headers, while others call. */
export async function slowHeaders(t: Target, count: number): Promise<StressRow> {
  const conns = await slowHeaderClients(t.port, count);
  const c = await client(t.url);
  const times: number[] = [];
  const statuses: (number | string)[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    statuses.push(await c.$call("add", i, 1).then(() => 200, () => "error"));
    times.push(performance.now() - started);
  }
  const closed = await countClosed(conns, 1000);
  return {
    load: `${count} slow-header clients held open, 200 calls meanwhile`,
    count: 200,
    statuses: countStatuses(statuses),
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    note: `${closed} of ${count} closed by the server: Deno.serve has no header timeout`,
    lost: t.alive() ? "0" : "server died",
    target: "other clients served",
    met: statuses.every((s) => s === 200),
  };
}

export { startTarget };
