// RPC calls over real sockets, spoken to with raw fetch: what curl or another language sends.
import assert from "node:assert/strict";
import { Encoder } from "cbor-x";
import { decodeCbor } from "../../_wire/codec.ts";
import { demoServer } from "./_demo.ts";
import { postJson, serve } from "../_serve.ts";

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

Deno.test("a call needs a JSON or CBOR body: none, or another type, is a 415 and runs nothing", async () => {
  let calls = 0;
  const server = demoServer().addRPCEndpoint("count", () => ++calls);
  await using h = serve(server);
  // What a page on another site can send without asking first: no body, text, a form.
  const bodies: [BodyInit | undefined, string | undefined][] = [
    [undefined, undefined],
    ["", "text/plain"],
    ['{"args": []}', "text/plain"],
    ["args=1", "application/x-www-form-urlencoded"],
  ];
  for (const [body, type] of bodies) {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const res = await fetch(`${h.url}/count`, { method: "POST", headers, body });
    assert.equal(res.status, 415, `${type}: ${body}`);
    assert.match((await res.json()).message, /application\/json or application\/cbor/);
  }
  assert.equal(calls, 0);
  const empty = await fetch(`${h.url}/count`, {
    method: "POST",
    headers: { "content-type": "application/json" },
  });
  assert.deepStrictEqual((await empty.json()).result, 1, "an empty JSON body: no arguments");
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
