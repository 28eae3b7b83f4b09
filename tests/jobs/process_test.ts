// Process mode (the default): each job runs in a child process of a pool, which cancel and
// timeout kill, and whose death (out of memory, a crash, an exit) fails only its own job.
import assert from "node:assert/strict";
import { makeServer } from "../../server.ts";
import { CancelledError, RemoteError } from "../../errors.ts";
import { local } from "../_serve.ts";
import { probeUntil } from "../_jobs.ts";
import * as fns from "../fixtures/jobs_fns.ts";

const { FNS } = fns;

function processServer(options: { poolSize?: number; maxJobHeapBytes?: number } = {}) {
  return makeServer({ poolSize: 1, ...options })
    .addAsyncRPCEndpoint("pid", fns.pid, { module: FNS })
    .addAsyncRPCEndpoint("add", fns.add, { module: FNS })
    .addAsyncRPCEndpoint("bump", fns.bump, { module: FNS })
    .addAsyncRPCEndpoint("echo", fns.echo, { module: FNS })
    .addAsyncRPCEndpoint("echo_function", fns.echoFunction, { module: FNS })
    .addAsyncRPCEndpoint("spin", fns.reportPidAndSpin, { module: FNS })
    .addAsyncRPCEndpoint("spin_limited", fns.reportPidAndSpin, { module: FNS, timeout: 0.5 })
    .addAsyncRPCEndpoint("wait_for_file", fns.waitForFile, { module: FNS })
    .addAsyncRPCEndpoint("exit_self", fns.exitSelf, { module: FNS })
    .addAsyncRPCEndpoint("crash", fns.crash, { module: FNS })
    .addAsyncRPCEndpoint("reject_later", fns.rejectLater, { module: FNS })
    .addAsyncRPCEndpoint("exhaust_memory", fns.exhaustMemory, { module: FNS })
    .addAsyncRPCEndpoint("chatty", fns.chatty, { module: FNS })
    .addAsyncRPCEndpoint("fail", fns.fail, { module: FNS });
}

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
}

Deno.test("a job runs in its own process; values cross exactly as CBOR; a warm process keeps its state", async () => {
  await using h = local(processServer());
  const c = await h.client();
  const pid = await (await c.pid()).wait();
  assert.notEqual(pid, Deno.pid);
  const value = new Map<unknown, unknown>([[1n, new Date(5)], ["f", new Float16Array([1.5])]]);
  value.set("self", value);
  const back = await (await c.echo(value)).wait() as Map<unknown, unknown>;
  assert.deepStrictEqual(back, structuredClone(value));
  assert.equal(back.get("self"), back);
  assert.equal(await (await c.bump()).wait(), 1);
  assert.equal(await (await c.bump()).wait(), 2, "the warm process kept its counter");
  assert.equal(await (await c.pid()).wait(), pid, "and served every job");
  await assert.rejects((await c.fail("no")).wait(), { type: "RangeError", message: /: no$/ });
  await assert.rejects((await c.echo_function()).wait(), { type: "DataCloneError" });
  assert.equal(await (await c.chatty()).wait(), "still fine", "stdout output is not a message");
});

Deno.test("progress crosses from the process; a job waiting in the queue starts when a slot frees", async () => {
  await using h = local(processServer());
  const c = await h.client();
  const gate = await Deno.makeTempFile();
  await Deno.remove(gate);
  const first = await c.wait_for_file(gate);
  await probeUntil(h, first.ID, (p) => p.progress === 0.5 && p.message === "half way");
  const queued = await c.add(1, 2);
  assert.equal(await queued.status(), "queued");
  await Deno.writeTextFile(gate, "open");
  assert.equal(await first.wait(), "done");
  assert.equal(await queued.wait(), 3);
  await Deno.remove(gate);
});

Deno.test("cancelling a spinning job kills its process at once; the slot serves the next job", async () => {
  await using h = local(processServer());
  const c = await h.client();
  const job = await c.spin();
  const pid = Number((await probeUntil(h, job.ID, (p) => p.message !== undefined)).message);
  assert.ok(alive(pid));
  assert.equal((await job.cancel()).status, "cancelled");
  await until(() => !alive(pid), "the job's process is gone");
  await assert.rejects(job.wait(), CancelledError);
  assert.equal(await (await c.add(2, 3)).wait(), 5);
});

Deno.test("a job's first report goes out at once, even right after another job's end", async () => {
  await using h = local(processServer());
  const c = await h.client();
  assert.equal(await (await c.add(1, 1)).wait(), 2); // its end was reported a moment ago
  const job = await c.spin(); // reports, then never yields: a report held back would never go
  const pid = Number((await probeUntil(h, job.ID, (p) => p.message !== undefined)).message);
  assert.ok(alive(pid));
  await job.cancel();
});

Deno.test("a timeout kills the job's process and fails the job with TimeoutError", async () => {
  await using h = local(processServer());
  const c = await h.client();
  const job = await c.spin_limited();
  const pid = Number((await probeUntil(h, job.ID, (p) => p.message !== undefined)).message);
  const err = await job.wait().catch((e) => e);
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "TimeoutError");
  assert.match(err.message, /timeout of 0.5 s; its process was killed/);
  await until(() => !alive(pid), "the job's process is gone");
  assert.equal(await (await c.add(2, 2)).wait(), 4);
});

Deno.test("a job that runs out of memory fails with WorkerCrashed; other jobs and the server live", async () => {
  await using h = local(processServer({ poolSize: 2, maxJobHeapBytes: 48 * 2 ** 20 }));
  const c = await h.client();
  const gate = await Deno.makeTempFile();
  await Deno.remove(gate);
  const other = await c.wait_for_file(gate);
  const hungry = await c.exhaust_memory();
  const err = await hungry.wait().catch((e) => e);
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "WorkerCrashed");
  assert.match(err.message, /ran out of memory .*maxJobHeapBytes/);
  await Deno.writeTextFile(gate, "open");
  assert.equal(await other.wait(), "done", "the job in the other process was untouched");
  assert.equal(await (await c.add(1, 1)).wait(), 2, "the crashed process was replaced");
  await Deno.remove(gate);
});

Deno.test("a process that exits or crashes mid-job fails that job; the next job runs", async () => {
  await using h = local(processServer());
  const c = await h.client();
  const cases = [
    [c.exit_self, "WorkerExited", /exited \(Deno\.exit\(7\)\)/],
    [c.crash, "WorkerCrashed", /crashed: .*boom from a timer/],
    [c.reject_later, "WorkerCrashed", /crashed: Uncaught \(in promise\) Error: rejected later/],
  ] as const;
  for (const [start, type, message] of cases) {
    const err = await (await start()).wait().catch((e) => e);
    assert.ok(err instanceof RemoteError, String(err));
    assert.equal(err.type, type);
    assert.match(err.message, message);
    assert.equal(await (await c.add(1, 1)).wait(), 2);
  }
});

Deno.test("closing the server kills its job processes", async () => {
  const server = processServer();
  const c = await local(server).client();
  const job = await c.spin();
  const pid = Number(
    (await probeUntil(local(server), job.ID, (p) => p.message !== undefined)).message,
  );
  await server.close();
  assert.equal(alive(pid), false);
});

Deno.test("without --allow-run a job fails with RunnerUnavailable, naming the two fixes", async () => {
  const fixture = new URL("../fixtures/no_run_jobs.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", fixture],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const error = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(error.type, "RunnerUnavailable");
  assert.match(error.message, /needs --allow-run \(or -A\).*jobs: "worker"/);
});
