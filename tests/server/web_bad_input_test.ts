// Bad input to web endpoints, down to raw HTTP that fetch refuses to send: always a 4xx envelope.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { envelope, webServer } from "./_web.ts";

/** Sends one raw HTTP/1.1 request (what fetch refuses to send) and returns the answer's text. */
async function rawHttp(port: number, request: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(request));
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    chunks.push(buf.slice(0, n));
  }
  conn.close();
  return new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
}

Deno.test("web: a GET request's body (which Deno's server drops) is a 400, not ignored", async () => {
  await using h = serve(webServer());
  const body = '{"a":1}';
  const answer = await rawHttp(
    h.port,
    `GET /body_get HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
  assert.match(answer, /^HTTP\/1\.1 400/);
  const json = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
  assert.equal(json.type, "BadRequest");
  assert.match(json.message, /query string/);
  // A GET that says its body is empty is fine.
  const empty = await rawHttp(
    h.port,
    "GET /body_get HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
  );
  assert.match(empty, /^HTTP\/1\.1 200/);
});

Deno.test("web: a GET with a chunked body and no Content-Type is a 400 too", async () => {
  await using h = serve(webServer());
  const answer = await rawHttp(
    h.port,
    "GET /body_get HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
      'Transfer-Encoding: chunked\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n',
  );
  assert.match(answer, /^HTTP\/1\.1 400/);
  const json = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
  assert.equal(json.type, "BadRequest");
  assert.match(json.message, /query string/);
});

Deno.test("web: bad input is always a 4xx envelope, never a 500, and the server lives on", async () => {
  await using h = serve(webServer({ maxBodyBytes: 1024 }));
  const junk = new Uint8Array(256).map((_, i) => (i * 131) % 256);
  const requests: [string, RequestInit][] = [
    ["/body", { method: "POST", headers: { "content-type": "application/json" }, body: junk }],
    ["/body", { method: "POST", headers: { "content-type": "text/plain" }, body: junk }],
    [
      "/body",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: junk,
      },
    ],
    [
      "/body",
      {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x" },
        body: junk,
      },
    ],
    ["/body", { method: "POST", headers: { "content-type": "text/plain; charset=" }, body: "x" }],
    ["/body", { method: "POST", headers: { "content-type": ";;;=;" }, body: "x" }],
    ["/body", { method: "POST", headers: { "content-type": "application/json" }, body: "1e999x" }],
    ["/body", { method: "POST", body: "x".repeat(2000) }],
    ["/body?%", { method: "POST" }],
    ["/query?%%%&&&===&a=%ZZ%", {}],
    ["/%E2%82", {}],
    ["/..%2F..%2Fetc%2Fpasswd", {}],
    ["/query", { method: "TRACE_X" }],
  ];
  for (const [path, init] of requests) {
    const res = await fetch(h.url + path, init);
    assert.ok(res.status < 500, `${path} ${JSON.stringify(init.headers)}: ${res.status}`);
    const body = await envelope(res);
    if (res.status >= 400) {
      assert.equal(body.status, "error");
      assert.ok((body.message as string).length > 10);
    }
  }
  assert.equal((await fetch(`${h.url}/query?still=alive`)).status, 200);
});
