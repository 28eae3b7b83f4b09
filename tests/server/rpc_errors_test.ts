// RPC errors on the wire, status by status: what curl or another language's client meets.
import assert from "node:assert/strict";
import { demoServer, errorOf } from "./_demo.ts";
import { postJson, serve } from "../_serve.ts";

Deno.test("400: malformed bodies and args that are not an array, with a useful message", async () => {
  await using h = serve(demoServer());
  const cases: [BodyInit, string, RegExp][] = [
    ["{nope", "application/json", /malformed JSON/],
    ['{"args": 5}', "application/json", /"args" must be an array/],
    ["[1, 2]", "application/json", /must be an object/],
    ['{"args": [], "kwargs": [1]}', "application/json", /"kwargs" must be an object/],
    [new Uint8Array([0x9f, 0x01]), "application/cbor", /ends in the middle/],
    [new Uint8Array([0xd8, 105, 0x80]), "application/cbor", /tag 105/],
  ];
  for (const [body, type, message] of cases) {
    const res = await fetch(`${h.url}/add`, {
      method: "POST",
      headers: { "content-type": type },
      body,
    });
    assert.equal(res.status, 400, String(body));
    const err = await errorOf(res);
    assert.equal(err.type, "BadRequest");
    assert.match(err.message, message);
  }
});

Deno.test("400, not a crash: values nested past the depth limit", async () => {
  await using h = serve(demoServer({ maxDepth: 32 }));
  const deep = "[".repeat(50) + "]".repeat(50);
  const res = await postJson(`${h.url}/echo`, `{"args": [${deep}]}`);
  assert.equal(res.status, 400);
  assert.match((await errorOf(res)).message, /nested deeper than 32 levels/);
  const cbor = new Uint8Array([0xa1, 0x64, ...new TextEncoder().encode("args"), 0x81]);
  const deepCbor = new Uint8Array([...cbor, ...new Uint8Array(100_000).fill(0x81), 0x00]);
  const res2 = await fetch(`${h.url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/cbor" },
    body: deepCbor,
  });
  assert.equal(res2.status, 400);
  await res2.body?.cancel();
  const ok = await postJson(`${h.url}/add`, { args: [1, 1] });
  assert.equal((await ok.json()).result, 2, "the server still answers");
});

Deno.test("404: unknown endpoint, and the message lists what exists", async () => {
  await using h = serve(demoServer());
  for (const path of ["/nothing", "/add/extra"]) {
    const res = await postJson(`${h.url}${path}`, { args: [] });
    assert.equal(res.status, 404);
    const err = await errorOf(res);
    assert.equal(err.type, "NotFound");
    assert.match(err.message, /add \(rpc\), echo \(rpc\)/);
  }
});

Deno.test("405 with Allow: an RPC endpoint is POST only", async () => {
  await using h = serve(demoServer());
  for (const method of ["GET", "PUT", "DELETE"]) {
    const res = await fetch(`${h.url}/add`, { method });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "POST");
    assert.match((await errorOf(res)).message, /call it with POST/);
  }
});

Deno.test("413: an oversize body is refused before it is read whole", async () => {
  await using h = serve(demoServer({ maxBodyBytes: 1024 }));
  const big = JSON.stringify({ args: ["x".repeat(5000)] });
  const res = await postJson(`${h.url}/echo`, big);
  assert.equal(res.status, 413);
  assert.equal((await errorOf(res)).type, "PayloadTooLarge");
  // Without Content-Length (chunked), counted as it arrives.
  let chunks = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (++chunks > 100) controller.close();
      else controller.enqueue(new Uint8Array(512).fill(32));
    },
  });
  const res2 = await fetch(`${h.url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: stream,
  });
  assert.equal(res2.status, 413);
  assert.match((await errorOf(res2)).message, /larger than this server's limit of 1024 bytes/);
});

Deno.test("413 arrives while a huge declared body has not even been sent", async () => {
  await using h = serve(demoServer({ maxBodyBytes: 1024 }));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.port });
  const head = "POST /echo HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n" +
    "content-length: 1000000000\r\nconnection: close\r\n\r\n{";
  await conn.write(new TextEncoder().encode(head));
  let answer = "";
  const buf = new Uint8Array(4096);
  while (!answer.includes("PayloadTooLarge")) {
    const n = await conn.read(buf);
    if (n === null) break;
    answer += new TextDecoder().decode(buf.subarray(0, n));
  }
  conn.close();
  assert.match(answer, /^HTTP\/1\.1 413/);
  assert.match(answer, /PayloadTooLarge/);
});

Deno.test("415: an unsupported content type names the ones that work", async () => {
  await using h = serve(demoServer());
  const res = await fetch(`${h.url}/add`, {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "1 2",
  });
  assert.equal(res.status, 415);
  const err = await errorOf(res);
  assert.equal(err.type, "UnsupportedMediaType");
  assert.match(err.message, /application\/json or application\/cbor/);
});

Deno.test("500: the function threw; type is the error's name; no stack unless opted in", async () => {
  await using h = serve(demoServer());
  const res = await postJson(`${h.url}/sqrt`, { args: [-1] });
  assert.equal(res.status, 500);
  const err = await errorOf(res);
  assert.deepStrictEqual(err, { status: "error", type: "RangeError", message: "x must be >= 0" });

  await using h2 = serve(demoServer({ exposeStack: true }));
  const withStack = await errorOf(await postJson(`${h2.url}/sqrt`, { args: [-1] }));
  assert.match(withStack.stack ?? "", /RangeError: x must be >= 0\n\s+at /);
});

Deno.test("a result that cannot be sent is a 500 naming where it sits", async () => {
  await using h = serve(demoServer());
  const res = await fetch(`${h.url}/badResult`, {
    method: "POST",
    headers: { "content-type": "application/cbor" },
  });
  assert.equal(res.status, 500);
  assert.match((await errorOf(res)).message, /result\.f is a function/);
});

Deno.test("503 + Retry-After for OperationInProgress; 503 for InvalidServerState", async () => {
  await using h = serve(demoServer());
  const busy = await postJson(`${h.url}/busy`, { args: [] });
  assert.equal(busy.status, 503);
  assert.equal(busy.headers.get("retry-after"), "3");
  const err = await errorOf(busy);
  assert.equal(err.type, "OperationInProgress");
  assert.equal(err.retry_after, 2.5);
  const idle = await postJson(`${h.url}/idle`, { args: [] });
  assert.equal(idle.status, 503);
  assert.equal(idle.headers.get("retry-after"), null);
  assert.deepStrictEqual(await errorOf(idle), {
    status: "error",
    type: "InvalidServerState",
    message: "call start first",
  });
});
