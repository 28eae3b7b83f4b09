// HTTPS with a throw-away CA, and Unix sockets.
import assert from "node:assert/strict";
import { client, ConnectionError, makeServer, runServer } from "../../mod.ts";
import { makeTestCertificates } from "../_tls.ts";

const server = () => makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);

Deno.test("HTTPS: secure: true with certFile/keyFile; the client trusts the CA via caCerts", async () => {
  const tls = await makeTestCertificates();
  const handle = runServer(server(), {
    port: 0,
    bindTo: "127.0.0.1",
    quiet: true,
    secure: true,
    certFile: tls.certFile,
    keyFile: tls.keyFile,
  });
  try {
    assert.match(handle.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const c = await client<ReturnType<typeof server>>(handle.url, { caCerts: [tls.caCert] });
    assert.equal(await c.add(20, 22), 42);
    c.$close();
    const err = await client(handle.url).catch((e) => e);
    assert.ok(err instanceof ConnectionError, String(err));
    assert.match(
      err.message,
      /certificate is not trusted: pass the CA with client\(url, \{ caCerts/,
    );
  } finally {
    await handle.shutdown();
    await Deno.remove(tls.dir, { recursive: true });
  }
});

Deno.test("Unix socket: runServer({ path }) and client('unix:///path')", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tarp.sock`;
  const handle = runServer(server(), { path, quiet: true });
  try {
    assert.equal(handle.url, `unix://${path}`);
    const c = await client<ReturnType<typeof server>>(`unix://${path}`);
    assert.equal(await c.add(1, 2), 3);
    assert.equal(await c.$connected(), true);
    c.$close();
  } finally {
    await handle.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a URL that is no server URL is refused with the forms that work", async () => {
  await assert.rejects(
    client("localhost:8080"),
    /use http:\/\/host:port, https:\/\/host:port or unix/,
  );
});

Deno.test("$connected() is false for a server that is down", async () => {
  const handle = runServer(server(), { port: 0, bindTo: "127.0.0.1", quiet: true });
  const c = await client(handle.url);
  assert.equal(await c.$connected(), true);
  await handle.shutdown();
  assert.equal(await c.$connected(), false);
});
