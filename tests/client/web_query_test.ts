// Calling web endpoints through the client: the calling convention, and how queries are encoded.
// Servers are called in this process through the client's `fetch` option.
import assert from "node:assert/strict";
import { local } from "../_serve.ts";
import { echoServer } from "./_web.ts";

Deno.test("web client: a GET endpoint is c.name(query?) and resolves to [mimetype, data]", async () => {
  await using h = local(echoServer());
  const c = await h.client();
  const [mimetype, data] = await c.get_echo({ lower: 0, upper: 3.14159 });
  assert.equal(mimetype, "application/json");
  assert.deepEqual(data, {
    params: { lower: "0", upper: "3.14159" },
    body: { undefined: true },
    type: null,
  });
  assert.deepEqual((await c.get_echo())[1], { params: {}, body: { undefined: true }, type: null });
});

Deno.test("web client: query values are encoded so that no value can inject a parameter", async () => {
  await using h = local(echoServer());
  const c = await h.client();
  const tricky = "a&b=c d+e%20f#g?h=/é€\n";
  const [, data] = await c.get_echo({
    text: tricky,
    "key with&=": "v",
    n: -1.5e-7,
    big: 12345678901234567890n,
    yes: true,
    no: false,
    list: ["x&y", 2, true],
    skipped: undefined,
    nothing: null,
    empty: "",
  });
  assert.deepEqual((data as { params: unknown }).params, {
    text: tricky,
    "key with&=": "v",
    n: "-1.5e-7",
    big: "12345678901234567890",
    yes: "true",
    no: "false",
    list: ["x&y", "2", "true"],
    empty: "",
  });
});

Deno.test("web client: a URLSearchParams query is sent as it is", async () => {
  await using h = local(echoServer());
  const c = await h.client<unknown>();
  const [, data] = await c.get_echo(new URLSearchParams([["a", "1"], ["a", "2&3"]]));
  assert.deepEqual(data.params, { a: ["1", "2&3"] });
});

Deno.test("web client: an unusable query is a TypeError before anything is sent", async () => {
  await using h = local(echoServer());
  const c = await h.client<unknown>();
  await assert.rejects(() => c.get_echo({ when: new Date() }), /query value "when" must be/);
  await assert.rejects(() => c.get_echo({ nested: { a: 1 } }), TypeError);
  await assert.rejects(() => c.get_echo([1, 2]), /the query must be an object/);
  await assert.rejects(() => c.get_echo("a=1"), /the query must be an object/);
  await assert.rejects(() => c.get_echo({}, {}), /GET endpoint: call it with one argument/);
  await assert.rejects(() => c.post_echo(1, {}, 3), /POST endpoint: call it with \(body, query\)/);
});

Deno.test("web client: $call reaches web endpoints by name", async () => {
  await using h = local(echoServer());
  const c = await h.client<unknown>();
  const [, data] = await c.$call("post_echo", "text", { q: "1" });
  assert.deepEqual(data.params, { q: "1" });
  assert.equal(data.body, "text");
});
