// The client rides server restarts: while wait() runs, a server that is killed (or stopped) and
// started again on the same port with the same job store is asked again until the wait's timeout.
import assert from "node:assert/strict";
import { client } from "../../client.ts";
import { RemoteError, TimeoutError } from "../../errors.ts";
import type { ProbeResult } from "../../jobs/mod.ts";
import { spawnServer } from "../_spawn.ts";
import type server from "../fixtures/durable_server.ts";

const FIXTURE = "tests/fixtures/durable_server.ts";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function restartCase(signal: "SIGKILL" | "SIGTERM") {
  const dir = await Deno.makeTempDir({ prefix: "tarp-ride-" });
  const gate = `${dir}/gate`;
  const args = ["serve", FIXTURE, "--bind", "127.0.0.1", "--port", String(freePort())];
  args.push("--job-store", `${dir}/jobs.db`);
  const first = await spawnServer("cli.ts", { args });
  const c = await client<typeof server>(first.url);
  const job = await c.holdRetry(gate); // registered with retry: 1
  const seen: ProbeResult[] = [];
  const result = job.wait({ timeout: 60_000, onProgress: (p) => seen.push(p) });
  while (!seen.some((p) => p.status === "in_progress")) await new Promise((r) => setTimeout(r, 10));

  first.child.kill(signal);
  await first.child.status;
  await first.stop();
  await new Promise((r) => setTimeout(r, 300)); // the client meets a closed port meanwhile
  await Deno.writeTextFile(gate, "open");
  await using second = await spawnServer("cli.ts", { args });
  assert.deepEqual(await result, { pid: second.child.pid });
  await Deno.remove(dir, { recursive: true });
}

Deno.test("client: wait() outlives a kill -9 and restart of a server with a job store", () =>
  restartCase("SIGKILL"));

Deno.test("client: wait() outlives a graceful restart of a server with a job store", () =>
  restartCase("SIGTERM"));

Deno.test("client: while the server stays down, wait() gives up at its timeout, saying why", async () => {
  const first = await spawnServer("cli.ts", {
    args: ["serve", FIXTURE, "--bind", "127.0.0.1", "--port", "0"],
  });
  const c = await client<typeof server>(first.url);
  const job = await c.hold("/nonexistent/gate");
  await first.stop();
  const err = await job.wait({ timeout: 700 }).catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(
    err.message,
    /did not end within 700 ms; its server could not be asked \(Cannot reach/,
  );
});

Deno.test("client: a server restarted without a job store answers 404, and wait() stops", async () => {
  const args = ["serve", FIXTURE, "--bind", "127.0.0.1", "--port", String(freePort())];
  const first = await spawnServer("cli.ts", { args });
  const c = await client<typeof server>(first.url);
  const job = await c.hold("/nonexistent/gate");
  const result = job.wait({ timeout: 60_000 }).catch((e) => e);
  first.child.kill("SIGKILL"); // (a graceful stop answers the wait: failed, ServerShutdown)
  await first.stop();
  await using _second = await spawnServer("cli.ts", { args });
  const err = await result;
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "NotFound");
});
