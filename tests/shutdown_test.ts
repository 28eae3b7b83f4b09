// Graceful shutdown: SIGTERM lets a request in flight finish, then the process exits 0.
import assert from "node:assert/strict";

Deno.test("SIGTERM: stop accepting, finish the request in flight, exit 0", async () => {
  const file = new URL("./fixtures/slow_server.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/\((http:\/\/\S+)\/\)/.test(out)) out += (await lines.read()).value ?? "";
  const url = /\((http:\/\/\S+)\/\)/.exec(out)![1];
  const call = fetch(`${url}/slow`, { method: "POST" });
  while (!out.includes("started")) out += (await lines.read()).value ?? "";
  child.kill("SIGTERM");
  const res = await call;
  assert.equal(res.status, 200);
  assert.equal((await res.json()).result, "finished");
  const status = await child.status;
  assert.equal(status.code, 0);
  await lines.cancel();
  await assert.rejects(fetch(`${url}/`), "no longer accepting");
});

Deno.test("handle.shutdown() waits for a request in flight", async () => {
  const { makeServer, runServer } = await import("../mod.ts");
  const s = makeServer().addRPCEndpoint("slow", async () => {
    await new Promise((r) => setTimeout(r, 100));
    return "done";
  });
  const h = runServer(s, { port: 0, bindTo: "127.0.0.1", quiet: true });
  const call = fetch(`${h.url}/slow`, { method: "POST" });
  await new Promise((r) => setTimeout(r, 20));
  await h.shutdown();
  const res = await call;
  assert.equal((await res.json()).result, "done");
});
