// The job routes over raw HTTP, as curl or another language's client would use them: starting,
// failing, cancelling, unknown IDs and mistakes.
import assert from "node:assert/strict";
import { decodeCbor, encodeCborMessage } from "../../_wire/codec.ts";
import { makeServer } from "../../server.ts";
import { serve } from "../_serve.ts";
import { getJson, statusIs, submit } from "../_jobs.ts";
import { echoFunction, fail, FNS, openGate } from "../fixtures/jobs_fns.ts";
import { inlineServer } from "./_job_server.ts";

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
  const discovery = await getJson(h, `/`);
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
  const json = await getJson(h, `/asyncGet?UUID=${ID}`);
  assert.equal(json.body.mimetype, "application/json");
  assert.equal((json.body.result as { n: unknown }).n, (2n ** 70n).toString());
});

Deno.test("a failed job: probe failed, asyncGet 500 with the job error's type and message", async () => {
  for (
    const server of [
      inlineServer(),
      makeServer({ poolSize: 1 }).addAsyncRPCEndpoint("fail", fail, { module: FNS }),
    ]
  ) {
    await using h = serve(server);
    const { ID } = await submit(h, "fail", ["x must be positive"]);
    await statusIs(h, ID, "failed");
    const res = await getJson(h, `/asyncGet?UUID=${ID}`);
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
  const { ID } = await submit(h, "fail", ["oops"]);
  await statusIs(h, ID, "failed");
  const res = await getJson(h, `/asyncGet?UUID=${ID}`);
  assert.match(res.body.stack as string, /RangeError: oops/);
});

Deno.test("DELETE /jobs/<id> cancels; asyncGet then answers 409 Cancelled", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h, "stepper", ["routes-cancel"]);
  await statusIs(h, ID, "in_progress");
  const del = await getJson(h, `/jobs/${ID}`, { method: "DELETE" });
  assert.equal(del.status, 200);
  assert.equal((del.body.result as { status: string }).status, "cancelled");
  const res = await getJson(h, `/asyncGet?UUID=${ID}`);
  assert.equal(res.status, 409);
  assert.equal(res.body.type, "Cancelled");
  assert.match(res.body.message as string, /was cancelled/);
  // Cancelling again changes nothing; the job's late end does not overwrite the cancellation.
  openGate("routes-cancel");
  const again = await getJson(h, `/jobs/${ID}`, { method: "DELETE" });
  assert.equal((again.body.result as { status: string }).status, "cancelled");
  // A job that has already ended is left as it is.
  const added = await submit(h, "add", [1, 2]);
  await statusIs(h, added.ID, "completed");
  const late = await getJson(h, `/jobs/${added.ID}`, { method: "DELETE" });
  assert.equal((late.body.result as { status: string }).status, "completed");
  assert.equal((await getJson(h, `/asyncGet?UUID=${added.ID}`)).body.result, 3);
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
    const res = await getJson(h, url, init);
    assert.equal(res.status, 404, url);
    assert.equal(res.body.type, "NotFound");
    assert.match(res.body.message as string, /No job with ID "nope": it is unknown or has expired/);
  }
});

Deno.test("client mistakes on the job routes are 4xx envelopes that say what to fix", async () => {
  await using h = serve(inlineServer());
  const { ID } = await submit(h, "add", [1, 2]);
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
    const res = await getJson(h, path, init);
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

Deno.test("a result that cannot be sent fails its job with DataCloneError, in both modes", async () => {
  const inline = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("fn", () => ({ f: () => 1 }));
  const worker = makeServer({ poolSize: 1 }).addAsyncRPCEndpoint("fn", echoFunction, {
    module: FNS,
  });
  for (const server of [inline, worker]) {
    await using h = serve(server);
    const { ID } = await submit(h, "fn");
    await statusIs(h, ID, "failed");
    const res = await getJson(h, `/asyncGet?UUID=${ID}`);
    assert.equal(res.status, 500);
    assert.equal(res.body.type, "DataCloneError");
    assert.match(res.body.message as string, /cannot be sent|could not be cloned|function/i);
  }
});
