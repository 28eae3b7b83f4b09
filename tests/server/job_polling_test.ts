// Waiting for a job over raw HTTP: polls, long-polls and their limits, and how long results
// are kept.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { getJson, probe, statusIs, submit } from "../_jobs.ts";
import { openGate } from "../fixtures/jobs_fns.ts";
import { inlineServer } from "./_job_server.ts";

Deno.test("a running job: probe in_progress, asyncGet 503 with Retry-After, then the result", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h, "stepper", ["routes-running"]);
  const p = await statusIs(h, ID, "in_progress");
  assert.deepEqual(p, {
    status: "in_progress",
    suggested_wait: 1.5,
    progress: 0.5,
    message: "half way",
  });
  const running = await getJson(h, `/asyncGet?UUID=${ID}`);
  assert.equal(running.status, 503);
  assert.equal(running.headers.get("retry-after"), "2"); // whole seconds, rounded up
  assert.equal(running.body.type, "OperationInProgress");
  assert.equal(running.body.retry_after, 1.5);
  assert.match(running.body.message as string, /running, 50% done: half way/);
  openGate("routes-running");
  const done = await getJson(h, `/asyncGet?UUID=${ID}&wait=30`);
  assert.equal(done.status, 200);
  assert.deepEqual(done.body, { status: "success", mimetype: "application/json", result: "done" });
  // Kept after completion: it can be fetched again, and probed.
  assert.deepEqual((await getJson(h, `/asyncGet?UUID=${ID}`)).body, done.body);
  assert.equal((await probe(h, ID)).status, "completed");
});

Deno.test("a long-poll is answered as soon as the job ends", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 3600 }));
  const { ID } = await submit(h, "stepper", ["routes-longpoll"]);
  await statusIs(h, ID, "in_progress");
  // Held for up to an hour: only the job's end can answer it within the test.
  const held = getJson(h, `/asyncGet?UUID=${ID}&wait=3600`);
  await new Promise((r) => setTimeout(r, 20));
  openGate("routes-longpoll");
  const done = await held;
  assert.equal(done.status, 200);
  assert.equal(done.body.result, "done");
});

Deno.test("a long-poll that runs out answers 503 with Retry-After 0", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h, "stepper", ["routes-elapsed"]);
  const res = await getJson(h, `/asyncGet?UUID=${ID}&wait=0.05`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "0");
  assert.equal(res.body.retry_after, 0);
  openGate("routes-elapsed");
  assert.equal((await getJson(h, `/asyncGet?UUID=${ID}&wait=30`)).status, 200);
});

Deno.test("a result is kept for the retention time, then removed", async () => {
  await using h = serve(inlineServer({ retention: 0.2 }));
  const { ID } = await submit(h, "add", [2, 3]);
  const first = await getJson(h, `/asyncGet?UUID=${ID}&wait=10`);
  assert.equal(first.body.result, 5);
  // Expiry: poll until the job is gone (the hang guard in probeUntil's count is the only limit).
  let gone: { status: number; body: Record<string, unknown> } | undefined;
  for (let i = 0; i < 2000 && !gone; i++) {
    const res = await getJson(h, `/asyncGet?UUID=${ID}`);
    if (res.status === 404) gone = res;
    else {
      assert.equal(res.body.result, 5); // fetched more than once while it is kept
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  assert.ok(gone, "the job was never removed");
  assert.match(
    gone.body.message as string,
    /unknown or has expired \(a finished job is kept for 0.2 s, while/,
  );
});

Deno.test("the default retention keeps results (10 minutes) and shutdown clears its timers", async () => {
  const server = inlineServer();
  assert.equal(server.options.retention, 600);
  await using h = serve(server);
  const { ID } = await submit(h, "add", [1, 1]);
  for (let i = 0; i < 3; i++) {
    assert.equal((await getJson(h, `/asyncGet?UUID=${ID}&wait=10`)).body.result, 2);
  }
  // The test's sanitizers fail it if the 10-minute expiry timer outlives the server.
});

Deno.test("with maxLongPoll 0, wait= is ignored and Retry-After is the suggested wait", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 0 }));
  const { ID } = await submit(h, "stepper", ["routes-no-longpoll"]);
  const res = await getJson(h, `/asyncGet?UUID=${ID}&wait=30`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "2");
  assert.equal(res.body.retry_after, 1.5);
  openGate("routes-no-longpoll");
});

Deno.test("maxLongPolls: past the limit a long-poll is answered at once as a plain poll", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 3600, maxLongPolls: 1 }));
  const { ID } = await submit(h, "stepper", ["routes-longpoll-limit"]);
  await statusIs(h, ID, "in_progress");
  const held = getJson(h, `/asyncGet?UUID=${ID}&wait=3600`); // takes the one place
  await new Promise((r) => setTimeout(r, 20));
  // The job cannot end before the gate opens, so only the limit can answer this one now.
  const second = await getJson(h, `/asyncGet?UUID=${ID}&wait=3600`);
  assert.equal(second.status, 503);
  assert.equal(second.body.type, "OperationInProgress");
  assert.equal(second.headers.get("retry-after"), "2", "a plain poll's Retry-After");
  openGate("routes-longpoll-limit");
  assert.equal((await held).status, 200);
});
