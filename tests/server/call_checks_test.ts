// The checks on a call's arguments compose in one order, for RPC and async endpoints alike: the
// bounds first (maxArgs, before anything copies the list), then named arguments bound to their
// parameters, then the endpoint's input schema on the bound list; the function runs last.
import assert from "node:assert/strict";
import { makeServer } from "../../mod.ts";
import { z } from "../_deps.ts";
import { local } from "../_serve.ts";

function tracked() {
  const calls: unknown[][] = [];
  const server = makeServer({ jobs: "inline", maxArgs: 3 })
    .addRPCEndpoint("add", (x: number, y: number) => {
      calls.push([x, y]);
      return x + y;
    }, { input: z.tuple([z.number(), z.number().max(100)]) })
    .addAsyncRPCEndpoint("later", (x: number, y: number) => {
      calls.push([x, y]);
      return x - y;
    }, { input: z.tuple([z.number(), z.number()]), suggestedWait: 0.1 });
  return { calls, server };
}

type Local = ReturnType<typeof local>;

async function call(h: Local, name: string, body: unknown) {
  const res = await h.fetch(`${h.url}/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

for (const name of ["add", "later"]) {
  Deno.test(`${name}: too many arguments are refused before binding or the schema runs`, async () => {
    const { calls, server } = tracked();
    await using h = local(server);
    // Also an unknown name and values the schema refuses: the bound is what the answer names.
    const body = { args: ["a", "b", "c", "d"], kwargs: { nope: 1 } };
    const { status, body: envelope } = await call(h, name, body);
    assert.equal(status, 400);
    assert.match(
      envelope.message,
      /passes 4 arguments, more than this server's limit of 3 \(maxArgs\)/,
    );
    assert.equal(envelope.issues, undefined);
    assert.deepEqual(calls, []);
  });

  Deno.test(`${name}: named arguments are bound before the schema checks the list`, async () => {
    const { calls, server } = tracked();
    await using h = local(server);
    const unknown = await call(h, name, { args: ["a"], kwargs: { z: 2 } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /has no parameter named "z"/, "binding before the schema");
    const wrong = await call(h, name, { args: [1], kwargs: { y: "2" } });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.issues.map((i: { path: unknown }) => i.path), [[1]]);
    assert.deepEqual(calls, []);
    const ok = await call(h, name, { args: [50], kwargs: { y: 8 } });
    assert.ok(ok.status === 200 || ok.status === 202, JSON.stringify(ok.body));
    if (name === "add") assert.equal(ok.body.result, 58);
  });
}
