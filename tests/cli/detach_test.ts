// `tarp serve --detach` and a busy port: the running server is never lost, and a failure is one
// clear line.
import assert from "node:assert/strict";
import { freePort, tarp } from "./_tarp.ts";

const LAB = ["serve", "examples/lab_server.ts", "--bind", "127.0.0.1"];

Deno.test("a second --detach refuses while the first runs; its pid file and log stay", async () => {
  const dir = await Deno.makeTempDir();
  const [pidFile, logFile] = [`${dir}/tarp.pid`, `${dir}/tarp.log`];
  await Deno.writeTextFile(logFile, "an earlier run's line\n");
  const files = ["--pid-file", pidFile, "--log-file", logFile];
  const first = await tarp([...LAB, "--port", "0", "--detach", ...files]);
  assert.equal(first.code, 0, first.stderr);
  const url = /at (http:\/\/\S+)/.exec(first.stdout)![1];
  const port = new URL(url).port;
  const pid = await Deno.readTextFile(pidFile);
  try {
    const again = await tarp([...LAB, "--port", "0", "--detach", ...files]);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /^tarp: \S+tarp\.pid names a running process \(pid \d+\).*tarp stop/,
    );
    assert.equal(again.stderr.trim().split("\n").length, 1);
    assert.equal(await Deno.readTextFile(pidFile), pid, "the pid file still names the first");

    // Another pid file, the same port: the new server cannot bind, and says so in one line.
    const otherPid = `${dir}/other.pid`;
    const busy = await tarp([
      ...LAB,
      ...["--port", port, "--detach", "--pid-file", otherPid, "--log-file", logFile],
    ]);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, new RegExp(`^tarp: port ${port} is already in use.*--port N`));
    assert.equal(busy.stderr.trim().split("\n").length, 1, busy.stderr);
    await assert.rejects(Deno.stat(otherPid), Deno.errors.NotFound, "no pid file for it");

    const log = await Deno.readTextFile(logFile);
    assert.match(log, /^an earlier run's line\n/, "appended to, never truncated");
    assert.match(log, /Serving HTTP on 127\.0\.0\.1/);
    assert.equal((await fetch(`${url}/health`)).status, 200, "the first still serves");
  } finally {
    const stopped = await tarp(["stop", "--pid-file", pidFile]);
    assert.equal(stopped.code, 0, stopped.stderr);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a stale pid file (its process is gone) does not stop --detach", async () => {
  const dir = await Deno.makeTempDir();
  const pidFile = `${dir}/tarp.pid`;
  const gone = new Deno.Command("true").spawn();
  await gone.status;
  await Deno.writeTextFile(pidFile, `${gone.pid}\n`);
  const started = await tarp([
    ...LAB,
    ...["--port", "0", "--detach", "--pid-file", pidFile, "--log-file", `${dir}/tarp.log`],
  ]);
  try {
    assert.equal(started.code, 0, started.stderr);
    assert.notEqual(Number(await Deno.readTextFile(pidFile)), gone.pid);
  } finally {
    await tarp(["stop", "--pid-file", pidFile]);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tarp serve on a busy port: one line naming the port and the fix, exit 1", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = String(listener.addr.port);
  try {
    const { code, stdout, stderr } = await tarp([...LAB, "--port", port]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      `tarp: port ${port} is already in use: another program (perhaps a TARP server started ` +
        "before) is listening there. Stop it, or pick another port with --port N (--port 0 " +
        "picks a free one).\n",
    );
  } finally {
    listener.close();
  }
});

Deno.test("the token: TARP_TOKEN or --token-file; --token works but warns", async () => {
  const dir = await Deno.makeTempDir();
  const token = "a-token-of-twenty-chars";
  const tokenFile = `${dir}/token`;
  await Deno.writeTextFile(tokenFile, `${token}\n`);
  const server = await tarp([...LAB, "--port", String(freePort()), "--detach", ...[
    ...["--token-file", tokenFile, "--pid-file", `${dir}/tarp.pid`, "--log-file", `${dir}/log`],
  ]]);
  assert.equal(server.code, 0, server.stderr);
  const url = /at (http:\/\/\S+)/.exec(server.stdout)![1];
  try {
    const fromFile = await tarp(["call", url, "add", "1", "2", "--token-file", tokenFile]);
    assert.deepEqual([fromFile.code, fromFile.stdout, fromFile.stderr], [0, "3\n", ""]);
    const fromEnv = await tarp(["call", url, "add", "1", "2"], { TARP_TOKEN: token });
    assert.deepEqual([fromEnv.code, fromEnv.stdout, fromEnv.stderr], [0, "3\n", ""]);
    const fromArgs = await tarp(["call", url, "add", "1", "2", "--token", token]);
    assert.equal(fromArgs.stdout, "3\n");
    assert.match(fromArgs.stderr, /^tarp: warning: --token puts the token in this command's/);
    assert.match(fromArgs.stderr, /Set TARP_TOKEN, or use --token-file FILE, instead\.\n$/);
    const both = await tarp(["ls", url, "--token", token, "--token-file", tokenFile]);
    assert.equal(both.code, 2);
    const missing = await tarp(["ls", url, "--token-file", `${dir}/nope`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^tarp: Cannot read the token file \S+nope/);
  } finally {
    await tarp(["stop", "--pid-file", `${dir}/tarp.pid`]);
    await Deno.remove(dir, { recursive: true });
  }
});
