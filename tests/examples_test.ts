// Examples are code: each one runs.
import assert from "node:assert/strict";
import { spawnServer } from "./_spawn.ts";
import { client } from "../client.ts";

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
  assert.match(out, /integrate\(\) in a job process = 2\.000000/);
  assert.match(out, /GET \/report = \[ "text\/csv; charset=utf-8", "channel,gain\\nch1,2\\n" \]/);
  assert.match(out, /busy\(\): retry after 2 s/);
  assert.match(out, /demo finished/);
});

Deno.test("examples/simple_server.ts and simple_client.ts: the seed's pair", async () => {
  await using server = await spawnServer("examples/simple_server.ts", { env: { TARP_PORT: "0" } });
  const out = await run("examples/simple_client.ts", [server.url]);
  assert.equal(out, "Adds x and y.\n3\n");
});

Deno.test("the seed's one-file server works in worker mode, unchanged", async () => {
  const server = await spawnServer("tests/fixtures/seed_one_file.ts", { env: { TARP_PORT: "0" } });
  try {
    const c = await client(server.url);
    const handle = await c.my_long_function(1, 2);
    assert.equal(await handle.wait(), 3);
    const both = await Promise.all([c.my_long_function(2, 3), c.my_long_function(4, 5)]);
    assert.deepEqual(await Promise.all(both.map((h) => h.wait())), [5, 9]);
  } finally {
    const output = await server.stop();
    // Only the server itself listened: the job workers' runServer calls did nothing.
    assert.equal(output.match(/Serving HTTP on/g)?.length, 1, output);
  }
});

Deno.test("examples/async_server.ts and examples/async_client.ts run together", async () => {
  const server = await spawnServer("examples/async_server.ts", {
    env: { TARP_PORT: "0", TARP_STEP_MS: "30" },
  });
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../examples/async_client.ts", import.meta.url).pathname],
      env: { TARP_URL: server.url },
    }).output();
    const out = new TextDecoder().decode(run.stdout);
    assert.equal(run.code, 0, out + new TextDecoder().decode(run.stderr));
    assert.match(out, /Started job [0-9a-f-]{36}; status: (queued|in_progress)/);
    assert.match(out, /in_progress \d+% \(step \d+ of 10\)/);
    assert.match(out, /Result: 3\n$/);
  } finally {
    await server.stop();
  }
});
