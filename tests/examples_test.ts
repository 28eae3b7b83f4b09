// Examples are code: each one runs.
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);

async function run(file: string, args: string[] = [], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file, ...args],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const err = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${file} failed:\n${text}\n${err}`);
  return text;
}

/** Starts an example server as a child process and waits for its "Serving HTTP" line. */
export async function startServer(file: string, env: Record<string, string> = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file],
    cwd: root,
    env: { TARP_PORT: "0", ...env },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/\(http:\/\/[^)]+\/\)/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${file} exited before serving: ${seen}`);
    seen += value;
  }
  const url = /\((http:\/\/[^)]+)\/\)/.exec(seen)![1];
  const stop = async () => {
    child.kill("SIGTERM");
    await child.status;
    await reader.cancel();
  };
  return { url, stop };
}

Deno.test("examples/demo.ts runs end to end and exits 0", async () => {
  const out = await run("examples/demo.ts");
  assert.match(out, /add\(1, 2\) = 3/);
  assert.match(out, /sqrt\(-1\) failed remotely, status 500: RangeError: sqrt needs x >= 0/);
  assert.match(out, /integrate\(\) in a Web Worker = 2\.000000/);
  assert.match(out, /GET \/report = \[ "text\/csv; charset=utf-8", "channel,gain\\nch1,2\\n" \]/);
  assert.match(out, /busy\(\): retry after 2 s/);
  assert.match(out, /demo finished/);
});

Deno.test("examples/simple_server.ts and simple_client.ts: the seed's pair", async () => {
  const server = await startServer("examples/simple_server.ts");
  try {
    const out = await run("examples/simple_client.ts", [server.url]);
    assert.equal(out, "Adds x and y.\n3\n");
  } finally {
    await server.stop();
  }
});
