// Worker mode: jobs run in a pool of real Web Workers.
import assert from "node:assert/strict";
import { makeServer } from "../../server.ts";
import { CancelledError, RemoteError } from "../../errors.ts";
import { local, serve } from "../_serve.ts";
import { getJson, probeUntil, statusIs, submit } from "../_jobs.ts";
import {
  add,
  bump,
  closeSelf,
  cpu,
  crash,
  exitSelf,
  FNS,
  INSTANCE,
  openGate,
  peek,
  rejectLater,
  spinFor,
  stepper,
} from "../fixtures/jobs_fns.ts";

function workerServer(poolSize: number) {
  return makeServer({ jobs: "worker", poolSize })
    .addAsyncRPCEndpoint("add", add, { module: FNS })
    .addAsyncRPCEndpoint("bump", bump, { module: FNS })
    .addAsyncRPCEndpoint("cpu", cpu, { module: FNS })
    .addAsyncRPCEndpoint("spin", spinFor, { module: FNS })
    .addAsyncRPCEndpoint("spin_limited", spinFor, { module: FNS, timeout: 0.2 })
    .addAsyncRPCEndpoint("stepper", stepper, { module: FNS })
    .addAsyncRPCEndpoint("close_self", closeSelf, { module: FNS })
    .addAsyncRPCEndpoint("exit_self", exitSelf, { module: FNS })
    .addAsyncRPCEndpoint("crash", crash, { module: FNS })
    .addAsyncRPCEndpoint("reject_later", rejectLater, { module: FNS });
}

Deno.test("two CPU-bound jobs on a 2-worker pool run at the same time", async () => {
  await using h = local(workerServer(2));
  const c = await h.client();
  // Warm both workers (two jobs at once need two workers).
  await Promise.all([await c.cpu(1), await c.cpu(1)].map((j) => j.wait()));
  const [a, b] = await Promise.all([c.cpu(2e7), c.cpu(2e7)]);
  const [ra, rb] = await Promise.all([a.wait(), b.wait()]);
  assert.notEqual(ra.instance, rb.instance, "the jobs ran in different workers");
  assert.notEqual(ra.instance, INSTANCE, "not on the server's isolate");
  // Each interval starts before the other ends: they overlap, so the work was parallel.
  assert.ok(ra.start < rb.end && rb.start < ra.end, JSON.stringify({ ra, rb }));
});

Deno.test("worker jobs do not share the server's module state", async () => {
  await using h = local(workerServer(1));
  const c = await h.client();
  const before = peek();
  const counted = await (await c.bump()).wait();
  assert.equal(counted, 1, "the worker's own counter");
  assert.equal(peek(), before, "the server's counter is untouched");
  assert.equal(await (await c.bump()).wait(), 2, "the warm worker kept its state between jobs");
});

Deno.test("progress is seen by probe() and by wait({ onProgress })", async () => {
  await using h = local(workerServer(1));
  const c = await h.client();
  const job = await c.stepper("worker-progress-1");
  await probeUntil(h, job.ID, (p) => p.progress !== undefined);
  assert.deepEqual(await job.probe(), {
    status: "in_progress",
    suggested_wait: 5,
    progress: 0.5,
    message: "half way",
  });
  openGate("worker-progress-1");
  assert.equal(await job.wait(), "done");

  const second = await c.stepper("worker-progress-2");
  const seen: unknown[] = [];
  const result = await second.wait({
    progressInterval: 10,
    onProgress: (p) => {
      seen.push(p);
      if (p.progress === 0.5) openGate("worker-progress-2");
    },
  });
  assert.equal(result, "done");
  assert.deepEqual(seen.find((p) => (p as { progress?: number }).progress === 0.5), {
    status: "in_progress",
    suggested_wait: 5,
    progress: 0.5,
    message: "half way",
  });
});

Deno.test("a cancelled busy loop keeps its worker's slot until its thread really ends", async () => {
  // Deno 2.9 cannot stop a worker busy in a loop: a new job must not count that slot as free.
  await using h = local(workerServer(1));
  const c = await h.client();
  await (await c.add(0, 0)).wait(); // a warm worker: the loop starts at once
  const job = await c.spin(1500);
  await new Promise((r) => setTimeout(r, 200)); // now it spins
  assert.equal((await job.cancel()).status, "cancelled");
  assert.equal(await job.status(), "cancelled");
  await assert.rejects(job.wait(), CancelledError);
  const next = await c.add(1, 2);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await next.status(), "queued", "the spinning thread still holds the only slot");
  assert.equal(await next.wait(), 3); // runs once the loop has run out and its thread ended
});

Deno.test("jobs beyond the pool's size are queued; a cancelled queued job never runs", async () => {
  await using h = local(workerServer(1));
  const c = await h.client();
  const first = await c.stepper("worker-queue");
  await probeUntil(h, first.ID, (p) => p.progress !== undefined);
  const queued = await c.bump();
  assert.equal(await queued.status(), "queued");
  assert.equal((await queued.cancel()).status, "cancelled");
  openGate("worker-queue");
  assert.equal(await first.wait(), "done");
  // The dropped bump never ran in the (single, warm) worker: this one is its first.
  assert.equal(await (await c.bump()).wait(), 1);
});

Deno.test("a job that runs past its timeout fails with TimeoutError and its worker is replaced", async () => {
  await using h = local(workerServer(1));
  const c = await h.client();
  const job = await c.spin_limited(800);
  const err = await job.wait().catch((e) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "TimeoutError");
  assert.match(err.message, /longer than its timeout of 0.2 s; its worker was stopped/);
  assert.equal(await (await c.add(2, 2)).wait(), 4);
});

Deno.test("a worker that closes itself, exits or crashes mid-job fails the job; the next runs", async () => {
  await using h = local(workerServer(1));
  const c = await h.client();
  const cases = [
    [c.close_self, "WorkerExited", /exited \(self\.close\(\)\)/],
    [c.exit_self, "WorkerExited", /exited \(Deno\.exit\(7\)\)/],
    [c.crash, "WorkerCrashed", /crashed: .*boom from a timer/],
    [c.reject_later, "WorkerCrashed", /crashed: Uncaught \(in promise\) Error: rejected later/],
  ] as const;
  for (const [start, type, message] of cases) {
    const job = await start();
    const err = await job.wait().catch((e) => e);
    assert.ok(err instanceof RemoteError, String(err));
    assert.equal(err.type, type);
    assert.match(err.message, message);
    assert.equal(await job.status(), "failed");
    assert.equal(await (await c.add(1, 1)).wait(), 2);
  }
});

Deno.test("a function the worker cannot find fails its job with the fix", async () => {
  const server = makeServer({ poolSize: 1 })
    .addAsyncRPCEndpoint("anon", (x: number) => x, { module: FNS })
    .addAsyncRPCEndpoint("renamed", add, { module: FNS, exportName: "nope" })
    .addAsyncRPCEndpoint("bad_module", add, { module: new URL("./no_such.ts", FNS) });
  await using h = local(server);
  for (const [name, why] of [["anon", /no name/], ["renamed", /no function named "nope"/]]) {
    const { ID } = await submit(h, name as string, [1]);
    await statusIs(h, ID, "failed");
    const res = await getJson(h, `/asyncGet?UUID=${ID}`);
    assert.equal(res.body.type, "FunctionNotFound");
    assert.match(res.body.message as string, why as RegExp);
    assert.match(res.body.message as string, /Export the function/);
  }
  const { ID } = await submit(h, "bad_module", [1, 2]);
  await statusIs(h, ID, "failed");
  assert.match((await getJson(h, `/asyncGet?UUID=${ID}`)).body.message as string, /no_such/);
});

Deno.test("registration refuses a module that is not a URL, naming the fix", () => {
  assert.throws(
    () => makeServer().addAsyncRPCEndpoint("add", add, { module: "fixtures/jobs_fns.ts" }),
    /module must be the URL .* Pass \{ module: import\.meta\.url \}/,
  );
  assert.throws(
    () => makeServer().addAsyncRPCEndpoint("add", add, { suggestedWait: -1 }),
    /suggestedWait is a number of seconds/,
  );
  assert.throws(() => makeServer({ jobs: "threads" as "inline" }), /"worker" or "inline"/);
  assert.throws(() => makeServer({ poolSize: 0 }), /poolSize/);
});

Deno.test("shutting the server down fails unfinished jobs and ends held waits", async () => {
  const server = workerServer(1);
  const h = serve(server);
  const c = await h.client();
  const running = await c.spin(2000);
  await statusIs(h, running.ID, "in_progress");
  // Two held long-polls: one in-process (held as soon as fetch is called), one over HTTP.
  const inProcess = server.fetch(new Request(`${h.url}/asyncGet?UUID=${running.ID}&wait=30`));
  const waiting = running.wait().catch((e) => e);
  await new Promise((r) => setTimeout(r, 20)); // let the HTTP long-poll reach the server
  await statusIs(h, running.ID, "in_progress"); // …and a request after it be answered
  // shutdown() closes the server (failing the jobs, which answers the held requests) while it
  // waits for requests in flight, so the long-polls do not hold it up.
  await h.shutdown();
  const res = await inProcess;
  assert.equal(res.status, 500);
  assert.equal((await res.json()).type, "ServerShutdown");
  const err = await waiting;
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "ServerShutdown");
  assert.match(err.message, /shut down before the job finished/);
});

Deno.test("a worker that cannot start fails its job once; the pool does not respawn it forever", async () => {
  // Stand-in for a server without --allow-read: every job worker dies while loading.
  const RealWorker = globalThis.Worker;
  let spawned = 0;
  // The stand-in raises the error event of a failed load itself: a real uncaught error in a
  // worker is printed to stderr by Deno even when the pool prevents the event's default.
  globalThis.Worker = class extends RealWorker {
    constructor(_url: string | URL, options?: WorkerOptions) {
      super("data:text/javascript,", options); // an empty module: the worker itself does nothing
      spawned++;
      const event = new ErrorEvent("error", { message: "cannot start", cancelable: true });
      setTimeout(() => this.dispatchEvent(event), 0);
    }
  };
  try {
    await using h = local(workerServer(1));
    const { ID } = await submit(h, "add", [1, 2]);
    await statusIs(h, ID, "failed");
    const { body } = await getJson(h, `/asyncGet?UUID=${ID}`);
    assert.equal(body.type, "WorkerCrashed");
    assert.match(body.message as string, /worker crashed: cannot start/);
    // The dead worker is replaced when a job needs one, not at once (which would die too, and
    // be replaced again, without end).
    assert.equal(spawned, 1);
    const second = await submit(h, "add", [1, 2]);
    await statusIs(h, second.ID, "failed");
    assert.equal(spawned, 2);
  } finally {
    globalThis.Worker = RealWorker;
  }
});
