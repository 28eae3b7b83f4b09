// The durable job store in one process: a server closed and made again on the same file finds its
// jobs as the issue says (values intact, retention, queued jobs run, interrupted jobs fail with
// ServerRestarted or run again with `retry`), and the file belongs to one server at a time.
import assert from "node:assert/strict";
import { makeServer } from "../../server.ts";
import { jobSignal, progress } from "../../jobs/mod.ts";
import { SqliteJobStore } from "../../jobs/_sqlite_store.ts";
import { bullmq } from "../../jobs/bullmq.ts";

const LONG = 60_000;

/** A fresh store file in a temp folder, removed at the end of the test. */
async function tempStore(): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "tarp-store-" });
  return {
    path: `${dir}/jobs.db`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

// A job that runs until its server closes: what "running when the server died" looks like here.
async function forever(): Promise<never> {
  progress(0.25, "a quarter");
  await new Promise((_, reject) => jobSignal().addEventListener("abort", reject));
  throw new Error("unreachable");
}

let runs = 0;
function counted(x: number): number {
  runs++;
  return x * 2;
}

/** An inline server on `path` with the endpoints of these tests. */
function server(path: string, options: { retry?: number; retention?: number } = {}) {
  return makeServer({ jobs: "inline", jobStore: path, retention: options.retention })
    .addAsyncRPCEndpoint("echo", <T>(x: T) => x)
    .addAsyncRPCEndpoint("forever", forever, { retry: options.retry })
    .addAsyncRPCEndpoint("counted", counted);
}

Deno.test("durable store: a finished job's Map, typed array, Date and BigInt come back after a restart", async () => {
  await using store = await tempStore();
  const value = {
    map: new Map<unknown, unknown>([[1, "one"], ["k", new Set([2])]]),
    floats: new Float64Array([1.5, -0, NaN]),
    when: new Date(1_700_000_000_123),
    big: 2n ** 70n,
    bytes: new Uint8Array([0, 255]),
  };
  const first = server(store.path);
  const job = await first.jobs.submit("echo", [value]);
  assert.deepEqual((await first.jobs.wait(job.id, LONG))?.result, value);
  await first.close();

  const second = server(store.path);
  const again = await second.jobs.get(job.id);
  assert.equal(again?.status, "completed");
  assert.deepEqual(again?.result, value);
  assert.ok(again.result && Object.is((again.result as typeof value).floats[1], -0));
  assert.equal(again.endpoint, "echo");
  assert.ok(again.createdAt <= again.startedAt! && again.startedAt! <= again.endedAt!);
  await second.close();
});

Deno.test("durable store: a finished job is kept for retention, then gone, restart or not", async () => {
  await using store = await tempStore();
  const first = server(store.path, { retention: 0.3 });
  const job = await first.jobs.submit("echo", ["kept"]);
  await first.jobs.wait(job.id, LONG);
  await first.close();
  const second = server(store.path, { retention: 0.3 });
  assert.equal((await second.jobs.get(job.id))?.result, "kept");
  await new Promise((r) => setTimeout(r, 350));
  assert.equal(await second.jobs.get(job.id), undefined);
  assert.equal((second.jobs as unknown as { size: number }).size, 0);
  await second.close();
});

Deno.test("durable store: after a restart queued jobs run, running ones fail with ServerRestarted", async () => {
  await using store = await tempStore();
  const first = server(store.path);
  const running = await first.jobs.submit("forever", []);
  await until(first, running.id, "in_progress");
  await new Promise((r) => setTimeout(r, 150)); // the throttled progress write
  await first.close(); // a graceful stop: unfinished jobs stay in the file as they are
  // A queued job: written as a previous process would leave it (submitted, never started).
  const queued = new SqliteJobStore(store.path, 600_000);
  const q = queued.create("counted", 5, [21]);
  queued.close();

  runs = 0;
  const second = server(store.path);
  assert.equal((await second.jobs.wait(q.id, LONG))?.result, 42);
  assert.equal(runs, 1);
  const failed = await second.jobs.get(running.id);
  assert.equal(failed?.status, "failed");
  assert.equal(failed?.error?.type, "ServerRestarted");
  assert.match(failed.error.message, /stopped .* while job .* ran.*\{ retry: n \}/);
  assert.equal(failed.progress, 0.25, "its last progress is kept");
  assert.equal(failed.message, "a quarter");
  await second.close();
});

Deno.test("durable store: with retry: 1 an interrupted job runs again once, then fails", async () => {
  await using store = await tempStore();
  let s = server(store.path, { retry: 1 });
  const job = await s.jobs.submit("forever", []);
  await until(s, job.id, "in_progress");
  await s.close();

  s = server(store.path, { retry: 1 });
  const rerun = await until(s, job.id, "in_progress");
  assert.equal(rerun.progress, 0.25, "it runs again");
  await s.close();

  s = server(store.path, { retry: 1 });
  assert.equal((await s.jobs.get(job.id))?.error?.type, "ServerRestarted");
  await s.close();
});

Deno.test("durable store: a cancelled job stays cancelled after a restart", async () => {
  await using store = await tempStore();
  const first = server(store.path);
  const job = await first.jobs.submit("forever", []);
  assert.equal((await first.jobs.cancel(job.id))?.status, "cancelled");
  await first.close();
  const second = server(store.path);
  assert.equal((await second.jobs.get(job.id))?.status, "cancelled");
  await second.close();
});

Deno.test("durable store: jobs of an endpoint the restarted server lacks fail, naming it", async () => {
  await using store = await tempStore();
  const first = server(store.path);
  const job = await first.jobs.submit("forever", []);
  await first.close();
  const second = makeServer({ jobs: "inline", jobStore: store.path })
    .addAsyncRPCEndpoint("echo", (x: unknown) => x);
  const info = await second.jobs.get(job.id);
  assert.equal(info?.status, "failed");
  assert.equal(info?.error?.type, "ServerRestarted");
  assert.match(info.error.message, /without an async endpoint named "forever"/);
  await second.close();
});

Deno.test("durable store: a second server on the same file is refused, saying why", async () => {
  await using store = await tempStore();
  const first = server(store.path);
  assert.throws(() => server(store.path), /in use by another process .* its own file/);
  await first.close();
  await server(store.path).close(); // free again once the first has closed it
});

Deno.test("durable store: a bad path or a JobBackend beside it is refused with the fix", () => {
  assert.throws(
    () => makeServer({ jobStore: "/no/such/folder/jobs.db" }),
    /Cannot open the job store "\/no\/such\/folder\/jobs.db".*folder that exists/,
  );
  assert.throws(() => makeServer({ jobStore: "" }), /path of a SQLite file/);
  const jobs = bullmq({ connection: "redis://127.0.0.1:1" });
  assert.throws(() => makeServer({ jobs, jobStore: "jobs.db" }), /one or the other/);
});

/** Resolves once the job is running and has reported progress, as the engine tells watchers. */
function until(s: ReturnType<typeof server>, id: string, status: string) {
  return new Promise<{ progress?: number }>((resolve) => {
    const stop = s.jobs.watch(id, (info) => {
      if (info.status !== status || info.progress === undefined) return;
      stop?.();
      resolve(info);
    });
  });
}
