// The BullMQ backend when things die: a worker killed mid-job (BullMQ's stalled-job handling: run
// again with `retry`, else failed WorkerLost), a worker stopped with SIGTERM (its running jobs go
// back to the queue), and Redis restarted with appendonly on (the queue is kept; servers answer
// 503 meanwhile and their clients ride it).
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { getJson, probeUntil } from "../_jobs.ts";
import { startRedis, startWorker } from "../_redis.ts";
import { queueServer } from "../fixtures/queue_server.ts";
import { RemoteError } from "../../errors.ts";

const FIXTURE = "tests/fixtures/queue_server.ts";
// Stalls are noticed within 2-4 s (not BullMQ's default 30-60 s).
const QUICK_STALLS = ["--stalled-after", "2"];

async function tempGate(): Promise<{ path: string; open(): Promise<void> } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "tarp-gate-" });
  return {
    path: `${dir}/gate`,
    open: () => Deno.writeTextFile(`${dir}/gate`, "open"),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("queue: a worker killed mid-job: its jobs run again with retry, else fail WorkerLost", async () => {
  await using redis = await startRedis();
  await using gate = await tempGate();
  const args = ["--queue", "kill", "--concurrency", "2", ...QUICK_STALLS];
  const victim = await startWorker(FIXTURE, redis.url, args);
  await using s = serve(queueServer(redis.url, "kill"));
  const c = await s.client();
  const plain = await c.hold(gate.path);
  const retried = await c.holdRetry(gate.path);
  for (const job of [plain, retried]) {
    const p = await probeUntil(s, job.ID, (p) => p.message !== undefined);
    assert.equal(p.message, `holding on ${victim.pid}`);
  }
  await using survivor = await startWorker(FIXTURE, redis.url, args);
  await victim.kill9();
  await gate.open();

  const err = await plain.wait({ timeout: 60_000 }).catch((e) => e);
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "WorkerLost");
  assert.match(err.message, /stopped \(killed or crashed\) before it finished, 1 time.*retry/);
  assert.deepEqual(await retried.wait({ timeout: 60_000 }), { pid: survivor.pid });
});

Deno.test("queue: a worker stopped with SIGTERM hands its running job back to the queue", async () => {
  await using redis = await startRedis();
  await using gate = await tempGate();
  const args = ["--queue", "term", "--concurrency", "1", "--grace", "0"];
  const leaving = await startWorker(FIXTURE, redis.url, args);
  await using s = serve(queueServer(redis.url, "term"));
  const c = await s.client();
  const job = await c.hold(gate.path); // no retry: a handed-back job is not a lost one
  await probeUntil(s, job.ID, (p) => p.message === `holding on ${leaving.pid}`);
  assert.equal(await leaving.stop(), 0);
  assert.equal((await job.probe()).status, "queued");
  await using staying = await startWorker(FIXTURE, redis.url, args);
  await probeUntil(s, job.ID, (p) => p.message === `holding on ${staying.pid}`);
  await gate.open();
  assert.deepEqual(await job.wait({ timeout: 60_000 }), { pid: staying.pid });
});

Deno.test("queue: Redis restarted with appendonly on keeps the queue; clients ride the outage", async () => {
  await using redis = await startRedis({ appendonly: true });
  await using s = serve(queueServer(redis.url, "aof"));
  const c = await s.client();
  const args = ["--queue", "aof", "--concurrency", "2"];
  const early = await startWorker(FIXTURE, redis.url, args);
  const finished = await c.whoami(0);
  assert.deepEqual(await finished.wait(), { i: 0, pid: early.pid });
  assert.equal(await early.stop(), 0);

  const queued = await Promise.all([1, 2, 3].map((i) => c.whoami(i))); // no worker: they wait
  const waiting = queued[0].wait({ timeout: 60_000 });
  await redis.stop();
  const down = await getJson(s, `/asyncProbe?UUID=${queued[1].ID}`);
  assert.deepEqual([down.status, down.body.type], [503, "InvalidServerState"]);
  assert.match(String(down.body.message), /Redis at 127\.0\.0\.1:\d+ cannot be used/);
  await redis.start();

  await using late = await startWorker(FIXTURE, redis.url, args);
  assert.deepEqual(await waiting, { i: 1, pid: late.pid });
  for (const [i, job] of queued.entries()) {
    assert.deepEqual(await job.wait({ timeout: 60_000 }), { i: i + 1, pid: late.pid });
  }
  assert.deepEqual(await finished.wait({ timeout: 60_000 }), { i: 0, pid: early.pid });
});
