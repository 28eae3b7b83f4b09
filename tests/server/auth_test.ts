// Token authentication over real sockets.
import assert from "node:assert/strict";
import { client, createToken, makeServer, RemoteError, runServer } from "../../mod.ts";
import { serve } from "../_serve.ts";
import { makeTestCertificates } from "../_tls.ts";

const token = createToken();

function guarded() {
  return makeServer({ token, jobs: "inline" })
    .addRPCEndpoint("add", (a: number, b: number) => a + b)
    .addGetEndpoint("page", () => "hello")
    .addAsyncRPCEndpoint("job", (x: number) => x * 2, { suggestedWait: 0.1 });
}

Deno.test("createToken makes distinct URL-safe tokens", () => {
  const a = createToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, createToken());
});

Deno.test("every route needs the token: 401 with the envelope and WWW-Authenticate", async () => {
  await using h = serve(guarded());
  const requests: [string, RequestInit][] = [
    ["/", {}],
    ["/page", {}],
    ["/add", {
      method: "POST",
      body: '{"args":[1,2]}',
      headers: { "content-type": "application/json" },
    }],
    ["/job", {
      method: "POST",
      body: '{"args":[1]}',
      headers: { "content-type": "application/json" },
    }],
    ["/asyncProbe?UUID=x", {}],
    ["/asyncGet?UUID=x", {}],
    ["/jobs/x", { method: "DELETE" }],
    ["/nothing", {}],
  ];
  for (const [path, init] of requests) {
    for (const auth of [undefined, "Bearer wrong-token-wrong-token", `Basic ${token}`]) {
      const headers = new Headers(init.headers);
      if (auth) headers.set("authorization", auth);
      const res = await fetch(h.url + path, { ...init, headers });
      assert.equal(res.status, 401, `${path} with ${auth}`);
      assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="tarp"');
      const body = await res.json();
      assert.equal(body.status, "error");
      assert.equal(body.type, "Unauthorized");
      assert.match(body.message, auth?.startsWith("Bearer") ? /token is wrong/ : /needs a token/);
    }
  }
});

Deno.test("the right token gets 200 on every kind of route", async () => {
  await using h = serve(guarded());
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  assert.equal((await fetch(`${h.url}/`, { headers })).status, 200);
  const add = await fetch(`${h.url}/add`, { method: "POST", headers, body: '{"args":[1,2]}' });
  assert.equal(add.status, 200);
  assert.equal((await add.json()).result, 3);
  const page = await fetch(`${h.url}/page`, { headers });
  assert.equal(page.status, 200);
  await page.body?.cancel();
});

Deno.test("GET /health answers without a token", async () => {
  await using h = serve(guarded());
  const res = await fetch(`${h.url}/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "ok");
  assert.equal(body.version, "0.1.0");
  assert.equal(typeof body.uptime, "number");
});

Deno.test("the client sends the token; without it calls fail with Unauthorized", async () => {
  await using h = serve(guarded());
  const c = await client<ReturnType<typeof guarded>>(h.url, { token });
  assert.equal(await c.add(2, 3), 5);
  assert.deepStrictEqual(await c.page(), ["text/plain", "hello"]);
  assert.equal(await (await c.job(21)).wait(), 42);
  const err = await client(h.url).catch((e) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "Unauthorized");
  assert.equal(err.status, 401);
  assert.equal(await (await client(h.url, { token })).$connected(), true);
});

Deno.test("a browser opens ?token= once; the token moves into an HttpOnly cookie", async () => {
  await using h = serve(guarded());
  const first = await fetch(`${h.url}/page?token=${token}&x=1`, { redirect: "manual" });
  assert.equal(first.status, 303);
  assert.equal(first.headers.get("location"), "/page?x=1");
  const cookie = first.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^tarp_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
  await first.body?.cancel();
  const next = await fetch(`${h.url}/page?x=1`, { headers: { cookie: cookie.split(";")[0] } });
  assert.equal(next.status, 200);
  assert.equal((await next.json()).result, "hello");
  const wrong = await fetch(`${h.url}/page?token=nope`, { redirect: "manual" });
  assert.equal(wrong.status, 401);
  await wrong.body?.cancel();
});

Deno.test("a token shorter than 16 characters is refused at once", () => {
  assert.throws(() => makeServer({ token: "short" }), /at least 16 characters/);
});

Deno.test("the token cookie authorises GET and HEAD; other methods only from the server's own pages", async () => {
  let calls = 0;
  const server = guarded().addRPCEndpoint("count", () => ++calls);
  await using h = serve(server);
  const cookie = `tarp_token=${encodeURIComponent(token)}`;
  const read = await fetch(`${h.url}/page`, { headers: { cookie } });
  assert.equal(read.status, 200);
  await read.body?.cancel();
  const head = await fetch(`${h.url}/page`, { method: "HEAD", headers: { cookie } });
  assert.equal(head.status, 200);
  const call = await fetch(`${h.url}/count`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: '{"args": []}',
  });
  assert.equal(call.status, 401);
  assert.match((await call.json()).message, /cookie authorises GET and HEAD requests, and others/);
  const cancel = await fetch(`${h.url}/jobs/x`, { method: "DELETE", headers: { cookie } });
  assert.equal(cancel.status, 401);
  await cancel.body?.cancel();
  assert.equal(calls, 0);
  // A page the server serves itself: the browser vouches for its origin, so the cookie is enough.
  const vouched: Record<string, string>[] = [{ origin: h.url }, {
    "sec-fetch-site": "same-origin",
  }];
  for (const own of vouched) {
    const res = await fetch(`${h.url}/count`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", ...own },
      body: '{"args": []}',
    });
    assert.equal(res.status, 200, JSON.stringify(own));
    await res.body?.cancel();
  }
  assert.equal(calls, 2);
});

Deno.test("over HTTPS the token cookie is Secure", async () => {
  const certs = await makeTestCertificates();
  const handle = runServer(guarded(), {
    port: 0,
    bindTo: "127.0.0.1",
    quiet: true,
    secure: true,
    certFile: certs.certFile,
    keyFile: certs.keyFile,
  });
  const httpClient = Deno.createHttpClient({ caCerts: [certs.caCert] });
  try {
    const res = await fetch(`https://localhost:${handle.port}/page?token=${token}`, {
      redirect: "manual",
      client: httpClient,
    });
    assert.equal(res.status, 303);
    assert.match(
      res.headers.get("set-cookie") ?? "",
      /; HttpOnly; SameSite=Strict; Path=\/; Secure$/,
    );
    await res.body?.cancel();
  } finally {
    httpClient.close();
    await handle.shutdown();
    await Deno.remove(certs.dir, { recursive: true });
  }
});
