// The client against real servers on loopback.
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
import { serve } from "../_serve.ts";

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
  await using h = serve(server());
  const c = await client<ReturnType<typeof server>>(h.url);
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
  await using h = serve(server());
  const c = await client<ReturnType<typeof server>>(h.url);
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
  const counted = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    requests++;
    return s.fetch(req);
  });
  try {
    const c = await client<typeof s>(`http://127.0.0.1:${counted.addr.port}`);
    const before = requests;
    await assert.rejects(c.add(1, { deep: [() => 2] } as unknown as number), {
      name: "TypeError",
      message: /^Cannot call add\(\): args\[1\]\.deep\[0\] is a function/,
    });
    await assert.rejects(c.echo(Symbol("x")), { message: /args\[0\] is a symbol/ });
    assert.equal(requests, before);
  } finally {
    await counted.shutdown();
  }
});

Deno.test("remote errors reject with RemoteError carrying type, message and status", async () => {
  await using h = serve(server());
  const c = await client<ReturnType<typeof server>>(h.url);
  const err = await c.fail().catch((e) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "TypeError");
  assert.equal(err.status, 500);
  assert.match(err.message, /wrong kind of sample/);
});

Deno.test("OperationInProgress and InvalidServerState arrive as those classes", async () => {
  await using h = serve(server());
  const c = await client<ReturnType<typeof server>>(h.url);
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
  await using h = serve(s);
  const c = await client(h.url);
  // The server gains an endpoint after the client connected (as after a restart).
  s.addRPCEndpoint("late", () => "here");
  assert.equal(await c.late(), "here");
  assert.equal(c.late.description, "No description provided");
  const err = await c.missing().catch((e: unknown) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "NotFound");
  assert.match(err.message, /no endpoint named "missing"\. It has: add \(rpc\), echo \(rpc\)/);
});

Deno.test("server down: ConnectionError naming the URL, not fetch's TypeError", async () => {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const url = `http://127.0.0.1:${port}`;
  const err = await client(url).catch((e) => e);
  assert.ok(err instanceof ConnectionError);
  assert.equal(err.url, url);
  assert.match(err.message, /^Cannot reach the TARP server at http:\/\/127\.0\.0\.1:\d+/);

  const s = server();
  const h = serve(s);
  const c = await client<typeof s>(h.url);
  await h.shutdown();
  await assert.rejects(c.add(1, 2), ConnectionError);
});

Deno.test("timeouts per client and per call give TimeoutError", async () => {
  await using h = serve(server());
  const slow = await client<ReturnType<typeof server>>(h.url, { timeout: 20 });
  const err = await slow.sleep(400).catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(err.message, /call to sleep\(\) timed out after 20 ms/);
  const c = await client<ReturnType<typeof server>>(h.url);
  await assert.rejects(c.$with({ timeout: 10 }).sleep(400), TimeoutError);
  assert.equal(await c.$with({ timeout: 5000 }).sleep(1), 1, "a call within its timeout is fine");
});

Deno.test("calls accept an AbortSignal", async () => {
  await using h = serve(server());
  const c = await client<ReturnType<typeof server>>(h.url);
  const controller = new AbortController();
  const call = c.$with({ signal: controller.signal }).sleep(400);
  controller.abort(new Error("operator pressed stop"));
  await assert.rejects(call, { message: "operator pressed stop" });
  await assert.rejects(c.$with({ signal: AbortSignal.abort() }).add(1, 2), {
    name: "AbortError",
  });
});

Deno.test("an endpoint named `then` does not make the client awaitable", async () => {
  // A server (say, a Python TARP) that lists an RPC endpoint called "then".
  const doc = {
    status: "success",
    mimetype: "application/json",
    result: { GET: [], POST: [], RPC: [{ name: "then", description: "" }], ASYNCRPC: [] },
  };
  const fake = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) =>
      new URL(req.url).pathname === "/"
        ? Response.json(doc)
        : Response.json({ status: "success", mimetype: "application/json", result: "called" }),
  );
  try {
    const c = await client(`http://127.0.0.1:${fake.addr.port}`);
    assert.equal((c as Record<string, unknown>).then, undefined);
    assert.equal(await c.$call("then"), "called");
  } finally {
    await fake.shutdown();
  }
});

Deno.test("helpers are $-prefixed and never shadow an endpoint's name", async () => {
  const s = makeServer()
    .addRPCEndpoint("endpoints", () => "remote endpoints")
    .addRPCEndpoint("call", () => "remote call");
  await using h = serve(s);
  const c = await client<typeof s>(h.url);
  assert.equal(await c.endpoints(), "remote endpoints");
  assert.equal(await c.call(), "remote call");
  assert.equal(c.$endpoints().length, 2);
  assert.deepStrictEqual(Object.keys(c), ["endpoints", "call"]);
});

Deno.test("connections are reused (keep-alive) across sequential calls", async () => {
  const ports = new Set<number>();
  const s = server();
  const counted = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req, info) => {
      ports.add(info.remoteAddr.port);
      return s.fetch(req);
    },
  );
  try {
    const c = await client<typeof s>(`http://127.0.0.1:${counted.addr.port}`);
    for (let i = 0; i < 20; i++) await c.add(i, 1);
    assert.equal(ports.size, 1, `20 calls used ${ports.size} connections`);
  } finally {
    await counted.shutdown();
  }
});
