// The BullMQ backend for real: a redis-server of its own, two `tarp worker` processes and two TARP
// servers on one queue. Jobs spread over the workers, any server answers for any job, progress and
// values travel, cancel through the other server stops a running job or removes a queued one.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { getJson, probeUntil, submit } from "../_jobs.ts";
import { startRedis, startWorker } from "../_redis.ts";
import { queueServer, values } from "../fixtures/queue_server.ts";
import { CancelledError, RemoteError } from "../../errors.ts";
import type { ProbeResult } from "../../jobs/mod.ts";

const FIXTURE = "tests/fixtures/queue_server.ts";

Deno.test("queue: two workers and two servers share one Redis", async (t) => {
  await using redis = await startRedis();
  const queue = "shared";
  const args = ["--queue", queue, "--concurrency", "2"];
  await using w1 = await startWorker(FIXTURE, redis.url, args);
  await using w2 = await startWorker(FIXTURE, redis.url, args);
  const sa = queueServer(redis.url, queue);
  const sb = queueServer(redis.url, queue);
  await using a = serve(sa);
  await using b = serve(sb);
  const ca = await a.client();
  const cb = await b.client();

  await t.step("100 jobs spread over both workers; any server answers any job", async () => {
    const handles = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? ca : cb).whoami(i)),
    );
    const results = await Promise.all(
      handles.map((h, i) => (i % 2 ? cb : ca).$job<{ i: number; pid: number }>(h.ID).wait()),
    );
    assert.deepEqual(results.map((r) => r.i), Array.from({ length: 100 }, (_, i) => i));
    const pids = new Set(results.map((r) => r.pid));
    assert.deepEqual([...pids].sort(), [w1.pid, w2.pid].sort(), "each worker ran some");
    assert.equal((await cb.$job(handles[1].ID).probe()).status, "completed");
  });

  await t.step("progress and values reach the other server's clients", async () => {
    const job = await ca.steps(3, 40);
    const seen: ProbeResult[] = [];
    const n = await cb.$job(job.ID).wait({ onProgress: (p) => seen.push(p), progressInterval: 5 });
    assert.equal(n, 3);
    const messages = seen.map((p) => p.message).filter((m) => m !== undefined);
    assert.ok(messages.includes("step 3 of 3"), JSON.stringify(seen));
    assert.deepEqual(seen.at(-1)?.progress, 1);
    assert.deepEqual(await cb.$job((await ca.values()).ID).wait(), values());
  });

  await t.step("the backend's watch sees a job's changes as they happen", async () => {
    const job = await sa.jobs.submit("steps", [2, 40]);
    const statuses: string[] = [];
    const { promise, resolve } = Promise.withResolvers<void>();
    const stop = sb.jobs.watch(job.id, (info) => {
      statuses.push(`${info.status} ${info.progress ?? ""}`);
      if (info.status === "completed") resolve();
    });
    await promise;
    stop?.();
    assert.ok(statuses.includes("in_progress 0.5"), statuses.join(", "));
    assert.equal(statuses.at(-1), "completed 1");
  });

  await t.step("a failed job's error type and message reach every server", async () => {
    const job = await ca.fail("x must be positive");
    const err = await cb.$job(job.ID).wait().catch((e) => e);
    assert.ok(err instanceof RemoteError);
    assert.deepEqual([err.type, err.status], ["RangeError", 500]);
    assert.equal(err.message, "RangeError: x must be positive");
  });

  await t.step("an endpoint's timeout stops a job on its worker: TimeoutError", async () => {
    const err = await (await ca.spinBriefly()).wait().catch((e) => e);
    assert.ok(err instanceof RemoteError, String(err));
    assert.equal(err.type, "TimeoutError");
    assert.match(err.message, /longer than its timeout of 0.5 s; its process was killed/);
  });

  await t.step("cancel through the other server stops a running job on its worker", async () => {
    const job = await ca.spin();
    const running = await probeUntil(a, job.ID, (p) => p.message !== undefined);
    const pid = Number(/spinning on (\d+)/.exec(running.message!)![1]);
    assert.ok([w1.pid, w2.pid].includes(pid));
    assert.equal((await cb.$job(job.ID).cancel()).status, "cancelled");
    await assert.rejects(job.wait(), CancelledError);
    const res = await getJson(a, `/asyncGet?UUID=${job.ID}`);
    assert.deepEqual([res.status, res.body.type], [409, "Cancelled"]);
    // The busy loop was stopped (its job process killed): all four slots still take jobs.
    const more = await Promise.all([1, 2, 3, 4].map((i) => ca.whoami(i)));
    assert.deepEqual((await Promise.all(more.map((h) => h.wait()))).map((r) => r.i), [1, 2, 3, 4]);
  });

  await t.step("cancel of a queued job removes it from the queue; it never runs", async () => {
    const spinners = await Promise.all([1, 2, 3, 4].map(() => ca.spin()));
    for (const s of spinners) await probeUntil(a, s.ID, (p) => p.message !== undefined);
    const queued = await submit(a, "whoami", [99]);
    assert.equal((await cb.$job(queued.ID).probe()).status, "queued");
    assert.equal((await cb.$job(queued.ID).cancel()).status, "cancelled");
    for (const s of spinners) await cb.$job(s.ID).cancel();
    const next = await ca.whoami(100); // the queue is empty again: this runs at once
    assert.equal((await next.wait()).i, 100);
    assert.equal((await ca.$job(queued.ID).probe()).status, "cancelled");
    await assert.rejects(ca.$job(queued.ID).wait(), CancelledError);
  });

  await t.step("an unknown ID, or one that is not a job's, is a 404", async () => {
    for (const id of [crypto.randomUUID(), "meta", "1"]) {
      const res = await getJson(b, `/asyncProbe?UUID=${id}`);
      assert.deepEqual([res.status, res.body.type], [404, "NotFound"]);
    }
  });

  await t.step("a finished job is kept for the backend's retention, then gone", async () => {
    await using c = serve(queueServer(redis.url, queue, 1));
    const job = await submit(c, "whoami", [7]);
    await probeUntil(c, job.ID, (p) => p.status === "completed");
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await getJson(c, `/asyncProbe?UUID=${job.ID}`)).status, 404);
  });
});
