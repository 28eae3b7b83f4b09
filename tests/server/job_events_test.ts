// GET /jobs/<id>/events (Server-Sent Events) and GET /jobs (the job list), over real sockets.
import assert from "node:assert/strict";
import { createToken } from "../../mod.ts";
import { readEvents, type ServerEvent } from "../../client/_events.ts";
import { serve } from "../_serve.ts";
import { submit } from "../_jobs.ts";
import { steppedServer } from "./_stepped.ts";

async function collect(res: Response, onEvent?: (e: ServerEvent) => void) {
  const events: ServerEvent[] = [];
  for await (const e of readEvents(res.body!)) {
    events.push(e);
    onEvent?.(e);
  }
  return events;
}

Deno.test("events: every change as a progress event, then end with the result, then the stream closes", async () => {
  const { server, next } = steppedServer();
  await using h = serve(server);
  const { ID } = await submit(h, "stepped", [3]);
  const res = await fetch(`${h.url}/jobs/${ID}/events`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const events = await collect(res, (e) => e.event === "progress" && next());
  const progress = events.filter((e) => e.event === "progress").map((e) => JSON.parse(e.data));
  assert.deepEqual(progress.map((p) => [p.status, p.progress, p.message]), [
    ["in_progress", 0, "step 1 of 3"],
    ["in_progress", 1 / 3, "step 2 of 3"],
    ["in_progress", 2 / 3, "step 3 of 3"],
    ["completed", 2 / 3, "step 3 of 3"],
  ]);
  assert.deepEqual(events.at(-1), {
    event: "end",
    data: JSON.stringify({ status: "success", mimetype: "application/json", result: "did 3" }),
  });
});

Deno.test("events: a failed job ends with its error envelope, a cancelled one with Cancelled", async () => {
  const { server } = steppedServer();
  await using h = serve(server);
  const failed = await submit(h, "boom");
  const failedEvents = await collect(await fetch(`${h.url}/jobs/${failed.ID}/events`));
  assert.deepEqual(JSON.parse(failedEvents.at(-1)!.data), {
    status: "error",
    type: "RangeError",
    message: "no such range",
  });
  const running = await submit(h, "stepped", [5]);
  const res = await fetch(`${h.url}/jobs/${running.ID}/events`);
  await fetch(`${h.url}/jobs/${running.ID}`, { method: "DELETE" }).then((r) => r.body?.cancel());
  const end = JSON.parse((await collect(res)).at(-1)!.data);
  assert.equal(end.type, "Cancelled");
});

Deno.test("events: an unknown job is 404, another method 405, both as envelopes", async () => {
  const { server } = steppedServer();
  await using h = serve(server);
  const unknown = await fetch(`${h.url}/jobs/nope/events`);
  assert.equal(unknown.status, 404);
  assert.match((await unknown.json()).message, /No job with ID "nope"/);
  const post = await fetch(`${h.url}/jobs/nope/events`, { method: "POST" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET, HEAD");
  await post.body?.cancel();
});

Deno.test("events: past maxEventStreams a stream is refused with 429; a client that leaves frees its slot at once", async () => {
  const { server } = steppedServer({ maxEventStreams: 1 });
  await using h = serve(server);
  const { ID } = await submit(h, "stepped", [5]);
  const leaving = new AbortController();
  const first = await fetch(`${h.url}/jobs/${ID}/events`, { signal: leaving.signal });
  assert.equal(first.status, 200);
  const refused = await fetch(`${h.url}/jobs/${ID}/events`);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after"), "1");
  assert.equal((await refused.json()).type, "TooManyRequests");
  leaving.abort();
  await first.body?.cancel().catch(() => {});
  // The job runs on, so only the disconnect can free the slot.
  let second: Response | undefined;
  for (let i = 0; i < 200 && second?.status !== 200; i++) {
    await second?.body?.cancel();
    await new Promise((r) => setTimeout(r, 5));
    second = await fetch(`${h.url}/jobs/${ID}/events`);
  }
  assert.equal(second?.status, 200);
  await second?.body?.cancel();
  await server.jobs.cancel(ID);
});

Deno.test("GET /jobs lists every job with ID, endpoint, status, progress, message and times", async () => {
  const { server, next } = steppedServer();
  await using h = serve(server);
  const a = await submit(h, "stepped", [2]);
  const b = await submit(h, "boom");
  await server.jobs.wait(b.ID, 1000);
  const res = await fetch(`${h.url}/jobs`);
  const { result } = await res.json();
  assert.deepEqual(result.map((j: { ID: string }) => j.ID), [a.ID, b.ID]);
  const [running, failed] = result;
  assert.equal(running.endpoint, "stepped");
  assert.equal(running.status, "in_progress");
  assert.equal(running.progress, 0);
  assert.equal(running.message, "step 1 of 2");
  assert.equal(running.suggested_wait, 1);
  assert.ok(!Number.isNaN(Date.parse(running.created)) && running.started && !running.ended);
  assert.equal(failed.status, "failed");
  assert.ok(Date.parse(failed.ended) >= Date.parse(failed.started));
  await next();
  await next();
});

Deno.test("GET /jobs and the event stream need the token on a token server", async () => {
  const token = createToken();
  const { server } = steppedServer({ token });
  await using h = serve(server);
  const auth = { authorization: `Bearer ${token}` };
  const res = await fetch(`${h.url}/stepped`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ args: [1] }),
  });
  const { ID } = (await res.json()).result;
  for (const path of ["/jobs", `/jobs/${ID}/events`]) {
    const refused = await fetch(h.url + path);
    assert.equal(refused.status, 401, path);
    await refused.body?.cancel();
  }
  const listed = await fetch(`${h.url}/jobs`, { headers: auth });
  assert.equal((await listed.json()).result[0].ID, ID);
  await server.jobs.cancel(ID);
});
