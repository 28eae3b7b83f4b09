// The call log: one entry per call, to stderr or a function, or off.
import assert from "node:assert/strict";
import { createToken, makeServer, runServer } from "../../mod.ts";
import { spawnServer } from "../_spawn.ts";
import { formatLogEntry } from "../../server/_log.ts";
import type { LogEntry } from "../../server/log.ts";

Deno.test("log: a function receives one entry per call (method, endpoint, status, ms)", async () => {
  const entries: LogEntry[] = [];
  const s = makeServer({ log: (e) => entries.push(e) }).addRPCEndpoint(
    "add",
    (a: number, b: number) => a + b,
  );
  const h = runServer(s, { port: 0, bindTo: "127.0.0.1", quiet: true });
  try {
    const ok = await fetch(`${h.url}/add`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"args":[1,2]}',
    });
    await ok.body?.cancel();
    const missing = await fetch(`${h.url}/nope?x=1`);
    await missing.body?.cancel();
  } finally {
    await h.shutdown();
  }
  assert.equal(entries.length, 2);
  assert.deepStrictEqual(
    entries.map(({ method, endpoint, status }) => [method, endpoint, status]),
    [
      ["POST", "/add", 200],
      ["GET", "/nope", 404],
    ],
  );
  assert.ok(entries.every((e) => e.ms >= 0 && e.time instanceof Date));
  assert.match(formatLogEntry(entries[0]), /^\d{4}-\d\d-\d\dT\S+ POST \/add 200 \d+\.\dms$/);
});

Deno.test("log: lines go to stderr by default, and log: false turns them off", async () => {
  // Both captured: the call log (stderr) and the "Serving" line (stdout) must not reach the output.
  const lines: string[] = [];
  const [print, error] = [console.log, console.error];
  console.log = console.error = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    for (const log of [undefined, false]) {
      const s = makeServer({ log }).addRPCEndpoint("ping", () => "pong");
      const h = runServer(s, { port: 0, bindTo: "127.0.0.1", quiet: log === false });
      const res = await fetch(`${h.url}/`);
      await res.body?.cancel();
      await h.shutdown();
    }
  } finally {
    console.log = print;
    console.error = error;
  }
  const calls = lines.filter((l) => / GET \/ 200 /.test(l));
  assert.equal(calls.length, 1, lines.join("\n"));
});

Deno.test("log: the request log never prints a token, right or wrong, from the query", async () => {
  const token = createToken();
  const env = { TARP_TOKEN: token, TARP_PORT: "0" };
  await using server = await spawnServer("examples/lab_server.ts", { env });
  for (const path of [`/?token=${token}`, "/stage_home?token=wrong-but-secret-looking"]) {
    const res = await fetch(server.url + path, { redirect: "manual" });
    await res.body?.cancel();
  }
  const output = await server.stop();
  assert.match(output, /GET \/ 303 /);
  assert.match(output, /GET \/stage_home 401 /);
  assert.doesNotMatch(output, new RegExp(token));
  assert.doesNotMatch(output, /wrong-but-secret-looking|token=/);
});
