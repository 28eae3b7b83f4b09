// runServer: ports, interfaces, the lines it prints, TLS settings, and shutting down.
import assert from "node:assert/strict";
import { makeServer, runServer } from "../../mod.ts";
import { demoServer } from "./_demo.ts";
import { postJson } from "../_serve.ts";

Deno.test("runServer: port 0 picks a free port, prints the seed's line, shuts down", async () => {
  // Captured, not printed: the "Serving" line (stdout) and the call log (stderr, on by default).
  const lines: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = console.error = (...a: unknown[]) => lines.push(a.join(" "));
  let handle;
  try {
    handle = runServer(demoServer(), { port: 0, bindTo: "127.0.0.1" });
    assert.ok(handle.port > 0);
    assert.equal(handle.url, `http://127.0.0.1:${handle.port}`);
    const res = await postJson(`${handle.url}/add`, { args: [1, 2] });
    assert.equal((await res.json()).result, 3);
  } finally {
    await handle?.shutdown();
    console.log = log;
    console.error = error;
  }
  await handle.finished;
  assert.match(lines[0], new RegExp(`^Serving HTTP on 127\\.0\\.0\\.1 port ${handle.port}`));
  assert.match(lines[1], / POST \/add 200 /, lines.join("\n"));
  assert.equal(lines.length, 2, lines.join("\n"));
  await assert.rejects(postJson(`${handle.url}/add`, { args: [1, 2] }));
});

Deno.test("runServer: an aborted signal shuts the server down", async () => {
  const controller = new AbortController();
  const handle = runServer(demoServer(), {
    port: 0,
    bindTo: "127.0.0.1",
    quiet: true,
    signal: controller.signal,
  });
  controller.abort();
  await handle.finished;
  await assert.rejects(fetch(`${handle.url}/`));
});

Deno.test("runServer binds all interfaces by default, as the seed documents", async () => {
  const handle = runServer(demoServer(), { port: 0, quiet: true });
  try {
    assert.equal(handle.hostname, "0.0.0.0");
    assert.equal((await (await fetch(`${handle.url}/`)).json()).status, "success");
  } finally {
    await handle.shutdown();
  }
});

Deno.test("HTTPS without certFile/keyFile says what is missing", () => {
  assert.throws(
    () => runServer(demoServer(), { port: 0, quiet: true, secure: true }),
    /secure: true needs certFile and keyFile/,
  );
});

Deno.test("binding beyond loopback without a token prints one warning saying who can call", async () => {
  const lines: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = console.error = (...a: unknown[]) => lines.push(a.join(" "));
  const h1 = runServer(demoServer(), { port: 0 });
  const h2 = runServer(demoServer(), { port: 0, bindTo: "127.0.0.1" });
  const h3 = runServer(makeServer({ token: "0123456789abcdef0123" }), { port: 0 });
  console.log = log;
  console.error = error;
  await Promise.all([h1.shutdown(), h2.shutdown(), h3.shutdown()]);
  const warnings = lines.filter((l) => l.startsWith("Warning:"));
  assert.equal(warnings.length, 1, lines.join("\n"));
  assert.match(
    warnings[0],
    /0\.0\.0\.0 port \d+ without a token: anyone who can reach this machine/,
  );
});

Deno.test("runServer on a busy port throws AddrInUse naming the port and the fix", () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = listener.addr.port;
    assert.throws(
      () => runServer(makeServer(), { port, bindTo: "127.0.0.1", quiet: true }),
      (e) =>
        e instanceof Deno.errors.AddrInUse &&
        e.message === `Port ${port} on 127.0.0.1 is already in use: another program (perhaps ` +
            "this server, started before) is listening there. Stop it, or serve on another port " +
            "(port: 0 picks a free one).",
    );
  } finally {
    listener.close();
  }
});
