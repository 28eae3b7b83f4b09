// Sending bodies to POST endpoints through the client: each body type and its Content-Type.
// Servers are called in this process through the client's `fetch` option.
import assert from "node:assert/strict";
import { local } from "../_serve.ts";
import { echoServer } from "./_web.ts";

Deno.test("web client: a POST endpoint is c.name(body?, query?)", async () => {
  await using h = local(echoServer());
  const c = await h.client();
  const [mimetype, data] = await c.post_echo({ a: [1, 2] }, { unit: "mm" });
  assert.equal(mimetype, "application/json");
  assert.deepEqual(data, {
    params: { unit: "mm" },
    body: { a: [1, 2] },
    type: "application/json",
  });
  const [, none] = await c.post_echo();
  assert.deepEqual(none, { params: {}, body: { undefined: true }, type: null });
  const [, queryOnly] = await c.post_echo(undefined, { q: "1" });
  assert.deepEqual(queryOnly, { params: { q: "1" }, body: { undefined: true }, type: null });
});

Deno.test("web client: each body type is encoded as its Content-Type", async () => {
  await using h = local(echoServer());
  const c = await h.client<unknown>();
  const form = new FormData();
  form.append("name", "Ada");
  form.append("file", new File(["abc"], "a.txt", { type: "text/plain" }));
  const cases: [string, unknown, unknown, RegExp][] = [
    [
      "object",
      { x: 1, d: new Date(0) },
      { x: 1, d: "1970-01-01T00:00:00.000Z" },
      /^application\/json$/,
    ],
    ["array", [1, "a", null], [1, "a", null], /^application\/json$/],
    ["number", 42, 42, /^application\/json$/],
    ["boolean", false, false, /^application\/json$/],
    ["null", null, null, /^application\/json$/],
    ["string", "héllo", "héllo", /^text\/plain; charset=utf-8$/],
    ["empty string", "", "", /^text\/plain/],
    ["Uint8Array", new Uint8Array([0, 255]), { bytes: [0, 255] }, /^application\/octet-stream$/],
    ["ArrayBuffer", new Uint8Array([7]).buffer, { bytes: [7] }, /^application\/octet-stream$/],
    ["typed Blob", new Blob(["a,b"], { type: "text/csv" }), "a,b", /^text\/csv$/],
    [
      "untyped Blob",
      new Blob([new Uint8Array([1])]),
      { bytes: [1] },
      /^application\/octet-stream$/,
    ],
    [
      "URLSearchParams",
      new URLSearchParams("a=1&a=x y"),
      { a: ["1", "x y"] },
      /^application\/x-www-form-urlencoded/,
    ],
    [
      "FormData",
      form,
      { name: "Ada", file: { file: "a.txt", type: "text/plain", text: "abc" } },
      /^multipart\/form-data; boundary=/,
    ],
  ];
  for (const [label, body, expected, type] of cases) {
    const [, data] = await c.post_echo(body);
    assert.deepEqual(data.body, expected, label);
    assert.match(data.type, type, label);
  }
});
