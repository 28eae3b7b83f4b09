// Input schemas (Standard Schema: zod 4 here): input that fails gets a 400 BadRequest envelope
// listing each issue with its path, before the function runs; the schema's output is what the
// function receives; types still flow to the client.
import assert from "node:assert/strict";
import { makeServer, type StandardSchemaV1 } from "../../mod.ts";
import { z } from "../_deps.ts";
import { local, postJson, serve } from "../_serve.ts";

function tracked() {
  const calls: unknown[][] = [];
  const add = (x: number, y: number) => {
    calls.push([x, y]);
    return x + y;
  };
  return { calls, add };
}

Deno.test("RPC: arguments failing the schema get 400 with each issue and path; fn never runs", async () => {
  const { calls, add } = tracked();
  const server = makeServer().addRPCEndpoint("add", add, {
    input: z.tuple([z.number(), z.number().max(100)]),
  });
  await using h = serve(server);
  const res = await postJson(`${h.url}/add`, { args: ["1", 200] });
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.type, "BadRequest");
  assert.deepEqual(body.issues.map((i: { path: unknown }) => i.path), [[0], [1]]);
  assert.match(body.message, /args\[0\]: Invalid input: expected number, received string/);
  assert.match(body.message, /args\[1\]: Too big/);
  assert.deepEqual(calls, []);
  const ok = await postJson(`${h.url}/add`, { args: [1, 2] });
  assert.equal((await ok.json()).result, 3);
  assert.deepEqual(calls, [[1, 2]]);
});

Deno.test("RPC: the function receives the schema's output (coercion, defaults)", async () => {
  const scale = (x: number, factor: number) => x * factor;
  const server = makeServer().addRPCEndpoint("scale", scale, {
    input: z.tuple([z.coerce.number(), z.number().default(10)]),
  });
  await using h = local(server);
  const c = await h.client();
  // @ts-expect-error the client is typed by the function: x is a number
  const coerced = await c.scale("4");
  assert.equal(coerced, 40);
});

Deno.test("async: a job whose arguments fail the schema is never started", async () => {
  const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint(
    "double",
    (x: number) => 2 * x,
    { input: z.tuple([z.number().int()]) },
  );
  await using h = local(server);
  const res = await h.fetch(`${h.url}/double`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args: [1.5] }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual((await res.json()).issues[0].path, [0]);
  assert.deepEqual(await server.jobs.list(), []);
  const c = await h.client();
  assert.equal(await (await c.double(21)).wait(), 42);
});

Deno.test("web GET and POST: the schema checks { query, body }; issues name query.x and body.x", async () => {
  let ran = 0;
  const server = makeServer()
    .addGetEndpoint("range", (q) => (ran++, q), {
      input: z.object({ query: z.object({ lower: z.coerce.number(), upper: z.coerce.number() }) }),
    })
    .addPostEndpoint("record", (_q, body) => (ran++, body), {
      input: z.object({ query: z.object({}), body: z.object({ value: z.number() }) }),
    });
  await using h = serve(server);
  const get = await fetch(`${h.url}/range?lower=abc`);
  assert.equal(get.status, 400);
  const issues = (await get.json()).issues.map((i: { path: string[] }) => i.path.join("."));
  assert.deepEqual(issues, ["query.lower", "query.upper"]);
  const post = await postJson(`${h.url}/record`, { value: "1.5" });
  assert.equal(post.status, 400);
  assert.match((await post.json()).message, /body\.value: Invalid input: expected number/);
  assert.equal(ran, 0);
  const good = await fetch(`${h.url}/range?lower=0&upper=1`);
  assert.deepEqual((await good.json()).result, { lower: "0", upper: "1" }, "given as they came");
  assert.equal((await postJson(`${h.url}/record`, { value: 1.5 })).status, 200);
});

Deno.test("any Standard Schema works, sync or async, and TARP needs no library", async () => {
  const even: StandardSchemaV1<[number]> = {
    "~standard": {
      version: 1,
      vendor: "by-hand",
      validate: (v) =>
        Promise.resolve(
          Array.isArray(v) && v[0] % 2 === 0
            ? { value: v as [number] }
            : { issues: [{ message: "must be even", path: [{ key: 0 }] }] },
        ),
    },
  };
  const server = makeServer().addRPCEndpoint("half", (x: number) => x / 2, { input: even });
  await using h = local(server);
  const res = await h.fetch(`${h.url}/half`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args: [3] }),
  });
  assert.deepEqual((await res.json()).issues, [{ path: [0], message: "must be even" }]);
});

Deno.test("registration refuses an input that is not a Standard Schema, naming the fix", () => {
  assert.throws(
    // @ts-expect-error not a schema
    () => makeServer().addRPCEndpoint("f", () => 1, { input: { parse: () => 1 } }),
    /input must be a Standard Schema \(a zod 4, valibot or arktype schema/,
  );
  assert.throws(
    () => makeServer().addGetEndpoint("g", () => 1, { jsonSchema: "x" as never }),
    /jsonSchema must be a JSON Schema object/,
  );
});

Deno.test("a schema that does not fit the function is a compile error; the client stays typed", async () => {
  const add = (x: number, y: number) => x + y;
  // @ts-expect-error the schema gives [string, number], add takes (number, number)
  makeServer().addRPCEndpoint("add", add, { input: z.tuple([z.string(), z.number()]) });
  const server = makeServer()
    .addRPCEndpoint("add", add, { input: z.tuple([z.number(), z.number()]) });
  await using h = local(server);
  const c = await h.client();
  const sum: number = await c.add(1, 2);
  assert.equal(sum, 3);
  // @ts-expect-error a string is not a number
  await c.add("1", 2).catch(() => {});
});

Deno.test("the JSON Schema comes from zod's Standard JSON Schema, or the jsonSchema option", async () => {
  const server = makeServer()
    .addRPCEndpoint("add", (x: number, y: number) => x + y, {
      input: z.tuple([z.number(), z.number()]),
    })
    .addGetEndpoint("g", () => 1, {
      input: z.object({ query: z.object({ n: z.string() }) }),
      jsonSchema: { type: "object", properties: { query: { properties: { m: {} } } } },
    });
  await using h = local(server);
  const doc = await (await h.fetch(`${h.url}/openapi.json`)).json();
  const args =
    doc.paths["/add"].post.requestBody.content["application/json"].schema.properties.args;
  assert.deepEqual(args.prefixItems, [{ type: "number" }, { type: "number" }]);
  assert.deepEqual(doc.paths["/g"].get.parameters.map((p: { name: string }) => p.name), ["m"]);
});
