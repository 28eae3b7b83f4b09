// The job routes over raw HTTP, as curl or another language's client would use them.
import assert from "node:assert/strict";
import { decodeCbor, encodeCborMessage } from "../../_wire/codec.ts";
import { makeServer } from "../../server.ts";
import { serve } from "../_serve.ts";
import { getJson, probe, statusIs, submit } from "../_jobs.ts";
import { add, echo, echoFunction, fail, FNS, openGate, stepper } from "../fixtures/jobs_fns.ts";

function inlineServer(options: Parameters<typeof makeServer>[0] = {}) {
  return makeServer({ jobs: "inline", ...options })
    .addAsyncRPCEndpoint("add", add, { suggestedWait: 2 })
    .addAsyncRPCEndpoint("echo", echo)
    .addAsyncRPCEndpoint("fail", fail)
    .addAsyncRPCEndpoint("stepper", stepper, { suggestedWait: 1.5 });
}

Deno.test("POST on an async endpoint answers 202 with the job's ID and suggested wait", async () => {
  await using h = serve(inlineServer());
  const res = await fetch(`${h.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args: [1, 2] }),
  });
  assert.equal(res.status, 202);
  const body = await res.json();
  assert.equal(body.status, "success");
  assert.equal(body.mimetype, "application/json");
  assert.match(body.result.ID, /^[0-9a-f-]{36}$/);
  assert.equal(body.result.suggested_wait, 2);
  assert.equal(res.headers.get("location"), `/asyncGet?UUID=${body.result.ID}`);
  const discovery = await getJson(`${h.url}/`);
  const entry = (discovery.body.result as { ASYNCRPC: { name: string }[] }).ASYNCRPC[0];
  assert.deepEqual(entry, {
    name: "add",
    description: "No description provided",
    params: ["x", "y"],
    suggested_wait: 2,
  });
});

Deno.test("a CBOR call is answered in CBOR, and asyncGet answers CBOR when accepted", async () => {
  await using h = serve(inlineServer());
  const value = { when: new Date(0), tags: new Set(["a"]), n: 2n ** 70n };
  const res = await fetch(`${h.url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/cbor" },
    body: encodeCborMessage({ args: [value] }, "args"),
  });
  assert.equal(res.status, 202);
  assert.equal(res.headers.get("content-type"), "application/cbor");
  const { ID } =
    (decodeCbor(new Uint8Array(await res.arrayBuffer())) as { result: { ID: string } }).result;
  const got = await fetch(`${h.url}/asyncGet?UUID=${ID}&wait=10`, {
    headers: { accept: "application/cbor" },
  });
  assert.equal(got.status, 200);
  assert.deepEqual(
    (decodeCbor(new Uint8Array(await got.arrayBuffer())) as { result: unknown }).result,
    value,
  );
  // Without an Accept asking for CBOR, the same result is answered as JSON.
  const json = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
  assert.equal(json.body.mimetype, "application/json");
  assert.equal((json.body.result as { n: unknown }).n, (2n ** 70n).toString());
});

Deno.test("a running job: probe in_progress, asyncGet 503 with Retry-After, then the result", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h.url, "stepper", ["routes-running"]);
  const p = await statusIs(h.url, ID, "in_progress");
  assert.deepEqual(p, {
    status: "in_progress",
    suggested_wait: 1.5,
    progress: 0.5,
    message: "half way",
  });
  const running = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
  assert.equal(running.status, 503);
  assert.equal(running.headers.get("retry-after"), "2"); // whole seconds, rounded up
  assert.equal(running.body.type, "OperationInProgress");
  assert.equal(running.body.retry_after, 1.5);
  assert.match(running.body.message as string, /running, 50% done: half way/);
  openGate("routes-running");
  const done = await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=30`);
  assert.equal(done.status, 200);
  assert.deepEqual(done.body, { status: "success", mimetype: "application/json", result: "done" });
  // Kept after completion: it can be fetched again, and probed.
  assert.deepEqual((await getJson(`${h.url}/asyncGet?UUID=${ID}`)).body, done.body);
  assert.equal((await probe(h.url, ID)).status, "completed");
});

Deno.test("a long-poll is answered as soon as the job ends", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 3600 }));
  const { ID } = await submit(h.url, "stepper", ["routes-longpoll"]);
  await statusIs(h.url, ID, "in_progress");
  // Held for up to an hour: only the job's end can answer it within the test.
  const held = getJson(`${h.url}/asyncGet?UUID=${ID}&wait=3600`);
  await new Promise((r) => setTimeout(r, 20));
  openGate("routes-longpoll");
  const done = await held;
  assert.equal(done.status, 200);
  assert.equal(done.body.result, "done");
});

Deno.test("a long-poll that runs out answers 503 with Retry-After 0", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h.url, "stepper", ["routes-elapsed"]);
  const res = await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=0.05`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "0");
  assert.equal(res.body.retry_after, 0);
  openGate("routes-elapsed");
  assert.equal((await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=30`)).status, 200);
});

Deno.test("a failed job: probe failed, asyncGet 500 with the job error's type and message", async () => {
  for (
    const server of [
      inlineServer(),
      makeServer({ poolSize: 1 }).addAsyncRPCEndpoint("fail", fail, { module: FNS }),
    ]
  ) {
    await using h = serve(server);
    const { ID } = await submit(h.url, "fail", ["x must be positive"]);
    await statusIs(h.url, ID, "failed");
    const res = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, {
      status: "error",
      type: "RangeError",
      message: "x must be positive",
    });
  }
});

Deno.test("exposeStack sends a failed job's stack", async () => {
  await using h = serve(inlineServer({ exposeStack: true }));
  const { ID } = await submit(h.url, "fail", ["oops"]);
  await statusIs(h.url, ID, "failed");
  const res = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
  assert.match(res.body.stack as string, /RangeError: oops/);
});

Deno.test("DELETE /jobs/<id> cancels; asyncGet then answers 409 Cancelled", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h.url, "stepper", ["routes-cancel"]);
  await statusIs(h.url, ID, "in_progress");
  const del = await getJson(`${h.url}/jobs/${ID}`, { method: "DELETE" });
  assert.equal(del.status, 200);
  assert.equal((del.body.result as { status: string }).status, "cancelled");
  const res = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
  assert.equal(res.status, 409);
  assert.equal(res.body.type, "Cancelled");
  assert.match(res.body.message as string, /was cancelled/);
  // Cancelling again changes nothing; the job's late end does not overwrite the cancellation.
  openGate("routes-cancel");
  const again = await getJson(`${h.url}/jobs/${ID}`, { method: "DELETE" });
  assert.equal((again.body.result as { status: string }).status, "cancelled");
  // A job that has already ended is left as it is.
  const added = await submit(h.url, "add", [1, 2]);
  await statusIs(h.url, added.ID, "completed");
  const late = await getJson(`${h.url}/jobs/${added.ID}`, { method: "DELETE" });
  assert.equal((late.body.result as { status: string }).status, "completed");
  assert.equal((await getJson(`${h.url}/asyncGet?UUID=${added.ID}`)).body.result, 3);
});

Deno.test("unknown job IDs answer 404 saying the job is unknown or has expired", async () => {
  await using h = serve(inlineServer());
  for (
    const [url, init] of [
      [`${h.url}/asyncProbe?UUID=nope`, {}],
      [`${h.url}/asyncGet?UUID=nope&wait=5`, {}],
      [`${h.url}/jobs/nope`, { method: "DELETE" }],
    ] as const
  ) {
    const res = await getJson(url, init);
    assert.equal(res.status, 404, url);
    assert.equal(res.body.type, "NotFound");
    assert.match(res.body.message as string, /No job with ID "nope": it is unknown or has expired/);
  }
});

Deno.test("client mistakes on the job routes are 4xx envelopes that say what to fix", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h.url, "add", [1, 2]);
  const cases: [string, RequestInit, number, RegExp][] = [
    ["/asyncProbe", {}, 400, /\?UUID=/],
    ["/asyncGet?UUID=", {}, 400, /\?UUID=/],
    [`/asyncGet?UUID=${ID}&wait=soon`, {}, 400, /wait must be a number of seconds/],
    [`/asyncGet?UUID=${ID}&wait=-1`, {}, 400, /wait must be a number of seconds/],
    [`/asyncProbe?UUID=${ID}`, { method: "POST" }, 405, /use GET \/asyncProbe/],
    [`/asyncGet?UUID=${ID}`, { method: "DELETE" }, 405, /use GET \/asyncGet/],
    [`/jobs/${ID}`, {}, 405, /DELETE \/jobs\/<id> cancels/],
    ["/add", {}, 405, /call it with POST/],
    [
      "/add",
      { method: "POST", body: '{"args": 5}', headers: { "content-type": "application/json" } },
      400,
      /"args" must be an array/,
    ],
    [
      "/add",
      { method: "POST", body: "x", headers: { "content-type": "text/plain" } },
      415,
      /application\/json or application\/cbor/,
    ],
  ];
  for (const [path, init, status, message] of cases) {
    const res = await getJson(h.url + path, init);
    assert.equal(res.status, status, path);
    assert.equal(res.body.status, "error");
    assert.match(res.body.message as string, message, path);
  }
  const wrong = await fetch(`${h.url}/jobs/${ID}`);
  assert.equal(wrong.headers.get("allow"), "DELETE");
  await wrong.body?.cancel();
  const head = await fetch(`${h.url}/asyncProbe?UUID=${ID}`, { method: "HEAD" });
  assert.equal(head.status, 200);
  await head.body?.cancel();
});

Deno.test("a result is kept for the retention time, then removed", async () => {
  await using h = serve(inlineServer({ retention: 0.2 }));
  const { ID } = await submit(h.url, "add", [2, 3]);
  const first = await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=10`);
  assert.equal(first.body.result, 5);
  // Expiry: poll until the job is gone (the hang guard in probeUntil's count is the only limit).
  let gone: { status: number; body: Record<string, unknown> } | undefined;
  for (let i = 0; i < 2000 && !gone; i++) {
    const res = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
    if (res.status === 404) gone = res;
    else {
      assert.equal(res.body.result, 5); // fetched more than once while it is kept
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  assert.ok(gone, "the job was never removed");
  assert.match(
    gone.body.message as string,
    /unknown or has expired \(a finished job is kept for 0.2 s\)/,
  );
});

Deno.test("the default retention keeps results (10 minutes) and shutdown clears its timers", async () => {
  const server = inlineServer();
  assert.equal(server.options.retention, 600);
  await using h = serve(server);
  const { ID } = await submit(h.url, "add", [1, 1]);
  for (let i = 0; i < 3; i++) {
    assert.equal((await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=10`)).body.result, 2);
  }
  // The test's sanitizers fail it if the 10-minute expiry timer outlives the server.
});

Deno.test("a result that cannot be sent fails its job with DataCloneError, in both modes", async () => {
  const inline = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("fn", () => ({ f: () => 1 }));
  const worker = makeServer({ poolSize: 1 }).addAsyncRPCEndpoint("fn", echoFunction, {
    module: FNS,
  });
  for (const server of [inline, worker]) {
    await using h = serve(server);
    const { ID } = await submit(h.url, "fn");
    await statusIs(h.url, ID, "failed");
    const res = await getJson(`${h.url}/asyncGet?UUID=${ID}`);
    assert.equal(res.status, 500);
    assert.equal(res.body.type, "DataCloneError");
    assert.match(res.body.message as string, /cannot be sent|could not be cloned|function/i);
  }
});

Deno.test("with maxLongPoll 0, wait= is ignored and Retry-After is the suggested wait", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 0 }));
  const { ID } = await submit(h.url, "stepper", ["routes-no-longpoll"]);
  const res = await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=30`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "2");
  assert.equal(res.body.retry_after, 1.5);
  openGate("routes-no-longpoll");
});

Deno.test("maxLongPolls: past the limit a long-poll is answered at once as a plain poll", async () => {
  await using h = serve(inlineServer({ maxLongPoll: 3600, maxLongPolls: 1 }));
  const { ID } = await submit(h.url, "stepper", ["routes-longpoll-limit"]);
  await statusIs(h.url, ID, "in_progress");
  const held = getJson(`${h.url}/asyncGet?UUID=${ID}&wait=3600`); // takes the one place
  await new Promise((r) => setTimeout(r, 20));
  // The job cannot end before the gate opens, so only the limit can answer this one now.
  const second = await getJson(`${h.url}/asyncGet?UUID=${ID}&wait=3600`);
  assert.equal(second.status, 503);
  assert.equal(second.body.type, "OperationInProgress");
  assert.equal(second.headers.get("retry-after"), "2", "a plain poll's Retry-After");
  openGate("routes-longpoll-limit");
  assert.equal((await held).status, 200);
});
