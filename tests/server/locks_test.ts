// Instrument locks: `exclusive` and shared `lock` names keep calls from overlapping.
import assert from "node:assert/strict";
import { makeServer } from "../../mod.ts";
import { local } from "../_serve.ts";

type Interval = { who: string; start: number; end: number };

function recorder() {
  const intervals: Interval[] = [];
  const work = async (who: string) => {
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 5));
    intervals.push({ who, start, end: performance.now() });
    return who;
  };
  return { intervals, work };
}

function overlaps(intervals: Interval[]): boolean {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  return sorted.some((x, i) => i > 0 && x.start < sorted[i - 1].end);
}

Deno.test("exclusive: concurrent calls of one endpoint never overlap, in arrival order", async () => {
  const { intervals, work } = recorder();
  const s = makeServer().addRPCEndpoint("move", work, { exclusive: true });
  await using h = local(s);
  const c = await h.client();
  const order = ["a", "b", "c", "d", "e", "f"];
  const results = [];
  for (const who of order) results.push(c.move(who)); // sent in this order
  assert.deepStrictEqual(await Promise.all(results), order);
  assert.equal(intervals.length, 6);
  assert.equal(overlaps(intervals), false, JSON.stringify(intervals));
});

Deno.test("without a lock the same calls do overlap (the test can see overlap)", async () => {
  const { intervals, work } = recorder();
  const s = makeServer().addRPCEndpoint("move", work);
  await using h = local(s);
  const c = await h.client();
  await Promise.all(["a", "b", "c", "d"].map((w) => c.move(w)));
  assert.equal(overlaps(intervals), true);
});

Deno.test("lock: one call at a time across every endpoint sharing the name (RPC, web, inline job)", async () => {
  const { intervals, work } = recorder();
  const s = makeServer({ jobs: "inline" })
    .addRPCEndpoint("laser_on", () => work("rpc"), { lock: "laser" })
    .addGetEndpoint("laser_status", () => work("get"), { lock: "laser" })
    .addPostEndpoint("laser_set", () => work("post"), { lock: "laser" })
    .addAsyncRPCEndpoint("laser_scan", () => work("job"), { lock: "laser", suggestedWait: 0.01 });
  await using h = local(s);
  const c = await h.client();
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    calls.push(c.laser_on(), c.laser_status(), c.laser_set({ power: 1 }));
    calls.push(c.laser_scan().then((job) => job.wait()));
  }
  await Promise.all(calls);
  assert.equal(intervals.length, 12);
  assert.deepStrictEqual(
    new Set(intervals.map((i) => i.who)),
    new Set(["rpc", "get", "post", "job"]),
  );
  assert.equal(overlaps(intervals), false, JSON.stringify(intervals));
});

Deno.test("a lock is released when the call throws", async () => {
  let calls = 0;
  const s = makeServer().addRPCEndpoint("flaky", () => {
    if (++calls === 1) throw new Error("first call fails");
    return "ok";
  }, { exclusive: true });
  await using h = local(s);
  const c = await h.client();
  await assert.rejects(c.flaky());
  assert.equal(await c.flaky(), "ok");
});

Deno.test("locks on worker-mode jobs are refused at registration, naming the fix", () => {
  assert.throws(
    () => makeServer().addAsyncRPCEndpoint("scan", () => 1, { exclusive: true }),
    /jobs: "inline"/,
  );
});

Deno.test("LockTable: holders of one key run one at a time, in the order they asked", async () => {
  const { LockTable } = await import("../../server/_locks.ts");
  const locks = new LockTable();
  const events: string[] = [];
  const task = (name: string, ticks: number) => async () => {
    events.push(`${name} start`);
    for (let i = 0; i < ticks; i++) await Promise.resolve();
    events.push(`${name} end`);
    return name;
  };
  // c needs fewer ticks than a and b, so without the lock it would finish first.
  const done = await Promise.all([
    locks.run("x", task("a", 5)),
    locks.run("x", task("b", 3)),
    locks.run("x", task("c", 1)),
    locks.run("other", task("d", 1)),
  ]);
  assert.deepStrictEqual(done, ["a", "b", "c", "d"]);
  const onX = events.filter((e) => !e.startsWith("d"));
  assert.deepStrictEqual(onX, ["a start", "a end", "b start", "b end", "c start", "c end"]);
  assert.ok(events.indexOf("d end") < events.indexOf("a end"), "another key does not wait");
});
