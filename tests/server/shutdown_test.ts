// Graceful shutdown: SIGTERM lets a request in flight finish, then the process exits 0.
import assert from "node:assert/strict";
import { spawnServer } from "../_spawn.ts";
import { postJson } from "../_serve.ts";

Deno.test("SIGTERM: stop accepting, finish the request in flight, exit 0", async () => {
  const server = await spawnServer("tests/fixtures/slow_server.ts");
  const call = postJson(`${server.url}/slow`, { args: [] });
  await server.readUntil(/started/);
  server.child.kill("SIGTERM");
  const res = await call;
  assert.equal(res.status, 200);
  assert.equal((await res.json()).result, "finished");
  assert.equal((await server.child.status).code, 0);
  await server.stop();
  await assert.rejects(fetch(`${server.url}/`), "no longer accepting");
});

Deno.test("handle.shutdown() waits for a request in flight", async () => {
  const { makeServer, runServer } = await import("../../mod.ts");
  const started = Promise.withResolvers<void>();
  const s = makeServer().addRPCEndpoint("slow", async () => {
    started.resolve();
    await new Promise((r) => setTimeout(r, 100));
    return "done";
  });
  const h = runServer(s, { port: 0, bindTo: "127.0.0.1", quiet: true });
  const call = postJson(`${h.url}/slow`, { args: [] });
  await started.promise; // the request is in flight: shut down now
  await h.shutdown();
  const res = await call;
  assert.equal((await res.json()).result, "done");
});
