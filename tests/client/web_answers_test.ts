// What web calls resolve to: [mimetype, result] from an envelope, [contentType, data] from a raw
// payload, from this server or from one that does not mark raw payloads; and their types.
import assert from "node:assert/strict";
import {
  makeServer,
  OperationInProgress,
  rawPayload,
  RemoteError,
  type WebResult,
} from "../../mod.ts";
import { client } from "../../client.ts";
import { local, LOCAL_URL } from "../_serve.ts";

function answerServer() {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  return makeServer()
    .addGetEndpoint("text", () => "hello")
    .addGetEndpoint("number", () => 2.5)
    .addGetEndpoint("boolean", () => true)
    .addGetEndpoint("null", () => null)
    .addGetEndpoint("undefined", () => undefined)
    .addGetEndpoint("bytes", () => bytes)
    .addGetEndpoint("nested_bytes", () => ({ png: bytes }))
    .addGetEndpoint("declared", () => [1], { resultMimetype: "application/vnd.list+json" })
    .addGetEndpoint("png", () => rawPayload(bytes, "image/png"))
    .addGetEndpoint("raw_default", () => rawPayload(bytes))
    .addGetEndpoint("csv", () => rawPayload("a,b\n1,2\n", "text/csv"))
    .addGetEndpoint(
      "latin1",
      () => rawPayload(new Uint8Array([0x63, 0xe9]), "text/plain; charset=iso-8859-1"),
    )
    .addGetEndpoint(
      "raw_json",
      () => rawPayload('{"status":"success","mimetype":"x","result":1}', "application/json"),
    )
    .addGetEndpoint("raw_bad_json", () => rawPayload("{oops", "application/json"))
    .addPostEndpoint("html", () => rawPayload("<b>hi</b>", "text/html"));
}

Deno.test("web client: envelopes resolve to [mimetype, result]; bytes stay base64 strings", async () => {
  await using h = local(answerServer());
  const c = await h.client();
  const base64 = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).toBase64();
  const table: [WebResult, WebResult][] = [
    [await c.text(), ["text/plain", "hello"]],
    [await c.number(), ["application/json", 2.5]],
    [await c.boolean(), ["application/json", true]],
    [await c.null(), ["application/json", null]],
    [await c.undefined(), ["application/json", null]],
    [await c.bytes(), ["application/octet-stream", base64]],
    [await c.nested_bytes(), ["application/json", { png: base64 }]],
    [await c.declared(), ["application/vnd.list+json", [1]]],
  ];
  for (const [got, expected] of table) assert.deepEqual(got, expected);
});

Deno.test("web client: raw payloads resolve to [contentType, data] decoded by type", async () => {
  await using h = local(answerServer());
  const c = await h.client();
  const [pngType, png] = await c.png();
  assert.equal(pngType, "image/png");
  assert.ok(png instanceof Uint8Array);
  assert.deepEqual([...png], [0x89, 0x50, 0x4e, 0x47]);
  const [defaultType, raw] = await c.raw_default();
  assert.equal(defaultType, "application/octet-stream");
  assert.ok(raw instanceof Uint8Array);
  assert.deepEqual(await c.csv(), ["text/csv; charset=utf-8", "a,b\n1,2\n"]);
  assert.deepEqual(await c.latin1(), ["text/plain; charset=iso-8859-1", "cé"]);
  assert.deepEqual(await c.html(), ["text/html; charset=utf-8", "<b>hi</b>"]);
  // A raw JSON payload is parsed, and never mistaken for an envelope even when shaped like one.
  assert.deepEqual(await c.raw_json(), [
    "application/json",
    { status: "success", mimetype: "x", result: 1 },
  ]);
  await assert.rejects(() => c.raw_bad_json(), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.match(e.message, /not valid JSON/);
    return true;
  });
});

Deno.test("web client: envelopes from a server that does not mark raw payloads", async () => {
  // A stand-in for the Python TARP: same routes and envelopes, no x-tarp-payload header.
  const bare = (req: Request) => Promise.resolve(answer(req));
  const answer = (req: Request) => {
    const path = new URL(req.url).pathname;
    const json = (v: unknown, status = 200) =>
      new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });
    if (path === "/") {
      const entry = (name: string) => ({ name, description: "", query_params: null });
      return json({
        status: "success",
        mimetype: "application/json",
        result: { GET: ["env", "plain_json", "busy"].map(entry), POST: [], RPC: [], ASYNCRPC: [] },
      });
    }
    if (path === "/env") {
      return json({ status: "success", mimetype: "application/json", result: 7 });
    }
    if (path === "/plain_json") return json({ just: "data" });
    return new Response(
      JSON.stringify({ status: "error", type: "OperationInProgress", message: "wait" }),
      { status: 503, headers: { "content-type": "application/json", "retry-after": "2.5" } },
    );
  };
  const c = await client(LOCAL_URL, { fetch: bare });
  assert.deepEqual(await c.env(), ["application/json", 7]);
  assert.deepEqual(await c.plain_json(), ["application/json", { just: "data" }]);
  await assert.rejects(() => c.busy(), (e) => {
    assert.ok(e instanceof OperationInProgress);
    assert.equal(e.retryAfter, 2.5); // a float Retry-After (the Python client crashed on it)
    return true;
  });
});

Deno.test("web client: the typed client types web methods", async () => {
  const server = makeServer()
    .addGetEndpoint("g", () => 1)
    .addPostEndpoint("p", () => 1)
    .addRPCEndpoint("add", (a: number, b: number) => a + b);
  await using h = local(server);
  const c = await h.client();
  const g: WebResult = await c.g({ a: 1, b: ["x", true] });
  const p: WebResult = await c.p(new Uint8Array([1]), { a: 1 });
  const sum: number = await c.add(1, 2);
  assert.deepEqual([g, p, sum], [["application/json", 1], ["application/json", 1], 3]);
  // Compile-time checks only: deno test type-checks this file, and these lines must not compile.
  if (Math.random() > 2) {
    // @ts-expect-error: a GET endpoint takes only the query
    c.g({}, {});
    // @ts-expect-error: query values are strings, numbers, booleans or arrays of them
    c.g({ when: new Date() });
    // @ts-expect-error: the query is an object
    c.p({}, "a=1");
    // @ts-expect-error: the answer is [mimetype, data], not a number
    c.g() satisfies Promise<number>;
  }
});
