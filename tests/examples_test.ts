// Examples are code: each one runs.
import assert from "node:assert/strict";
import { spawnServer } from "./_spawn.ts";

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
  await using server = await spawnServer("examples/simple_server.ts", { env: { TARP_PORT: "0" } });
  const out = await run("examples/simple_client.ts", [server.url]);
  assert.equal(out, "Adds x and y.\n3\n");
});
