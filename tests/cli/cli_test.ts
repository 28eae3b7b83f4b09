// The `tarp` command line, run as a real subprocess.
import assert from "node:assert/strict";
import { createToken } from "../../mod.ts";
import { spawnServer } from "../_spawn.ts";
import { freePort, modeOf, tarp } from "./_tarp.ts";

Deno.test("tarp token prints a new token", async () => {
  const { code, stdout } = await tarp(["token"]);
  assert.equal(code, 0);
  assert.match(stdout, /^[A-Za-z0-9_-]{43}\n$/);
});

Deno.test("tarp with bad arguments: usage and exit code 2", async () => {
  for (const args of [[], ["frobnicate"], ["call", "http://x"], ["serve"], ["ls", "--nope"]]) {
    const { code, stderr, stdout } = await tarp(args);
    assert.equal(code, 2, `${args}: ${stdout}${stderr}`);
    assert.match(stdout + stderr, /usage: tarp/);
  }
});

Deno.test("tarp ls / call against a server that is down: clear message, exit 1", async () => {
  const { code, stderr } = await tarp(["ls", `http://127.0.0.1:${freePort()}`]);
  assert.equal(code, 1);
  assert.match(stderr, /^tarp: Cannot reach the TARP server at http:\/\/127\.0\.0\.1:\d+/);
});

Deno.test("serve --detach: the server outlives its parent; ls, call, progress, stop", async () => {
  const dir = await Deno.makeTempDir();
  const token = createToken();
  const env = { TARP_TOKEN: token }; // the safe way: never in a command's arguments
  const [pidFile, logFile] = [`${dir}/tarp.pid`, `${dir}/tarp.log`];
  const started = await tarp([
    ...["serve", "examples/lab_server.ts", "--port", "0", "--bind", "127.0.0.1", "--detach"],
    ...["--pid-file", pidFile, "--log-file", logFile],
  ], env);
  assert.equal(started.code, 0, started.stderr);
  assert.equal(started.stderr, "", "no warning on the safe path");
  const url = /at (http:\/\/\S+)/.exec(started.stdout)![1];
  try {
    // The command that started it has exited; the server still answers.
    const health = await fetch(`${url}/health`);
    assert.equal((await health.json()).status, "ok");
    // Its token is in its environment, not in its arguments (which any user can read).
    const pid = Number(await Deno.readTextFile(pidFile));
    const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`);
    assert.match(cmdline, /cli\.ts\0serve\0examples\/lab_server\.ts/);
    assert.ok(!cmdline.includes(token), cmdline);
    assert.equal(await modeOf(pidFile), 0o600);
    assert.equal(await modeOf(logFile), 0o600);

    const ls = await tarp(["ls", url], env);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stdout, /^RPC\s+add\(x, y\)\s+Adds two numbers\.$/m);
    assert.match(ls.stdout, /^RPC\s+stage_move\(by\)/m);
    assert.match(ls.stdout, /^ASYNC\s+scan\(points\)\s+Scans N points\.$/m);

    const add = await tarp(["call", url, "add", "1", "2"], env);
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, "3\n");

    // Not a terminal: the result as JSON for `| jq`, and no progress bar in the captured stderr.
    const scan = await tarp(["call", url, "scan", "20"], env);
    assert.equal(scan.code, 0, scan.stderr);
    assert.equal(scan.stderr, "");
    const readings = JSON.parse(scan.stdout);
    assert.equal(readings.length, 20);
    assert.equal(readings[0], 0);

    const remoteError = await tarp(["call", url, "stage_move", "1000"], env);
    assert.equal(remoteError.code, 1);
    assert.match(remoteError.stderr, /RangeError: position 1000 is out of range/);

    const badToken = await tarp(["ls", url], { TARP_TOKEN: "wrong-wrong-wrong-wrong" });
    assert.equal(badToken.code, 1);
    assert.match(badToken.stderr, /token is wrong.*TARP_TOKEN/);

    const unknown = await tarp(["call", url, "nothing"], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no endpoint named "nothing"\. It has: add, set_laser/);

    const log = await Deno.readTextFile(logFile);
    assert.match(log, /POST \/add 200/);
  } finally {
    const stopped = await tarp(["stop", "--pid-file", pidFile]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /stopped the TARP server \(pid \d+\)/);
    await assert.rejects(fetch(`${url}/health`));
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tarp serve refuses a module without a default-exported server", async () => {
  const { code, stderr } = await tarp(["serve", "examples/simple_client.ts", "--port", "0"]);
  assert.equal(code, 1);
  assert.match(stderr, /must export its server as default|Cannot import/);
});

Deno.test("tarp serve --allowed-host: the server also answers to that name", async () => {
  const args = ["serve", "examples/lab_server.ts", "--port", "0", "--bind", "127.0.0.1"];
  await using server = await spawnServer("cli.ts", {
    args: [...args, "--allowed-host", "microscope.lab.example"],
    env: { TARP_TOKEN: createToken(), NO_COLOR: "1" },
  });
  const statusFor = async (host: string) => {
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: Number(new URL(server.url).port),
    });
    await conn.write(
      new TextEncoder().encode(
        `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ),
    );
    return Number((await new Response(conn.readable).text()).split(" ")[1]);
  };
  assert.equal(await statusFor("microscope.lab.example:8080"), 200);
  assert.equal(await statusFor("evil.example:8080"), 421);
});
