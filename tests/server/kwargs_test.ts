// Named arguments bind to the function's parameters by name, as in the Python TARP.
import assert from "node:assert/strict";
import { makeServer } from "../../mod.ts";
import { postJson, serve } from "../_serve.ts";

function server() {
  return makeServer({ jobs: "inline" })
    .addRPCEndpoint("add", (x: number, y: number) => x + y)
    .addRPCEndpoint("scaled", (x: number, scale = 10, offset = 0) => x * scale + offset)
    .addRPCEndpoint("count", (first: string, ...rest: string[]) => [first, rest.length])
    .addRPCEndpoint("point", ({ x, y }: { x: number; y: number }) => x + y)
    .addRPCEndpoint("native", Math.max)
    .addAsyncRPCEndpoint("later", (x: number, y: number) => x - y, { suggestedWait: 0.1 });
}

async function call(url: string, name: string, body: unknown) {
  const res = await postJson(`${url}/${name}`, body);
  return { status: res.status, body: await res.json() };
}

Deno.test("kwargs bind by parameter name: add(1, y=2) is 3", async () => {
  await using h = serve(server());
  assert.equal((await call(h.url, "add", { args: [1], kwargs: { y: 2 } })).body.result, 3);
  assert.equal((await call(h.url, "add", { kwargs: { y: 2, x: 40 } })).body.result, 42);
  // A parameter given neither way is undefined, so its default value applies.
  assert.equal((await call(h.url, "scaled", { args: [2], kwargs: { offset: 1 } })).body.result, 21);
  assert.equal((await call(h.url, "add", { args: [1, 2], kwargs: {} })).body.result, 3);
});

Deno.test("kwargs bind for async endpoints too", async () => {
  await using h = serve(server());
  const started = await call(h.url, "later", { args: [], kwargs: { y: 2, x: 10 } });
  assert.equal(started.status, 202);
  const res = await fetch(`${h.url}/asyncGet?UUID=${started.body.result.ID}&wait=5`);
  assert.equal((await res.json()).result, 8);
});

Deno.test("an unknown name is a 400 naming the parameters that exist", async () => {
  await using h = serve(server());
  const { status, body } = await call(h.url, "add", { args: [1], kwargs: { z: 2 } });
  assert.equal(status, 400);
  assert.equal(body.type, "BadRequest");
  assert.match(body.message, /add\(\) has no parameter named "z"\. .*: x, y\./);
});

Deno.test("a name given by position and by name is a 400", async () => {
  await using h = serve(server());
  const { status, body } = await call(h.url, "add", { args: [1, 2], kwargs: { x: 5 } });
  assert.equal(status, 400);
  assert.match(body.message, /"x" was given twice, as args\[0\] and by name/);
});

Deno.test("a rest parameter takes positional arguments only", async () => {
  await using h = serve(server());
  const ok = await call(h.url, "count", { args: ["a", "b", "c"] });
  assert.deepStrictEqual(ok.body.result, ["a", 2]);
  const named = await call(h.url, "count", { kwargs: { first: "a" } });
  assert.deepStrictEqual(named.body.result, ["a", 0]);
  const rest = await call(h.url, "count", { args: ["a"], kwargs: { rest: ["b"] } });
  assert.equal(rest.status, 400);
  assert.match(rest.body.message, /"rest" is a rest parameter .* positional arguments only/);
});

Deno.test("kwargs for a function whose names cannot be read is a 400 saying so", async () => {
  await using h = serve(server());
  const destructured = await call(h.url, "point", { kwargs: { x: 1, y: 2 } });
  assert.equal(destructured.status, 400);
  assert.match(destructured.body.message, /arg0 is destructured, so it has no name to bind to/);
  const native = await call(h.url, "native", { args: [1], kwargs: { y: 2 } });
  assert.equal(native.status, 400);
  assert.match(native.body.message, /native\(\) cannot take named arguments.*cannot be read/);
  // Positional calls still work for both.
  assert.equal((await call(h.url, "point", { args: [{ x: 1, y: 2 }] })).body.result, 3);
  assert.equal((await call(h.url, "native", { args: [1, 5] })).body.result, 5);
});
