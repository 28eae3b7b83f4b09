// What web handlers return, as it goes on the wire: envelopes, raw payloads, and HEAD.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { envelope, failingServer, resultServer } from "./_web.ts";

Deno.test("web: each kind of return value becomes the envelope with its mimetype", async () => {
  await using h = serve(resultServer());
  const base64 = new Uint8Array([1, 2, 3, 250]).toBase64();
  const table: [string, string, unknown][] = [
    ["object", "application/json", { x: [0, 0.5], nested: { ok: true } }],
    ["array", "application/json", [1, "a", null]],
    ["string", "text/plain", "hello"],
    ["number", "application/json", 3.5],
    ["zero", "application/json", 0],
    ["boolean", "application/json", false],
    ["null", "application/json", null],
    ["undefined", "application/json", null],
    ["async", "application/json", { later: 1 }],
    ["bytes", "application/octet-stream", base64],
    ["buffer", "application/octet-stream", base64],
    ["nested_bytes", "application/json", { data: base64, list: [base64] }],
    ["declared", "application/vnd.x+json", { a: 1 }],
    ["declared_text", "text/csv", "x,y"],
  ];
  for (const [name, mimetype, result] of table) {
    const res = await fetch(`${h.url}/${name}`);
    assert.equal(res.status, 200, name);
    assert.deepEqual(await envelope(res), { status: "success", mimetype, result }, name);
  }
});

Deno.test("web: rawPayload answers its bytes with its Content-Type and no envelope", async () => {
  await using h = serve(resultServer());
  const table: [string, string, number[]][] = [
    ["png", "image/png", [1, 2, 3, 250]],
    ["raw_default", "application/octet-stream", [1, 2, 3, 250]],
    ["raw_buffer", "image/x-test", [1, 2, 3, 250]],
    ["raw_text", "text/html; charset=utf-8", [...new TextEncoder().encode("<h1>héllo</h1>")]],
    ["raw_text_charset", "text/plain; charset=us-ascii", [97]],
  ];
  for (const [name, type, bytes] of table) {
    const res = await fetch(`${h.url}/${name}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), type, name);
    assert.deepEqual([...new Uint8Array(await res.arrayBuffer())], bytes, name);
  }
  const json = await fetch(`${h.url}/raw_json`);
  assert.equal(await json.text(), '{"status":"success","result":1}');
});

Deno.test("web: a bad rawPayload is the handler's error (500) with a message", async () => {
  await using h = serve(resultServer());
  for (const [name, why] of [["raw_bad_type", /not a MIME type/], ["raw_bad_payload", /object/]]) {
    const res = await fetch(`${h.url}/${name}`);
    assert.equal(res.status, 500);
    const body = await envelope(res);
    assert.equal(body.type, "TypeError");
    assert.match(body.message as string, why as RegExp);
    assert.equal(res.headers.get("x-evil"), null);
  }
});

Deno.test("web: HEAD answers a GET endpoint's headers without the body", async () => {
  await using h = serve(resultServer());
  for (const name of ["object", "png", "raw_text"]) {
    const get = await fetch(`${h.url}/${name}`);
    const length = (await get.arrayBuffer()).byteLength;
    const head = await fetch(`${h.url}/${name}`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-type"), get.headers.get("content-type"));
    assert.equal(head.headers.get("content-length"), String(length));
    assert.equal(await head.text(), "");
  }
  // In-process too, where no HTTP server strips the body.
  const res = await resultServer().fetch(new Request("http://local/object", { method: "HEAD" }));
  assert.equal(res.status, 200);
  assert.equal(res.body, null);
  assert.ok(Number(res.headers.get("content-length")) > 0);
});

Deno.test("web: HEAD runs the handler once, like GET", async () => {
  const server = failingServer();
  await using h = serve(server);
  await (await fetch(`${h.url}/counter`, { method: "HEAD" })).body?.cancel();
  const { result } = await envelope(await fetch(`${h.url}/counter`));
  assert.equal(result, 2);
});
