// Web endpoints on the wire: registration, discovery, and how query strings are decoded.
import assert from "node:assert/strict";
import { makeServer, type QueryParams } from "../../mod.ts";
import { serve } from "../_serve.ts";
import { envelope, webServer } from "./_web.ts";

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
