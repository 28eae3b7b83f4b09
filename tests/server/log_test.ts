// The call log: one entry per call, to stderr or a function, or off.
import assert from "node:assert/strict";
import { createToken, makeServer, runServer } from "../../mod.ts";
import { spawnServer } from "../_spawn.ts";
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

// Runs _log_program.ts in MODE and answers its stderr, whole.
async function logProgram(mode: string, count: number): Promise<string> {
  const program = new URL("./_log_program.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", program, mode, String(count)],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.ok(out.success, `_log_program.ts ${mode} failed`);
  return new TextDecoder().decode(out.stderr);
}

const CALL_LINE = /^\d{4}-\d\d-\d\dT\S+Z POST \/add 200 \d+ms$/;

Deno.test("log: stderr gets one line per call while the server runs (batched, not held)", async () => {
  const program = new URL("./_log_program.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", program, "serve", "5"],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    // The server keeps running: the lines must come out of the batch on their own.
    while (text.split("\n").filter((l) => CALL_LINE.test(l)).length < 5) {
      const { value, done } = await reader.read();
      assert.ok(!done, `stderr ended early: ${text}`);
      text += value;
    }
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    await child.status;
  }
  assert.equal(text.trim().split("\n").length, 5, text);
});

Deno.test("log: lines still batched are written when the server shuts down", async () => {
  const lines = (await logProgram("shutdown", 20)).trim().split("\n");
  assert.equal(lines.length, 21, lines.join("\n"));
  assert.ok(lines.slice(0, 20).every((l) => CALL_LINE.test(l)), lines.join("\n"));
  assert.equal(lines[20], "shut down");
});

Deno.test("log: lines still batched are written when the program exits", async () => {
  const lines = (await logProgram("exit", 20)).trim().split("\n");
  assert.equal(lines.length, 20, lines.join("\n"));
  assert.ok(lines.every((l) => CALL_LINE.test(l)), lines.join("\n"));
});

Deno.test("log: log: false writes no line", async () => {
  assert.equal(await logProgram("off", 5), "");
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
