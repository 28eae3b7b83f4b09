// Starting a job with ?wait=: a job that ends within the wait comes back with its result in the
// ticket (one round trip), one that does not is answered with its ID when the wait runs out, and
// the wait is bounded like a long-poll (maxLongPoll, maxLongPolls).
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { getJson, statusIs, submit } from "../_jobs.ts";
import { openGate } from "../fixtures/jobs_fns.ts";
import { inlineServer } from "./_job_server.ts";

const json = { "content-type": "application/json" };

function start(name: string, args: unknown[], query: string) {
  return { path: `/${name}${query}`, init: post(args) };
}

function post(args: unknown[]): RequestInit {
  return { method: "POST", headers: json, body: JSON.stringify({ args }) };
}

Deno.test("a job done within the start's wait comes back with its result", async () => {
  await using h = serve(inlineServer());
  const { path, init } = start("add", [2, 3], "?wait=5");
  const res = await getJson(h, path, init);
  assert.equal(res.status, 202);
  const ticket = res.body.result as Record<string, unknown>;
  assert.deepEqual(Object.keys(ticket).sort(), ["ID", "result", "status", "suggested_wait"]);
  assert.equal(ticket.status, "completed");
  assert.equal(ticket.result, 5);
  assert.equal(res.headers.get("location"), `/asyncGet?UUID=${ticket.ID}`);
  // The job is kept like any other: its result can still be fetched.
  assert.equal((await getJson(h, `/asyncGet?UUID=${ticket.ID}`)).body.result, 5);
});

Deno.test("without wait, or for a job still running when it runs out, the ticket has no result", async () => {
  await using h = serve(inlineServer());
  const plain = await submit(h, "add", [2, 3]);
  assert.deepEqual(Object.keys(plain).sort(), ["ID", "suggested_wait"]);
  const { path, init } = start("stepper", ["start-wait-runs-out"], "?wait=0.05");
  const began = performance.now();
  const res = await getJson(h, path, init);
  assert.ok(performance.now() - began >= 45, "the start waited for the job");
  assert.equal(res.status, 202);
  const ticket = res.body.result as Record<string, unknown>;
  assert.deepEqual(Object.keys(ticket).sort(), ["ID", "suggested_wait"]);
  await statusIs(h, ticket.ID as string, "in_progress");
  openGate("start-wait-runs-out");
  assert.equal((await getJson(h, `/asyncGet?UUID=${ticket.ID}&wait=30`)).body.result, "done");
});

Deno.test("a job that fails within the wait is answered with its ID; asyncGet tells the failure", async () => {
  await using h = serve(inlineServer());
  const { path, init } = start("fail", ["boom"], "?wait=5");
  const ticket = (await getJson(h, path, init)).body.result as Record<string, unknown>;
  assert.equal(ticket.status, undefined);
  const outcome = await getJson(h, `/asyncGet?UUID=${ticket.ID}`);
  assert.equal(outcome.status, 500);
  assert.match(outcome.body.message as string, /boom/);
});

Deno.test("a wait that is not a number of seconds is a 400, and no job starts", async () => {
  await using h = serve(inlineServer());
  const { path, init } = start("add", [1, 2], "?wait=soon");
  const res = await getJson(h, path, init);
  assert.equal(res.status, 400);
  assert.equal(res.body.type, "BadRequest");
  assert.match(res.body.message as string, /wait must be a number of seconds/);
  const list = await getJson(h, "/jobs");
  assert.deepEqual(list.body.result, []);
});

Deno.test("a start's wait counts against maxLongPolls and stops at maxLongPoll", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 0.05, maxLongPolls: 1 }));
  // maxLongPoll 0.05 s: an hour's wait is cut to 50 ms.
  const capped = start("stepper", ["start-wait-capped"], "?wait=3600");
  const signal = AbortSignal.timeout(10_000); // uncapped, the start would be held an hour
  const ticket = (await getJson(h, capped.path, { ...capped.init, signal })).body.result as {
    ID: string;
  };
  assert.equal((await statusIs(h, ticket.ID, "in_progress")).status, "in_progress");
  openGate("start-wait-capped");
  await using held = serve(inlineServer({ maxLongPoll: 3600, maxLongPolls: 1 }));
  const first = start("stepper", ["start-wait-slots"], "?wait=3600");
  const holding = getJson(held, first.path, first.init); // takes the one slot
  await new Promise((r) => setTimeout(r, 50));
  // The slot is taken and the job cannot end before its gate opens: only the bound answers now.
  const other = start("stepper", ["start-wait-slots-2"], "?wait=3600");
  const second = await getJson(held, other.path, { ...other.init, signal });
  assert.equal(second.status, 202);
  assert.equal((second.body.result as Record<string, unknown>).status, undefined);
  openGate("start-wait-slots");
  openGate("start-wait-slots-2");
  const done = (await holding).body.result as Record<string, unknown>;
  assert.deepEqual([done.status, done.result], ["completed", "done"]);
});
