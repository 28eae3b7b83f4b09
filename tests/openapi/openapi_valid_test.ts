// /openapi.json passes a real OpenAPI 3.1 validator (@seriousme/openapi-schema-validator) for every
// example server, and describes what it should: each endpoint, the job routes, the bearer scheme.
import assert from "node:assert/strict";
import { OpenApiValidator } from "./_deps.ts";
import { EXAMPLES, openApiOf, start } from "./_examples.ts";
import { createToken, makeServer } from "../../mod.ts";
import { z } from "../_deps.ts";

async function assertValid(doc: unknown, what: string) {
  const result = await new OpenApiValidator().validate(doc as Record<string, unknown>);
  assert.ok(result.valid, `${what}: ${JSON.stringify(result.errors, null, 2)}`);
}

for (const example of EXAMPLES) {
  Deno.test(`${example.file}: /openapi.json is valid OpenAPI 3.1`, async () => {
    await using server = await start(example);
    const doc = await openApiOf(server.url, example);
    await assertValid(doc, example.file);
  });
}

Deno.test("the document describes every kind of endpoint, the job routes and the token", async () => {
  const server = makeServer({ token: createToken() })
    .addRPCEndpoint("add", (x: number, y: number) => x + y, {
      input: z.tuple([z.number(), z.number()]),
    })
    .addAsyncRPCEndpoint("job", () => 1, { module: import.meta.url })
    .addGetEndpoint("plot", () => 1, { resultMimetype: "image/png", queryParams: ["lower"] })
    .addPostEndpoint("upload", () => 1, { payloadMimetype: "text/csv" });
  const res = await server.fetch(
    new Request("http://tarp/openapi.json", {
      headers: { authorization: `Bearer ${server.options.token}` },
    }),
  );
  const doc = await res.json();
  await assertValid(doc, "a server of every kind");
  assert.equal(doc.openapi, "3.1.0");
  assert.deepEqual(doc.security, [{ bearer: [] }]);
  assert.equal(doc.components.securitySchemes.bearer.scheme, "bearer");
  assert.deepEqual(doc.paths["/health"].get.security, []);
  const add = doc.paths["/add"].post;
  assert.deepEqual(Object.keys(add.requestBody.content), ["application/json", "application/cbor"]);
  assert.deepEqual(add["requestBody"].content["application/json"].schema["x-tarp-params"], [
    "x",
    "y",
  ]);
  assert.ok(add.responses[500] && add.responses[401] && add.responses[400]);
  assert.ok(doc.paths["/job"].post.responses[202]);
  assert.deepEqual(Object.keys(doc.paths["/plot"].get.responses[200].content), [
    "application/json",
    "image/png",
  ]);
  assert.equal(doc.paths["/plot"].get.parameters[0].name, "lower");
  assert.deepEqual(Object.keys(doc.paths["/upload"].post.requestBody.content), ["text/csv"]);
  for (const route of ["/", "/jobs", "/jobs/{id}", "/jobs/{id}/events", "/asyncGet"]) {
    assert.ok(doc.paths[route], route);
  }
  assert.match(doc.info.description, /\| OperationInProgress \| 503 \|/);
  await server.close();
});
