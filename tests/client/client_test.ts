// The client's behaviour (calls, values, errors, discovery, helpers, the fetch option), against
// servers called in this process through the client's `fetch` option: no socket.
import assert from "node:assert/strict";
import {
  client,
  ConnectionError,
  InvalidServerState,
  makeServer,
  OperationInProgress,
  RemoteError,
  TimeoutError,
} from "../../mod.ts";
import { local, LOCAL_URL } from "../_serve.ts";

function server() {
  return makeServer()
    .addRPCEndpoint("add", (x: number, y: number) => x + y, { description: "Adds x and y." })
    .addRPCEndpoint("echo", (x: unknown) => x)
    .addRPCEndpoint("sleep", (ms: number) => new Promise((r) => setTimeout(() => r(ms), ms)))
    .addRPCEndpoint("fail", () => {
      throw new TypeError("wrong kind of sample");
    })
    .addRPCEndpoint("busy", () => {
      throw new OperationInProgress("warming up", 0.25);
    })
    .addRPCEndpoint("idle", () => {
      throw new InvalidServerState("nothing started");
    });
}

Deno.test("await c.my_function(1, 2) returns 3; methods carry descriptions and params", async () => {
  await using h = local(server());
  const c = await h.client();
  assert.equal(await c.add(1, 2), 3);
  assert.equal(c.add.description, "Adds x and y.");
  assert.deepStrictEqual(c.add.params, ["x", "y"]);
  assert.deepStrictEqual(c.$endpoints().map((e) => e.name), [
    "add",
    "echo",
    "sleep",
    "fail",
    "busy",
    "idle",
  ]);
  assert.equal(c.$url(), h.url);
});

Deno.test("every structured-clone value goes there and back equal to structuredClone()", async () => {
  await using h = local(server());
  const c = await h.client();
  const shared = { s: 1 };
  const cyclic: Record<string, unknown> = { a: shared, b: shared };
  cyclic.self = cyclic;
  const values: unknown[] = [
    undefined,
    NaN,
    -Infinity,
    -0,
    2n ** 130n,
    new Date(12345),
    /re+/y,
    new Map<unknown, unknown>([[{ k: [1] }, new Set([1])]]),
    new Uint8Array(new ArrayBuffer(8), 2, 3),
    new Float64Array([1.5, -0, NaN]),
    new BigUint64Array([1n]),
    new DataView(new ArrayBuffer(4)),
    new SyntaxError("s", { cause: { detail: 1 } }),
    cyclic,
  ];
  for (const value of values) {
    const back = await c.echo(value);
    assert.deepStrictEqual(back, structuredClone(value));
  }
  const back = await c.echo(cyclic) as typeof cyclic;
  assert.equal(back.self, back);
  assert.equal(back.a, back.b);
});

Deno.test("an uncloneable argument fails in the client, naming it, before any request", async () => {
  let requests = 0;
  const s = server();
  const counted = (req: Request) => {
    requests++;
    return s.fetch(req);
  };
  const c = await client<typeof s>(LOCAL_URL, { fetch: counted });
  const before = requests;
  await assert.rejects(c.add(1, { deep: [() => 2] } as unknown as number), {
    name: "TypeError",
    message: /^Cannot call add\(\): args\[1\]\.deep\[0\] is a function/,
  });
  await assert.rejects(c.echo(Symbol("x")), { message: /args\[0\] is a symbol/ });
  assert.equal(requests, before);
});

Deno.test("remote errors reject with RemoteError carrying type, message and status", async () => {
  await using h = local(server());
  const c = await h.client();
  const err = await c.fail().catch((e) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "TypeError");
  assert.equal(err.status, 500);
  assert.match(err.message, /wrong kind of sample/);
});

Deno.test("OperationInProgress and InvalidServerState arrive as those classes", async () => {
  await using h = local(server());
  const c = await h.client();
  const busy = await c.busy().catch((e) => e);
  assert.ok(busy instanceof OperationInProgress);
  assert.equal(busy.retryAfter, 0.25);
  assert.equal(busy.message, "warming up");
  const idle = await c.idle().catch((e) => e);
  assert.ok(idle instanceof InvalidServerState);
  assert.equal(idle.message, "nothing started");
});

Deno.test("an unknown name refreshes discovery once, then fails listing what exists", async () => {
  const s = server();
  await using h = local(s);
  const c = await h.client<unknown>();
  // The server gains an endpoint after the client connected (as after a restart).
  s.addRPCEndpoint("late", () => "here");
  assert.equal(await c.late(), "here");
  assert.equal(c.late.description, "No description provided");
  const err = await c.missing().catch((e: unknown) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "NotFound");
  assert.match(err.message, /no endpoint named "missing"\. It has: add \(rpc\), echo \(rpc\)/);
});

Deno.test("an endpoint named `then` does not make the client awaitable", async () => {
  // A server (say, a Python TARP) that lists an RPC endpoint called "then".
  const doc = {
    status: "success",
    mimetype: "application/json",
    result: { GET: [], POST: [], RPC: [{ name: "then", description: "" }], ASYNCRPC: [] },
  };
  const fake = (req: Request) =>
    Promise.resolve(
      new URL(req.url).pathname === "/"
        ? Response.json(doc)
        : Response.json({ status: "success", mimetype: "application/json", result: "called" }),
    );
  const c = await client(LOCAL_URL, { fetch: fake });
  assert.equal((c as Record<string, unknown>).then, undefined);
  assert.equal(await c.$call("then"), "called");
});

Deno.test("helpers are $-prefixed and never shadow an endpoint's name", async () => {
  const s = makeServer()
    .addRPCEndpoint("endpoints", () => "remote endpoints")
    .addRPCEndpoint("call", () => "remote call");
  await using h = local(s);
  const c = await h.client();
  assert.equal(await c.endpoints(), "remote endpoints");
  assert.equal(await c.call(), "remote call");
  assert.equal(c.$endpoints().length, 2);
  assert.deepStrictEqual(Object.keys(c), ["endpoints", "call"]);
});

Deno.test("the fetch option carries every request, token included, so no socket is needed", async () => {
  const token = "a-test-token-of-enough-length";
  const s = makeServer({ token }).addRPCEndpoint("add", (x: number, y: number) => x + y);
  const seen: string[] = [];
  const counting = (req: Request) => {
    seen.push(`${req.method} ${new URL(req.url).pathname} ${req.headers.get("authorization")}`);
    return s.fetch(req);
  };
  // Nothing listens at this URL: a request that bypassed the option could not be answered.
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  listener.close();
  const c = await client<typeof s>(url, { fetch: counting, token });
  assert.equal(await c.add(1, 2), 3);
  assert.equal(await c.$connected(), true);
  assert.equal(c.$url(), url);
  assert.deepEqual(seen, [
    `GET / Bearer ${token}`,
    `POST /add Bearer ${token}`,
    `GET /health Bearer ${token}`,
  ]);
  await assert.rejects(client(url, { token }), ConnectionError, "without the option: no server");
  await s.close();
});

Deno.test("with the fetch option, a timeout or a signal ends a call the fetch never answers", async () => {
  // server.fetch does not honour the request's signal: the client must stop waiting by itself.
  const { promise: never, resolve: release } = Promise.withResolvers<void>();
  const s = makeServer().addRPCEndpoint("hang", () => never).addRPCEndpoint("one", () => 1);
  const c = await client<typeof s>(LOCAL_URL, { fetch: s.fetch, timeout: 20 });
  const err = await c.hang().catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(err.message, /call to hang\(\) timed out after 20 ms/);

  const controller = new AbortController();
  const call = c.$with({ timeout: 60_000, signal: controller.signal }).hang();
  controller.abort(new Error("operator pressed stop"));
  await assert.rejects(call, { message: "operator pressed stop" });
  assert.equal(await c.one(), 1, "a call that is answered in time is unaffected");
  release();
});
