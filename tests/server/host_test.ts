// The Host check of runServer against DNS rebinding: a request for a name the server does not
// answer to is refused with 421 before any function runs.
import assert from "node:assert/strict";
import { makeServer, runServer, type ServerOptions } from "../../mod.ts";

/** Sends `GET path` with this Host header over a raw connection; returns status and body. */
async function getWithHost(port: number, path: string, host: string | null) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const hostLine = host === null ? "" : `Host: ${host}\r\n`;
  const version = host === null ? "HTTP/1.0" : "HTTP/1.1";
  await conn.write(
    new TextEncoder().encode(`GET ${path} ${version}\r\n${hostLine}Connection: close\r\n\r\n`),
  );
  const text = await new Response(conn.readable).text();
  const [head, body] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body };
}

function counting(options: ServerOptions = {}) {
  const calls = { n: 0 };
  const server = makeServer(options).addGetEndpoint("poke", () => ++calls.n);
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  return { calls, handle, port: handle.port };
}

Deno.test("a 421 for a huge declared body answers at once and closes the connection", async () => {
  const { handle, port } = counting();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new TextEncoder().encode(
      "POST /poke HTTP/1.1\r\nHost: evil.test\r\nContent-Length: 1000000000\r\n\r\n",
    ));
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024);
    try {
      while (sent < 100 * 1024 * 1024) sent += await conn.write(chunk);
    } catch {
      // the server closed the connection
    }
    conn.close();
    assert.ok(sent < 20 * 1024 * 1024, `the server read ${sent} bytes of a refused body`);
  } finally {
    await handle.shutdown();
  }
});

Deno.test("a name the server does not answer to is a 421 naming allowedHosts; nothing runs", async () => {
  const { calls, handle, port } = counting();
  try {
    for (
      const host of [`evil.test:${port}`, "evil.test", "localhost.evil.test", "127.0.0.1.nip.io"]
    ) {
      const res = await getWithHost(port, "/poke", host);
      assert.equal(res.status, 421, host);
      const body = JSON.parse(res.body);
      assert.equal(body.type, "MisdirectedRequest");
      assert.match(body.message, /does not answer to the name "[^"]+"/);
      assert.match(body.message, /makeServer\(\{ allowedHosts: \["/);
      assert.match(body.message, /--allowed-host/);
    }
    assert.equal(calls.n, 0);
  } finally {
    await handle.shutdown();
  }
});

Deno.test("IP addresses, localhost, the machine's name and requests without Host pass", async () => {
  const { calls, handle, port } = counting();
  try {
    const hosts = [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LocalHost:${port}`,
      `app.localhost:${port}`,
      `192.168.1.20:${port}`,
      `[::1]:${port}`,
      `${Deno.hostname()}:${port}`,
      null, // HTTP/1.0 without Host: not a browser
    ];
    for (const host of hosts) assert.equal((await getWithHost(port, "/poke", host)).status, 200);
    assert.equal(calls.n, hosts.length);
  } finally {
    await handle.shutdown();
  }
});

Deno.test("allowedHosts adds names (and .suffixes); true answers to any", async () => {
  const named = counting({ allowedHosts: ["microscope.lab.example", ".instruments.example"] });
  try {
    for (
      const host of ["microscope.lab.example", "MICROSCOPE.lab.example.", "a.instruments.example"]
    ) {
      assert.equal((await getWithHost(named.port, "/poke", host)).status, 200, host);
    }
    assert.equal((await getWithHost(named.port, "/poke", "lab.example")).status, 421);
  } finally {
    await named.handle.shutdown();
  }
  const any = counting({ allowedHosts: true });
  try {
    assert.equal((await getWithHost(any.port, "/poke", "anything.example")).status, 200);
  } finally {
    await any.handle.shutdown();
  }
  assert.throws(
    () => makeServer({ allowedHosts: "lab-pc" as unknown as string[] }),
    /allowedHosts must be a list of host names/,
  );
});

Deno.test("a Unix socket has no Host check: no browser reaches it", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tarp.sock`;
  const handle = runServer(makeServer().addGetEndpoint("poke", () => 1), { path, quiet: true });
  try {
    const conn = await Deno.connect({ transport: "unix", path });
    await conn.write(
      new TextEncoder().encode("GET /poke HTTP/1.1\r\nHost: whatever\r\nConnection: close\r\n\r\n"),
    );
    assert.match(await new Response(conn.readable).text(), /^HTTP\/1\.1 200/);
  } finally {
    await handle.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
