// `tarp worker` and `tarp serve --job-store` refusing what cannot work, as real subprocesses:
// one line on stderr that names the fix, exit 2 for bad arguments and 1 for the rest.
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);
const QUEUE_FIXTURE = "tests/fixtures/queue_server.ts";

async function tarp(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli.ts", ...args],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("tarp worker: bad arguments are refused with exit code 2, naming the fix", async () => {
  const cases: [string[], RegExp][] = [
    [["worker", QUEUE_FIXTURE], /needs --redis URL, such as --redis redis:\/\/localhost:6379/],
    [["worker", QUEUE_FIXTURE, "--redis", "localhost:6379"], /--redis: .*"redis:\/\/localhost/],
    [["worker", QUEUE_FIXTURE, "--redis", "redis://h", "--concurrency", "0"], /at least 1/],
    [["worker", QUEUE_FIXTURE, "--redis", "redis://h", "--stalled-after", "x"], /whole number/],
    [["worker", QUEUE_FIXTURE, "extra", "--redis", "redis://h"], /one module; also got: extra/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await tarp(...args);
    assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
    assert.match(stderr, message);
  }
});

Deno.test("tarp worker: a module without async endpoints, or that fails to import: exit 1", async () => {
  const none = await tarp("worker", "tests/fixtures/slow_server.ts", "--redis", "redis://h");
  assert.equal(none.code, 1);
  assert.match(none.stderr, /registers no async endpoint when imported: register them at its top/);
  assert.equal(none.stdout, "", "its runServer served nothing");
  const missing = await tarp("worker", "tests/fixtures/nope.ts", "--redis", "redis://h");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^tarp: Cannot import tests\/fixtures\/nope.ts/);
});

Deno.test("tarp serve --job-store in a folder that does not exist: exit 1, naming the fix", async () => {
  const fixture = "tests/fixtures/durable_server.ts";
  const { code, stderr } = await tarp("serve", fixture, "--job-store", "/no/such/dir/jobs.db");
  assert.equal(code, 1);
  assert.match(stderr, /^tarp: Cannot open the job store "\/no\/such\/dir\/jobs.db".*folder that/);
});
