// Web POST bodies on the wire, decoded by their Content-Type as a browser or curl sends them.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { envelope, post, webServer } from "./_web.ts";

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
