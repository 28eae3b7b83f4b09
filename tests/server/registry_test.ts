import assert from "node:assert/strict";
import { makeServer } from "../../mod.ts";
import { Registry } from "../../server/_registry.ts";
import { parameterNames } from "../../server/_params.ts";

const noop = () => {};

Deno.test("names are validated at registration with a message that says what to change", () => {
  const s = makeServer().addRPCEndpoint("run", noop);
  const cases: [unknown, RegExp][] = [
    ["", /non-empty/],
    ["run", /already registered \(rpc\)/],
    ["asyncProbe", /route the server answers itself/],
    ["asyncGet", /route the server answers itself/],
    ["health", /route the server answers itself/],
    ["$endpoints", /clash with the client/],
    ["then", /clash with the client/],
    ["toJSON", /clash with the client/],
    ["a/b", /not a usable endpoint name.*no "\/"/],
    ["two words", /not a usable endpoint name/],
    ["9lives", /letter or "_" first/],
    [42, /non-empty strings/],
  ];
  for (const [name, message] of cases) {
    assert.throws(() => s.addRPCEndpoint(name as string, noop), { name: "TypeError", message });
  }
  assert.throws(() => s.addRPCEndpoint("x", 5 as never), /expected a function, got number/);
  s.addRPCEndpoint("read_sensor.v2-beta", noop); // letters, digits, _ . - are fine
});

Deno.test("discovery lists parameter names where the source shows them", () => {
  const r = new Registry();
  r.add({
    kind: "rpc",
    name: "f",
    fn: (a: number, b = 2, ...rest: number[]) => a + b + rest.length,
    options: {},
  });
  r.add({
    kind: "rpc",
    name: "g",
    fn: ({ x }: { x: number }, [y]: number[]) => x + y,
    options: {},
  });
  r.add({
    kind: "rpc",
    name: "h",
    fn: async function named(/* c */ c: number) {
      return await c;
    },
    options: {},
  });
  r.add({ kind: "rpc", name: "native", fn: Math.max, options: {} });
  const rpc = r.discovery().RPC;
  assert.deepStrictEqual(rpc.map((e) => e.params), [
    ["a", "b", "...rest"],
    ["arg0", "arg1"],
    ["c"],
    undefined,
  ]);
  assert.deepStrictEqual(parameterNames((x: number) => x), ["x"]);
  assert.deepStrictEqual(
    parameterNames(
      class {
        m(p: number, q: number) {
          return p + q;
        }
      }.prototype.m,
    ),
    ["p", "q"],
  );
});
