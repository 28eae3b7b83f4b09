// Bad input never crashes the server and never gets a 500: a seeded stream of malformed requests
// against every kind of route, each answered 4xx with the JSON error envelope.
import assert from "node:assert/strict";
import { encodeCborMessage } from "../_wire/codec.ts";
import { makeServer } from "../server.ts";
import { serve } from "./_serve.ts";

function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

Deno.test("hundreds of malformed requests: all 4xx with the envelope, and the server lives", async () => {
  const server = makeServer({ jobs: "inline", maxBodyBytes: 64 * 1024 })
    .addRPCEndpoint("echo", (...xs: unknown[]) => xs.length)
    .addAsyncRPCEndpoint("job", (...xs: unknown[]) => xs.length)
    .addGetEndpoint("page", (params) => Object.keys(params).length)
    .addPostEndpoint("form", (_params, body) => typeof body);
  await using h = serve(server);
  const random = prng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const validCbor = encodeCborMessage({ args: [1, "two", new Map([[3, new Date(4)]])] }, "args");
  const validJson = new TextEncoder().encode(JSON.stringify({ args: [1, { a: [2] }] }));
  const mutate = (bytes: Uint8Array) => {
    const out = bytes.slice(0, Math.max(1, Math.floor(random() * (bytes.length + 4))));
    for (let i = 0; i < 3; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return out;
  };
  const bodies = () =>
    pick([
      () => mutate(validCbor),
      () => mutate(validJson),
      () => crypto.getRandomValues(new Uint8Array(Math.floor(random() * 200))),
      () => new TextEncoder().encode('{"args": ' + "[".repeat(500) + "]".repeat(500) + "}"),
      () => new Uint8Array([0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      () => new Uint8Array([0xd8, 27, 0x82, 0x64, 0x65, 0x76, 0x61, 0x6c, 0x60]),
    ])();
  const types = [
    "application/cbor",
    "application/json",
    "application/json; charset=latin-1",
    "multipart/form-data; boundary=x",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "text/plain; charset=nope",
  ];
  const paths = [
    "/echo",
    "/echo",
    "/job",
    "/job",
    "/form",
    "/page?%zz=1&a=%",
    "/form?x=%E0%A4%A",
    "/asyncGet?UUID=nope&wait=abc",
    "/asyncProbe",
    "/jobs/x",
    "/%2e%2e/etc",
    "/",
  ];
  for (let i = 0; i < 400; i++) {
    const method = random() < 0.85 ? "POST" : pick(["GET", "PUT", "DELETE", "PATCH"]);
    const path = pick(paths);
    const init: RequestInit = { method, headers: { "content-type": pick(types) } };
    if (method !== "GET") init.body = bodies();
    const res = await fetch(h.url + path, init);
    const text = await res.text();
    assert.ok(res.status < 500, `${method} ${path} → ${res.status}: ${text}`);
    if (res.status >= 400) {
      const envelope = JSON.parse(text);
      assert.equal(envelope.status, "error");
      assert.equal(typeof envelope.message, "string");
    }
  }
  const alive = await fetch(`${h.url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"args": [1, 2, 3]}',
  });
  assert.equal((await alive.json()).result, 3);
});
