// JobHandle.wait({ onProgress }) follows the job's event stream (every change, no polling), and
// falls back to long-polling on a server without one (the Python TARP's, say).
import assert from "node:assert/strict";
import { client, type LogEntry, type ProbeResult, TimeoutError } from "../../mod.ts";
import { serve } from "../_serve.ts";
import { steppedServer } from "../server/_stepped.ts";

Deno.test("wait({ onProgress }) sees every change from the event stream, and never polls", async () => {
  const log: LogEntry[] = [];
  const { server, next } = steppedServer({ log: (e) => log.push(e) });
  await using h = serve(server);
  const c = await h.client();
  const job = await c.stepped(4);
  const seen: ProbeResult[] = [];
  const result = await job.wait({
    onProgress: (p) => {
      seen.push(p);
      if (p.status === "in_progress") next();
    },
  });
  assert.equal(result, "did 4");
  assert.deepEqual(seen.map((p) => p.message), [
    "step 1 of 4",
    "step 2 of 4",
    "step 3 of 4",
    "step 4 of 4",
    "step 4 of 4",
  ]);
  assert.equal(seen.at(-1)!.status, "completed");
  const routes = log.map((e) => e.endpoint.split("?")[0].replace(/[0-9a-f-]{36}/, "<id>"));
  assert.deepEqual(routes, ["/", "/stepped", "/jobs/<id>/events", "/asyncGet"]);
});

Deno.test("on a server without event streams, wait({ onProgress }) polls as before", async () => {
  const { server, next } = steppedServer();
  // A server that knows nothing of /jobs/<id>/events, as the Python TARP.
  const legacy = (req: Request) =>
    new URL(req.url).pathname.endsWith("/events")
      ? Promise.resolve(new Response("Not Found", { status: 404 }))
      : server.fetch(req);
  const c = await client<typeof server>("http://tarp.invalid", { fetch: legacy });
  const job = await c.stepped(2);
  const seen: string[] = [];
  const result = await job.wait({
    progressInterval: 5,
    onProgress: (p) => {
      seen.push(`${p.status} ${p.message}`);
      if (p.status === "in_progress") next();
    },
  });
  assert.equal(result, "did 2");
  const running = seen.filter((s) => s.startsWith("in_progress"));
  assert.deepEqual(running, ["in_progress step 1 of 2", "in_progress step 2 of 2"]);
  await server.close();
});

Deno.test("wait's timeout ends the event stream too, and frees its slot on the server", async () => {
  const { server } = steppedServer({ maxEventStreams: 1 });
  await using h = serve(server);
  const c = await h.client();
  const job = await c.stepped(3);
  await assert.rejects(job.wait({ timeout: 50, onProgress: () => {} }), TimeoutError);
  let status = 0;
  for (let i = 0; i < 200 && status !== 200; i++) {
    const res = await fetch(`${h.url}/jobs/${job.ID}/events`);
    status = res.status;
    await res.body?.cancel();
    if (status !== 200) await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(status, 200);
  await job.cancel();
});

Deno.test("an in-process client's aborted wait closes the stream on the server", async () => {
  const { server } = steppedServer({ maxEventStreams: 1 });
  const c = await client<typeof server>("http://tarp.invalid", { fetch: server.fetch });
  const job = await c.stepped(3);
  const stop = new AbortController();
  const waiting = job.wait({
    signal: stop.signal,
    onProgress: () => stop.abort(new Error("enough")),
  });
  await assert.rejects(waiting, /enough/);
  const res = await server.fetch(new Request(`http://tarp.invalid/jobs/${job.ID}/events`));
  assert.equal(res.status, 200, "the slot was freed");
  await res.body?.cancel();
  await server.close();
});
