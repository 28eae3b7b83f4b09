// The web-like interface on the wire, as a browser or curl meets it: raw fetch (and raw TCP where
// fetch cannot say it), no TARP client, against a real server on a free loopback port.
import assert from "node:assert/strict";
import {
  InvalidServerState,
  makeServer,
  OperationInProgress,
  type QueryParams,
  rawPayload,
  runServer,
  type ServerOptions,
  type TarpServer,
} from "../../mod.ts";
import { jobSignal } from "../../jobs/mod.ts";

// deno-lint-ignore no-explicit-any
function serve(server: TarpServer<any>) {
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  return Object.assign(handle, { [Symbol.asyncDispose]: () => handle.shutdown() });
}

/** What a handler saw of its body, in a JSON-friendly form. */
async function describeBody(body: unknown): Promise<unknown> {
  if (body === undefined) return { kind: "undefined" };
  if (typeof body === "string") return { kind: "string", value: body };
  if (body instanceof Uint8Array) return { kind: "bytes", value: Array.from(body) };
  if (body instanceof File) {
    return { kind: "file", name: body.name, type: body.type, text: await body.text() };
  }
  if (Array.isArray(body)) return Promise.all(body.map(describeBody));
  if (
    body !== null && typeof body === "object" && Object.getPrototypeOf(body) === Object.prototype
  ) {
    const entries = await Promise.all(
      Object.entries(body).map(async ([k, v]) => [k, await fieldOf(v)]),
    );
    return { kind: "object", value: Object.fromEntries(entries) };
  }
  return { kind: typeof body, value: body };
}

function fieldOf(v: unknown): Promise<unknown> {
  if (v instanceof File) return describeBody(v);
  if (Array.isArray(v)) return Promise.all(v.map(fieldOf));
  return Promise.resolve(v);
}

function webServer(options: ServerOptions = {}) {
  return makeServer(options)
    .addGetEndpoint("query", (params) => ({ params, keys: Object.keys(params) }))
    .addGetEndpoint("body_get", async (_params, body) => await describeBody(body))
    .addPostEndpoint("body", async (params, body) => ({ params, body: await describeBody(body) }));
}

async function envelope(res: Response): Promise<Record<string, unknown>> {
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return await res.json();
}

async function post(url: string, body: BodyInit | null, contentType?: string) {
  const headers = contentType === undefined ? undefined : { "content-type": contentType };
  const res = await fetch(url, { method: "POST", headers, body });
  return { status: res.status, body: await envelope(res) };
}

// ---------------------------------------------------------------- registration and discovery

Deno.test("web: discovery lists GET and POST endpoints with every metadata option", async () => {
  const server = makeServer()
    .addGetEndpoint("plain", () => 1)
    .addGetEndpoint("described", () => 1, {
      description: "Sets the bounds",
      resultMimetype: "application/json",
      queryParams: { lower: "float", upper: "float" },
    })
    .addPostEndpoint("upload", () => 1, {
      description: "Stores a reading",
      queryParams: ["unit"],
      payloadMimetype: "application/json",
      payloadSchema: { type: "object" },
      resultMimetype: "text/plain",
    })
    .addPostEndpoint("bare_post", () => 1);
  await using h = serve(server);
  const doc = (await envelope(await fetch(h.url))).result as Record<string, unknown[]>;
  assert.deepEqual(doc.GET, [
    { name: "plain", description: "No description provided", query_params: null },
    {
      name: "described",
      description: "Sets the bounds",
      query_params: { lower: "float", upper: "float" },
      result_mimetype: "application/json",
    },
  ]);
  assert.deepEqual(doc.POST, [
    {
      name: "upload",
      description: "Stores a reading",
      query_params: ["unit"],
      result_mimetype: "text/plain",
      payload_mimetype: "application/json",
      payload_schema: { type: "object" },
    },
    {
      name: "bare_post",
      description: "No description provided",
      query_params: null,
      payload_mimetype: null,
      payload_schema: null,
    },
  ]);
});

Deno.test("web: registration refuses names the server cannot route", () => {
  assert.throws(() => makeServer().addGetEndpoint("a/b", () => 1), /not a usable endpoint name/);
  assert.throws(
    () => makeServer().addGetEndpoint("x", () => 1).addPostEndpoint("x", () => 1),
    /already registered/,
  );
});

// ---------------------------------------------------------------- query strings

Deno.test("web: the query string is percent-decoded; repeated keys become arrays", async () => {
  await using h = serve(webServer());
  const qs = "a=1&b=x+y&c=x%20y&d=a%26b%3Dc&e=1&e=2&e=3&f=&g&%C3%A9=%E2%82%AC&h=%2B";
  const { result } = await envelope(await fetch(`${h.url}/query?${qs}`));
  assert.deepEqual((result as { params: QueryParams }).params, {
    a: "1",
    b: "x y",
    c: "x y",
    d: "a&b=c",
    e: ["1", "2", "3"],
    f: "",
    g: "",
    "é": "€",
    h: "+",
  });
});

Deno.test("web: no query string gives an empty object", async () => {
  await using h = serve(webServer());
  for (const path of ["/query", "/query?"]) {
    const { result } = await envelope(await fetch(h.url + path));
    assert.deepEqual(result, { params: {}, keys: [] });
  }
});

Deno.test("web: query keys like __proto__ are ordinary keys; bad escapes stay literal", async () => {
  await using h = serve(webServer());
  const res = await fetch(`${h.url}/query?__proto__=x&constructor=y&p=%zz&q=%E2%82`);
  assert.equal(res.status, 200);
  const { params, keys } = (await envelope(res)).result as { params: QueryParams; keys: string[] };
  assert.deepEqual(keys, ["__proto__", "constructor", "p", "q"]);
  assert.equal(params.p, "%zz");
  assert.equal(params.q, "\uFFFD");
});

// ---------------------------------------------------------------- bodies by content type

Deno.test("web: JSON bodies are parsed, whatever parameters the Content-Type has", async () => {
  await using h = serve(webServer());
  for (
    const type of [
      "application/json",
      "application/json; charset=utf-8",
      'application/json;charset="UTF-8"',
      "Application/JSON",
      "application/problem+json",
    ]
  ) {
    const { status, body } = await post(`${h.url}/body`, '{"a":[1,"two",null]}', type);
    assert.equal(status, 200, type);
    assert.deepEqual(body.result, {
      params: {},
      body: { kind: "object", value: { a: [1, "two", null] } },
    });
  }
  const { body } = await post(`${h.url}/body`, "[1, 2]", "application/json");
  assert.deepEqual((body.result as { body: unknown }).body, [
    { kind: "number", value: 1 },
    { kind: "number", value: 2 },
  ]);
  const scalar = await post(`${h.url}/body`, "42", "application/json");
  assert.deepEqual((scalar.body.result as { body: unknown }).body, { kind: "number", value: 42 });
});

Deno.test("web: malformed JSON is a 400 that says so, never bytes", async () => {
  await using h = serve(webServer());
  for (const text of ["{bad", '{"a":1', "undefined", "\u00ff"]) {
    const { status, body } = await post(`${h.url}/body`, text, "application/json; charset=utf-8");
    assert.equal(status, 400, text);
    assert.equal(body.status, "error");
    assert.equal(body.type, "BadRequest");
    assert.match(body.message as string, /not valid JSON/);
  }
});

Deno.test("web: JSON nested deeper than maxDepth is a 400", async () => {
  await using h = serve(webServer({ maxDepth: 10 }));
  const deep = "[".repeat(11) + "]".repeat(11);
  const { status, body } = await post(`${h.url}/body`, deep, "application/json");
  assert.equal(status, 400);
  assert.match(body.message as string, /deeper than 10/);
  const ok = await post(`${h.url}/body`, "[".repeat(10) + "]".repeat(10), "application/json");
  assert.equal(ok.status, 200);
});

Deno.test("web: an empty JSON body is no body; an empty text body is an empty string", async () => {
  await using h = serve(webServer());
  const json = await post(`${h.url}/body`, "", "application/json");
  assert.deepEqual((json.body.result as { body: unknown }).body, { kind: "undefined" });
  const text = await post(`${h.url}/body`, "", "text/plain");
  assert.deepEqual((text.body.result as { body: unknown }).body, { kind: "string", value: "" });
  const form = await post(`${h.url}/body`, "", "application/x-www-form-urlencoded");
  assert.deepEqual((form.body.result as { body: unknown }).body, { kind: "object", value: {} });
  const bytes = await post(`${h.url}/body`, "", "application/octet-stream");
  assert.deepEqual((bytes.body.result as { body: unknown }).body, { kind: "bytes", value: [] });
});

Deno.test("web: no body at all gives undefined", async () => {
  await using h = serve(webServer());
  const { body } = await post(`${h.url}/body`, null);
  assert.deepEqual((body.result as { body: unknown }).body, { kind: "undefined" });
  const get = await envelope(await fetch(`${h.url}/body_get`));
  assert.deepEqual(get.result, { kind: "undefined" });
});

Deno.test("web: urlencoded forms decode like the query string", async () => {
  await using h = serve(webServer());
  for (
    const type of [
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded; charset=UTF-8",
    ]
  ) {
    const { body } = await post(`${h.url}/body`, "a=x+y&b=1&b=2&c=%26%3D", type);
    assert.deepEqual((body.result as { body: unknown }).body, {
      kind: "object",
      value: { a: "x y", b: ["1", "2"], c: "&=" },
    });
  }
  // What a browser's <form method="post"> sends: fetch writes the same Content-Type.
  const { body } = await post(`${h.url}/body`, new URLSearchParams({ q: "a b&c" }));
  assert.deepEqual((body.result as { body: unknown }).body, {
    kind: "object",
    value: { q: "a b&c" },
  });
});

Deno.test("web: text/* bodies are strings decoded by their charset", async () => {
  await using h = serve(webServer());
  const cases: [BodyInit, string, string][] = [
    ["héllo", "text/plain", "héllo"],
    ["a,b\n1,2", "text/csv; charset=utf-8", "a,b\n1,2"],
    ["<p>hi</p>", "TEXT/HTML", "<p>hi</p>"],
    [new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "text/plain; charset=iso-8859-1", "café"],
    [new Uint8Array([0xff, 0xfe, 0x41, 0x00]), "text/plain; charset=utf-16", "A"],
  ];
  for (const [sent, type, expected] of cases) {
    const { status, body } = await post(`${h.url}/body`, sent, type);
    assert.equal(status, 200, type);
    assert.deepEqual((body.result as { body: unknown }).body, { kind: "string", value: expected });
  }
});

Deno.test("web: undecodable text is a 400, an unknown charset a 415", async () => {
  await using h = serve(webServer());
  const bad = await post(`${h.url}/body`, new Uint8Array([0x61, 0xff, 0xfe]), "text/plain");
  assert.equal(bad.status, 400);
  assert.match(bad.body.message as string, /not valid utf-8 text/);
  const unknown = await post(`${h.url}/body`, "x", "text/plain; charset=klingon");
  assert.equal(unknown.status, 415);
  assert.equal(unknown.body.type, "UnsupportedMediaType");
  assert.match(unknown.body.message as string, /klingon/);
});

Deno.test("web: multipart/form-data gives its fields, files as File", async () => {
  await using h = serve(webServer());
  const form = new FormData();
  form.append("name", "Ada");
  form.append("tag", "a");
  form.append("tag", "b");
  form.append("upload", new File(["file text"], "notes.txt", { type: "text/plain" }));
  const { status, body } = await post(`${h.url}/body`, form);
  assert.equal(status, 200);
  assert.deepEqual((body.result as { body: unknown }).body, {
    kind: "object",
    value: {
      name: "Ada",
      tag: ["a", "b"],
      upload: { kind: "file", name: "notes.txt", type: "text/plain", text: "file text" },
    },
  });
});

Deno.test("web: a multipart body that does not match its boundary is a 400", async () => {
  await using h = serve(webServer());
  const { status, body } = await post(
    `${h.url}/body`,
    "--other\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--other--\r\n",
    "multipart/form-data; boundary=expected",
  );
  assert.equal(status, 400);
  assert.match(body.message as string, /boundary/);
  const none = await post(`${h.url}/body`, "x", "multipart/form-data");
  assert.equal(none.status, 400);
});

Deno.test("web: a multipart body without its closing delimiter is a 400, not an empty form", async () => {
  await using h = serve(webServer());
  const part = '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello';
  for (const body of [part, `${part}\r\n--x\r\n`]) {
    const res = await post(`${h.url}/body`, body, "multipart/form-data; boundary=x");
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.type, "BadRequest");
    assert.match(res.body.message as string, /closing delimiter "--x--"/);
  }
  // Closed, with a quoted boundary and an epilogue after the close delimiter: read as usual.
  const ok = await post(
    `${h.url}/body`,
    `${part}\r\n--x--\r\nepilogue`,
    'multipart/form-data; boundary="x"',
  );
  assert.equal(ok.status, 200);
  assert.deepEqual((ok.body.result as { body: unknown }).body, {
    kind: "object",
    value: { a: "hello" },
  });
});

Deno.test("web: any other type, or bytes without a type, arrive as a Uint8Array", async () => {
  await using h = serve(webServer());
  for (const type of ["application/octet-stream", "image/png", "application/cbor", undefined]) {
    const { body } = await post(`${h.url}/body`, new Uint8Array([0, 1, 255]), type);
    assert.deepEqual((body.result as { body: unknown }).body, {
      kind: "bytes",
      value: [0, 1, 255],
    });
  }
});

Deno.test("web: bodies over maxBodyBytes are refused with 413", async () => {
  await using h = serve(webServer({ maxBodyBytes: 16 }));
  const { status, body } = await post(`${h.url}/body`, "x".repeat(17), "text/plain");
  assert.equal(status, 413);
  assert.equal(body.type, "PayloadTooLarge");
  const streamed = new ReadableStream({
    start(c) {
      c.enqueue(new Uint8Array(10));
      c.enqueue(new Uint8Array(10));
      c.close();
    },
  });
  const res = await post(`${h.url}/body`, streamed, "application/octet-stream");
  assert.equal(res.status, 413);
});

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
    `GET /body_get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
  assert.match(answer, /^HTTP\/1\.1 400/);
  const json = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
  assert.equal(json.type, "BadRequest");
  assert.match(json.message, /query string/);
  // A GET that says its body is empty is fine.
  const empty = await rawHttp(
    h.port,
    "GET /body_get HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
  );
  assert.match(empty, /^HTTP\/1\.1 200/);
});

Deno.test("web: a GET with a chunked body and no Content-Type is a 400 too", async () => {
  await using h = serve(webServer());
  const answer = await rawHttp(
    h.port,
    "GET /body_get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
      'Transfer-Encoding: chunked\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n',
  );
  assert.match(answer, /^HTTP\/1\.1 400/);
  const json = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
  assert.equal(json.type, "BadRequest");
  assert.match(json.message, /query string/);
});

// ---------------------------------------------------------------- results

function resultServer() {
  const bytes = new Uint8Array([1, 2, 3, 250]);
  return makeServer()
    .addGetEndpoint("object", () => ({ x: [0, 0.5], nested: { ok: true } }))
    .addGetEndpoint("array", () => [1, "a", null])
    .addGetEndpoint("string", () => "hello")
    .addGetEndpoint("number", () => 3.5)
    .addGetEndpoint("zero", () => 0)
    .addGetEndpoint("boolean", () => false)
    .addGetEndpoint("null", () => null)
    .addGetEndpoint("undefined", () => undefined)
    .addGetEndpoint("async", () => Promise.resolve({ later: 1 }))
    .addGetEndpoint("bytes", () => bytes)
    .addGetEndpoint("buffer", () => bytes.slice().buffer)
    .addGetEndpoint("nested_bytes", () => ({ data: bytes, list: [bytes] }))
    .addGetEndpoint("declared", () => ({ a: 1 }), { resultMimetype: "application/vnd.x+json" })
    .addGetEndpoint("declared_text", () => "x,y", { resultMimetype: "text/csv" })
    .addGetEndpoint("png", () => rawPayload(bytes, "image/png"))
    .addGetEndpoint("raw_default", () => rawPayload(bytes))
    .addGetEndpoint("raw_buffer", () => rawPayload(bytes.slice().buffer, "image/x-test"))
    .addGetEndpoint("raw_text", () => rawPayload("<h1>héllo</h1>", "text/html"))
    .addGetEndpoint("raw_text_charset", () => rawPayload("a", "text/plain; charset=us-ascii"))
    .addGetEndpoint(
      "raw_json",
      () => rawPayload('{"status":"success","result":1}', "application/json"),
    )
    .addGetEndpoint("raw_bad_type", () => rawPayload("x", "not a type\r\nX-Evil: 1"))
    .addGetEndpoint("raw_bad_payload", () => rawPayload({ a: 1 } as unknown as string));
}

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

// ---------------------------------------------------------------- errors

function failingServer() {
  let calls = 0;
  return makeServer()
    .addGetEndpoint("get_only", () => "ok")
    .addPostEndpoint("post_only", () => "ok")
    .addGetEndpoint("throws", () => {
      throw new RangeError("x must be positive");
    })
    .addGetEndpoint("rejects", () => Promise.reject(new Error("async failure")))
    .addGetEndpoint("throws_string", () => {
      throw "plain string";
    })
    .addGetEndpoint("busy", () => {
      throw new OperationInProgress("still measuring", 2.5);
    })
    .addPostEndpoint("busy_post", () => {
      throw new OperationInProgress("still measuring", 0.25);
    })
    .addGetEndpoint("not_started", () => {
      throw new InvalidServerState("call generate_data first");
    })
    .addGetEndpoint("counter", () => ++calls);
}

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

// ---------------------------------------------------------------- bad input never crashes

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

// ---------------------------------------------------------------- CORS

Deno.test("web: CORS is off by default", async () => {
  await using h = serve(failingServer());
  const res = await fetch(`${h.url}/get_only`, { headers: { origin: "http://elsewhere" } });
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  await res.body?.cancel();
  const preflight = await fetch(`${h.url}/get_only`, {
    method: "OPTIONS",
    headers: { origin: "http://elsewhere", "access-control-request-method": "GET" },
  });
  assert.equal(preflight.status, 405);
  await preflight.body?.cancel();
});

Deno.test("web: cors: true allows any origin, on answers and errors, with preflight", async () => {
  const server = makeServer({ cors: true })
    .addGetEndpoint("ok", () => 1)
    .addGetEndpoint("busy", () => {
      throw new OperationInProgress("wait", 1);
    });
  await using h = serve(server);
  const origin = { origin: "http://page.example" };
  for (const [path, status] of [["/ok", 200], ["/busy", 503], ["/nope", 404], ["/a/b", 404]]) {
    const res = await fetch(h.url + path, { headers: origin });
    assert.equal(res.status, status, String(path));
    assert.equal(res.headers.get("access-control-allow-origin"), "*", String(path));
    assert.match(res.headers.get("access-control-expose-headers") ?? "", /Retry-After/);
    await res.body?.cancel();
  }
  const preflight = await fetch(`${h.url}/ok`, {
    method: "OPTIONS",
    headers: {
      ...origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, x-custom",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
  assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type, x-custom");
  await preflight.body?.cancel();
});

Deno.test("web: with cors, a preflight allows DELETE, so a page can cancel a job", async () => {
  const server = makeServer({ cors: "http://page.example", jobs: "inline" })
    .addAsyncRPCEndpoint("sleep", () => {
      const signal = jobSignal(); // runs until cancelled
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason))
      );
    });
  await using h = serve(server);
  const origin = "http://page.example";
  const preflight = await fetch(`${h.url}/jobs/some-id`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "DELETE" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), origin);
  const methods = (preflight.headers.get("access-control-allow-methods") ?? "").split(/,\s*/);
  assert.ok(methods.includes("DELETE"), methods.join(", "));
  await preflight.body?.cancel();
  const started = await fetch(`${h.url}/sleep`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ args: [] }),
  });
  const { ID } = (await started.json()).result;
  const cancelled = await fetch(`${h.url}/jobs/${ID}`, { method: "DELETE", headers: { origin } });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.headers.get("access-control-allow-origin"), origin);
  assert.equal((await cancelled.json()).result.status, "cancelled");
});

Deno.test("web: cors with a list of origins allows only those", async () => {
  const server = makeServer({ cors: ["http://a.example", "http://b.example"] })
    .addGetEndpoint("ok", () => 1);
  await using h = serve(server);
  const allowed = await fetch(`${h.url}/ok`, { headers: { origin: "http://b.example" } });
  assert.equal(allowed.headers.get("access-control-allow-origin"), "http://b.example");
  assert.match(allowed.headers.get("vary") ?? "", /Origin/);
  await allowed.body?.cancel();
  const other = await fetch(`${h.url}/ok`, { headers: { origin: "http://evil.example" } });
  assert.equal(other.status, 200);
  assert.equal(other.headers.get("access-control-allow-origin"), null);
  await other.body?.cancel();
  const preflight = await fetch(`${h.url}/ok`, {
    method: "OPTIONS",
    headers: { origin: "http://evil.example", "access-control-request-method": "GET" },
  });
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  assert.equal(preflight.headers.get("access-control-allow-methods"), null);
  await preflight.body?.cancel();
});

Deno.test("web: query decoding agrees with URLSearchParams on awkward input", async () => {
  await using h = serve(webServer());
  const awkward = [
    "a=b=c&=x&&&y",
    "%&%2&%zz=1&ok=%41",
    "+%2B+=+%2b+",
    "%C3%A9=%F0%9F%98%80&%ED%A0%80=lone",
    "k=1&k=&k&K=2",
    "a%3Db=c%26d",
  ];
  for (const qs of awkward) {
    const expected: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(qs)) {
      const prev = expected[k];
      expected[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const { result } = await envelope(await fetch(`${h.url}/query?${qs}`));
    assert.deepEqual((result as { params: QueryParams }).params, expected, qs);
  }
});
