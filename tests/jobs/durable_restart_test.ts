// The durable store for real: `tarp serve --job-store FILE` killed with SIGKILL while it holds a
// finished, two running and a queued job, then started again on the same file.
import assert from "node:assert/strict";
import { client } from "../../client.ts";
import { RemoteError } from "../../errors.ts";
import { spawnServer } from "../_spawn.ts";
import { probeUntil } from "../_jobs.ts";
import { values } from "../fixtures/durable_server.ts";
import type server from "../fixtures/durable_server.ts";

function serveArgs(db: string): string[] {
  const fixture = "tests/fixtures/durable_server.ts";
  return ["serve", fixture, "--port", "0", "--bind", "127.0.0.1", "--job-store", db];
}

Deno.test("kill -9, then restart on the same store: each job ends as the issue says", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tarp-durable-" });
  const db = `${dir}/jobs.db`;
  const gate = `${dir}/gate`;
  const first = await spawnServer("cli.ts", { args: serveArgs(db) });
  const c = await client<typeof server>(first.url);
  const target = { url: first.url, fetch };
  const finished = await c.values();
  assert.deepEqual(await finished.wait(), values());
  const running = await c.hold(gate);
  const retried = await c.holdRetry(gate);
  for (const job of [running, retried]) {
    await probeUntil(target, job.ID, (p) => p.status === "in_progress" && p.progress === 0.5);
  }
  const queued = await c.values(); // both pool workers are busy
  assert.equal(await queued.status(), "queued");

  first.child.kill("SIGKILL");
  assert.equal((await first.child.status).signal, "SIGKILL");
  await first.stop();
  await Deno.writeTextFile(gate, "open");

  await using second = await spawnServer("cli.ts", { args: serveArgs(db) });
  const c2 = await client<typeof server>(second.url);
  assert.deepEqual(await c2.$job(finished.ID).wait(), values(), "finished: still fetchable");
  const err = await c2.$job(running.ID).wait().catch((e) => e);
  assert.ok(err instanceof RemoteError, String(err));
  assert.equal(err.type, "ServerRestarted", "running: failed");
  assert.equal(err.status, 500);
  assert.deepEqual(
    await c2.$job(retried.ID).wait(),
    { pid: second.child.pid },
    "running with retry: 1: ran again, on the new server",
  );
  assert.deepEqual(await c2.$job(queued.ID).wait(), values(), "queued: ran");
  await Deno.remove(dir, { recursive: true });
});
