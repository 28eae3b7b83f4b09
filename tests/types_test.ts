// Type-level behaviour: `deno test` and `deno check` type-check this file, so every expected
// type error marked below fails the run if the typed client stopped catching that mistake.
import assert from "node:assert/strict";
import { makeServer } from "../mod.ts";
import { local } from "./_serve.ts";

function add(x: number, y: number): number {
  return x + y;
}

async function greet(name: string, excited = false): Promise<string> {
  return await Promise.resolve(`hello ${name}${excited ? "!" : ""}`);
}

const server = makeServer()
  .addRPCEndpoint("add", add)
  .addRPCEndpoint("greet", greet)
  .addRPCEndpoint("when", () => new Date(0));

Deno.test("the typed client checks arguments and types results", async () => {
  await using h = local(server);
  const c = await h.client();

  const sum: number = await c.add(1, 2);
  const hello: string = await c.greet("tarp");
  const loud: string = await c.greet("tarp", true);
  const when: Date = await c.when();
  assert.equal(sum, 3);
  assert.equal(hello, "hello tarp");
  assert.equal(loud, "hello tarp!");
  assert.ok(when instanceof Date);

  // @ts-expect-error a string is not a number
  await c.add("1", 2).catch(() => {});
  // @ts-expect-error too few arguments
  await c.add(1).catch(() => {});
  // @ts-expect-error too many arguments
  await c.greet("a", true, 3).catch(() => {});
  // @ts-expect-error the result of add is a number, not a string
  const wrong: string = await c.add(1, 2);
  assert.equal(typeof wrong, "number");
  // @ts-expect-error no endpoint of that name was registered
  await c.subtract(1, 2).catch(() => {});
  // @ts-expect-error `then` is never a method, so the client is not awaitable
  c.then;
});

Deno.test("an untyped client accepts any name and returns Promise<any>", async () => {
  await using h = local(server);
  const c = await h.client<unknown>();
  const sum = await c.add(2, 2);
  assert.equal(sum, 4);
});
