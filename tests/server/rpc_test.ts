// The server over real sockets, spoken to with raw fetch: what curl or another language sends.
import assert from "node:assert/strict";
import { Encoder } from "cbor-x";
import { InvalidServerState, makeServer, OperationInProgress } from "../../mod.ts";
import { decodeCbor } from "../../_wire/codec.ts";
import { postJson, serve } from "../_serve.ts";

function demoServer(options = {}) {
  return makeServer(options)
    .addRPCEndpoint("add", (a: number, b: number) => a + b, { description: "Adds." })
    .addRPCEndpoint("echo", (...xs: unknown[]) => xs)
    .addRPCEndpoint("later", async (x: number) => {
      await new Promise((r) => setTimeout(r, 1));
      return x * 2;
    })
    .addRPCEndpoint("sqrt", (x: number) => {
      if (x < 0) throw new RangeError("x must be >= 0");
      return Math.sqrt(x);
    })
    .addRPCEndpoint("busy", () => {
      throw new OperationInProgress("calibrating", 2.5);
    })
    .addRPCEndpoint("idle", () => {
      throw new InvalidServerState("call start first");
    })
    .addRPCEndpoint("bytes", () => ({ raw: new Uint8Array([1, 2, 3]) }))
    .addRPCEndpoint("badResult", () => ({ f: () => 1 }));
}

async function errorOf(res: Response) {
  assert.equal(res.headers.get("content-type"), "application/json");
  const body = await res.json();
  assert.equal(body.status, "error");
  return body as { type: string; message: string; stack?: string; retry_after?: number };
}

Deno.test("JSON call: 200 with the success envelope; async functions are awaited", async () => {
  await using h = serve(demoServer());
  const res = await postJson(`${h.url}/add`, { args: [1, 2] });
  assert.equal(res.status, 200);
  assert.deepStrictEqual(await res.json(), {
    status: "success",
    mimetype: "application/json",
    result: 3,
  });
  const later = await (await postJson(`${h.url}/later`, { args: [21] })).json();
  assert.equal(later.result, 42);
});

Deno.test("media-type parameters never break matching", async () => {
  await using h = serve(demoServer());
  for (const type of ["application/json; charset=utf-8", "Application/JSON ;charset=UTF-8"]) {
    const res = await postJson(`${h.url}/add`, { args: [2, 3] }, type);
    assert.equal((await res.json()).result, 5);
  }
});

Deno.test("kwargs, when non-empty, arrive as one extra last argument", async () => {
  await using h = serve(demoServer());
  const res = await postJson(`${h.url}/echo`, { args: [1], kwargs: { scale: 2 } });
  assert.deepStrictEqual((await res.json()).result, [1, { scale: 2 }]);
  const empty = await postJson(`${h.url}/echo`, { args: [1], kwargs: {} });
  assert.deepStrictEqual((await empty.json()).result, [1]);
  const none = await fetch(`${h.url}/echo`, { method: "POST" });
  assert.deepStrictEqual((await none.json()).result, []);
});

Deno.test("CBOR call: the body is a CBOR map and the answer the envelope in CBOR", async () => {
  await using h = serve(demoServer());
  const encoder = new Encoder({ useRecords: false });
  const res = await fetch(`${h.url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/cbor" },
    body: new Uint8Array(encoder.encode({ args: [new Date(5), 2n ** 80n, new Uint8Array([7])] })),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/cbor");
  const envelope = decodeCbor(new Uint8Array(await res.arrayBuffer()));
  assert.deepStrictEqual(envelope, {
    status: "success",
    mimetype: "application/cbor",
    result: [new Date(5), 2n ** 80n, new Uint8Array([7])],
  });
});

Deno.test("JSON answers map what JSON cannot carry (bytes become base64)", async () => {
  await using h = serve(demoServer());
  const res = await postJson(`${h.url}/bytes`, { args: [] });
  assert.deepStrictEqual((await res.json()).result, { raw: "AQID" });
});

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
  const head = "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" +
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

Deno.test("discovery at GET /: the Python TARP's four arrays, params and a protocol version", async () => {
  await using h = serve(demoServer());
  const res = await fetch(`${h.url}/`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "success");
  const doc = body.result;
  assert.deepStrictEqual(Object.keys(doc).slice(0, 4), ["GET", "POST", "RPC", "ASYNCRPC"]);
  assert.equal(doc.protocol, 1);
  assert.equal(doc.version, "0.1.0");
  assert.deepStrictEqual(doc.RPC[0], { name: "add", description: "Adds.", params: ["a", "b"] });
  assert.deepStrictEqual(doc.RPC[1].params, ["...xs"]);
  assert.equal(doc.RPC[2].description, "No description provided");
});

Deno.test("server.fetch answers in-process, with no socket", async () => {
  const server = demoServer();
  const res = await server.fetch(
    new Request("http://in-process/add", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args: [4, 5] }),
    }),
  );
  assert.equal((await res.json()).result, 9);
});

Deno.test("runServer: port 0 picks a free port, prints the seed's line, shuts down", async () => {
  const { runServer } = await import("../../server.ts");
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  let handle;
  try {
    handle = runServer(demoServer(), { port: 0, bindTo: "127.0.0.1" });
  } finally {
    console.log = log;
  }
  assert.ok(handle.port > 0);
  assert.equal(handle.url, `http://127.0.0.1:${handle.port}`);
  assert.match(lines[0], new RegExp(`^Serving HTTP on 127\\.0\\.0\\.1 port ${handle.port}`));
  const res = await postJson(`${handle.url}/add`, { args: [1, 2] });
  assert.equal((await res.json()).result, 3);
  await handle.shutdown();
  await handle.finished;
  await assert.rejects(postJson(`${handle.url}/add`, { args: [1, 2] }));
});

Deno.test("runServer: an aborted signal shuts the server down", async () => {
  const { runServer } = await import("../../server.ts");
  const controller = new AbortController();
  const handle = runServer(demoServer(), {
    port: 0,
    bindTo: "127.0.0.1",
    quiet: true,
    signal: controller.signal,
  });
  controller.abort();
  await handle.finished;
  await assert.rejects(fetch(`${handle.url}/`));
});

Deno.test("runServer binds all interfaces by default, as the seed documents", async () => {
  const { runServer } = await import("../../server.ts");
  const handle = runServer(demoServer(), { port: 0, quiet: true });
  try {
    assert.equal(handle.hostname, "0.0.0.0");
    assert.equal((await (await fetch(`${handle.url}/`)).json()).status, "success");
  } finally {
    await handle.shutdown();
  }
});
