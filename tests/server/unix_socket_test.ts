// A Unix socket is created 0600 (0660 on request), and a live server's socket is never taken
// over; a stale one, left by a server that died, is replaced.
import assert from "node:assert/strict";
import { makeServer, runServer } from "../../server.ts";
import { client } from "../../client.ts";

const quiet = { quiet: true, handleSignals: false };

Deno.test("the socket is created with mode 0600, or the socketMode asked for", async () => {
  const dir = await Deno.makeTempDir();
  const server = makeServer().addRPCEndpoint("add", (x: number, y: number) => x + y);
  for (const [socketMode, expected] of [[undefined, 0o600], [0o660, 0o660]] as const) {
    const path = `${dir}/tarp-${expected.toString(8)}.sock`;
    const h = runServer(server, { path, socketMode, ...quiet });
    assert.equal((await Deno.lstat(path)).mode! & 0o777, expected);
    const c = await client(`unix://${path}`);
    assert.equal(await c.$call("add", 1, 2), 3);
    c.$close();
    await h.shutdown();
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a second server on a live socket is refused and the first keeps serving", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tarp.sock`;
  const server = makeServer().addRPCEndpoint("ping", () => "pong");
  const first = runServer(server, { path, ...quiet });
  assert.throws(() => runServer(makeServer(), { path, ...quiet }), {
    name: "AddrInUse",
    message: new RegExp(`A server is already listening on ${path}\\. Stop it first`),
  });
  const c = await client(`unix://${path}`);
  assert.equal(await c.$call("ping"), "pong");
  c.$close();
  await first.shutdown();
  await Deno.writeTextFile(`${dir}/file`, "not a socket");
  assert.throws(() => runServer(makeServer(), { path: `${dir}/file`, ...quiet }), {
    message: /exists and is not a socket/,
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a stale socket left by a server killed with SIGKILL is replaced", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tarp.sock`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `Deno.serve({ path: ${
        JSON.stringify(path)
      }, onListen() { console.log("up") } }, () => new Response("old"))`,
    ],
    stdout: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  await reader.read(); // "up"
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel();
  assert.ok((await Deno.lstat(path)).isSocket, "the dead server's socket file is still there");
  const h = runServer(makeServer().addRPCEndpoint("ping", () => "new"), { path, ...quiet });
  const c = await client(`unix://${path}`);
  assert.equal(await c.$call("ping"), "new");
  c.$close();
  await h.shutdown();
  await Deno.remove(dir, { recursive: true });
});
