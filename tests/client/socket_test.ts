// The client where the socket is the point: a server that is down, timeouts and aborts of calls
// in flight, and connection reuse. Every server here listens on a free loopback port.
import assert from "node:assert/strict";
import { client, ConnectionError, makeServer, TimeoutError } from "../../mod.ts";
import { serve } from "../_serve.ts";

function server() {
  return makeServer()
    .addRPCEndpoint("add", (x: number, y: number) => x + y)
    .addRPCEndpoint("sleep", (ms: number) => new Promise((r) => setTimeout(() => r(ms), ms)));
}

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
  // The client's timeout must let discovery through on a loaded machine, and end the long call.
  const slow = await client<ReturnType<typeof server>>(h.url, { timeout: 500 });
  const err = await slow.sleep(2000).catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(err.message, /call to sleep\(\) timed out after 500 ms/);
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
