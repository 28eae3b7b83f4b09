// Inline mode (the Python TARP's multiThreaded=True): jobs run on the server's own isolate.
import assert from "node:assert/strict";
import { makeServer } from "../../server.ts";
import { CancelledError, RemoteError, TimeoutError } from "../../errors.ts";
import { jobSignal, progress } from "../../jobs/mod.ts";
import { local } from "../_serve.ts";
import { probeUntil, statusIs } from "../_jobs.ts";
import { abortable, add, bump, openGate, peek, seen, stepper } from "../fixtures/jobs_fns.ts";

function inlineServer() {
  return makeServer({ jobs: "inline" })
    .addAsyncRPCEndpoint("add", add)
    .addAsyncRPCEndpoint("bump", bump)
    .addAsyncRPCEndpoint("stepper", stepper)
    .addAsyncRPCEndpoint("abortable", abortable)
    .addAsyncRPCEndpoint("abortable_limited", abortable, { timeout: 0.05 });
}

Deno.test("inline jobs share the server's module state", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const before = bump();
  assert.equal(await (await c.bump()).wait(), before + 1);
  assert.equal(peek(), before + 1, "the job's increment is visible here");
});

Deno.test("inline progress is seen by probe() and onProgress", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const job = await c.stepper("inline-progress");
  const p = await probeUntil(h, job.ID, (p) => p.progress !== undefined);
  assert.equal(p.message, "half way");
  const seenProgress: number[] = [];
  const result = await job.wait({
    progressInterval: 10,
    onProgress: (p) => {
      if (p.progress !== undefined) seenProgress.push(p.progress);
      openGate("inline-progress");
    },
  });
  assert.equal(result, "done");
  assert.equal(seenProgress[0], 0.5);
});

Deno.test("cancelling an inline job aborts its signal with a CancelledError", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  seen.aborted = undefined;
  const job = await c.abortable("inline-cancel");
  await statusIs(h, job.ID, "in_progress");
  assert.equal((await job.cancel()).status, "cancelled");
  assert.equal(seen.aborted, true);
  assert.ok(seen.reason instanceof CancelledError);
  assert.equal((seen.reason as CancelledError).jobId, job.ID);
  const err = await job.wait().catch((e) => e);
  assert.ok(err instanceof CancelledError, String(err));
  assert.equal(err.jobId, job.ID);
});

Deno.test("an inline job past its timeout fails with TimeoutError and its signal aborts", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  seen.aborted = undefined;
  const job = await c.abortable_limited("inline-timeout");
  const err = await job.wait().catch((e) => e);
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "TimeoutError");
  assert.equal(seen.aborted, true);
  assert.ok(seen.reason instanceof TimeoutError);
});

Deno.test("progress() and jobSignal() are harmless outside a job", () => {
  progress(0.5, "nobody listens");
  progress(7);
  assert.equal(jobSignal().aborted, false);
  assert.throws(() => progress(NaN), /progress\(\) takes a number from 0 to 1/);
});

Deno.test("progress is clamped to [0, 1]", async () => {
  const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("over", async () => {
    progress(3, "too far");
    await new Promise((r) => setTimeout(r, 0));
    return 1;
  });
  await using h = local(server);
  const c = await h.client();
  const job = await c.over();
  await job.wait();
  assert.deepEqual(await job.probe(), {
    status: "completed",
    suggested_wait: 5,
    progress: 1,
    message: "too far",
  });
});
