// Web endpoint errors on the wire: 404, 405, 500 and 503, each an envelope that says why.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { envelope, failingServer } from "./_web.ts";

Deno.test("web: unknown endpoints and paths are 404 envelopes listing what exists", async () => {
  await using h = serve(failingServer());
  for (const path of ["/nope", "/nope?x=1", "/get_only/extra"]) {
    const res = await fetch(h.url + path);
    assert.equal(res.status, 404, path);
    const body = await envelope(res);
    assert.equal(body.type, "NotFound");
    assert.match(body.message as string, /get_only \(get\)/);
  }
});

Deno.test("web: the wrong method is a 405 with Allow", async () => {
  await using h = serve(failingServer());
  const cases: [string, string, string][] = [
    ["POST", "get_only", "GET, HEAD"],
    ["PUT", "get_only", "GET, HEAD"],
    ["DELETE", "get_only", "GET, HEAD"],
    ["OPTIONS", "get_only", "GET, HEAD"],
    ["GET", "post_only", "POST"],
    ["HEAD", "post_only", "POST"],
    ["PATCH", "post_only", "POST"],
  ];
  for (const [method, name, allow] of cases) {
    const res = await fetch(`${h.url}/${name}`, { method });
    assert.equal(res.status, 405, `${method} ${name}`);
    assert.equal(res.headers.get("allow"), allow);
    if (method !== "HEAD") assert.equal((await envelope(res)).type, "MethodNotAllowed");
    else await res.body?.cancel();
  }
});

Deno.test("web: a handler that throws is a 500 with its type and message, no stack", async () => {
  await using h = serve(failingServer());
  const table: [string, string, string][] = [
    ["throws", "RangeError", "x must be positive"],
    ["rejects", "Error", "async failure"],
    ["throws_string", "Error", "plain string"],
  ];
  for (const [name, type, message] of table) {
    const res = await fetch(`${h.url}/${name}`);
    assert.equal(res.status, 500);
    assert.deepEqual(await envelope(res), { status: "error", type, message });
  }
});

Deno.test("web: OperationInProgress is a 503 with Retry-After, on GET and POST", async () => {
  await using h = serve(failingServer());
  const get = await fetch(`${h.url}/busy`);
  assert.equal(get.status, 503);
  assert.equal(get.headers.get("retry-after"), "3");
  assert.deepEqual(await envelope(get), {
    status: "error",
    type: "OperationInProgress",
    message: "still measuring",
    retry_after: 2.5,
  });
  const post = await fetch(`${h.url}/busy_post`, { method: "POST" });
  assert.equal(post.status, 503);
  assert.equal(post.headers.get("retry-after"), "1");
  assert.equal((await envelope(post)).retry_after, 0.25);
});

Deno.test("web: InvalidServerState is a 503 without Retry-After", async () => {
  await using h = serve(failingServer());
  const res = await fetch(`${h.url}/not_started`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), null);
  assert.deepEqual(await envelope(res), {
    status: "error",
    type: "InvalidServerState",
    message: "call generate_data first",
  });
});
