// The normal path is quiet: a new user's first command, an example and a passing test run print
// no warning they did not cause.
import assert from "node:assert/strict";
import { createToken } from "../mod.ts";
import { spawnServer } from "./_spawn.ts";

const root = new URL("../", import.meta.url);

async function deno(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("the first command on a fresh machine prints no warning box", async () => {
  // A fresh cache, as on a new machine: the npm packages are fetched and set up now. The optional
  // native helpers of cbor-x (cbor-extract) and of bullmq's msgpackr (msgpackr-extract) have install
  // scripts that Deno does not run (they need none: their prebuilt binaries come as packages);
  // deno.json says so, so Deno does not warn.
  const cache = await Deno.makeTempDir({ prefix: "tarp-deno-dir-" });
  try {
    const { code, stdout, stderr } = await deno(["task", "demo"], { DENO_DIR: cache });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /demo finished/);
    assert.doesNotMatch(stderr, /Warning|Ignored build scripts|lifecycle scripts/i, stderr);
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});

Deno.test("running an example with `export default server` gives no deno serve hint", async () => {
  const env = { TARP_PORT: "0", TARP_TOKEN: createToken() };
  const server = await spawnServer("examples/lab_server.ts", { env });
  const output = await server.stop();
  assert.match(output, /Serving HTTP on/);
  assert.doesNotMatch(output, /deno serve|warning/i, output);
});

Deno.test("a passing test run that provokes worker crashes prints no stray error lines", async () => {
  const { code, stdout, stderr } = await deno(["test", "-A", "tests/jobs/worker_test.ts"]);
  assert.equal(code, 0, stdout + stderr);
  const stray = (stdout + stderr).split("\n").filter((line) =>
    /Uncaught|^error|^warning/i.test(line) && !/\.\.\. ok/.test(line)
  );
  assert.deepEqual(stray, []);
});
