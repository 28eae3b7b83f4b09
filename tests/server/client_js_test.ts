// GET /client.js: the bundled client, public, cacheable by revalidation, readable from any origin,
// gzipped on request, and built from the sources as they are now.
import assert from "node:assert/strict";
import { createToken, makeServer } from "../../mod.ts";
import { local, serve } from "../_serve.ts";
import { CLIENT_JS, ETAG, SOURCES } from "../../server/_client_bundle.ts";
import { clientSourceHash, OUTPUT } from "../../_tools/build_client.ts";

const token = createToken();
const guarded = () => makeServer({ token }).addRPCEndpoint("add", (a: number, b: number) => a + b);

async function gunzip(bytes: ArrayBuffer): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

Deno.test("GET /client.js answers the module without the token, as JavaScript any origin may read", async () => {
  await using s = local(guarded());
  const res = await s.fetch(`${s.url}/client.js`, { headers: { origin: "http://elsewhere" } });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), CLIENT_JS);
  assert.deepEqual(Object.fromEntries(res.headers), {
    "access-control-allow-origin": "*",
    "cache-control": "no-cache",
    "content-length": String(new TextEncoder().encode(CLIENT_JS).length),
    "content-type": "text/javascript; charset=utf-8",
    "cross-origin-resource-policy": "cross-origin",
    etag: ETAG,
    vary: "Accept-Encoding",
    "x-content-type-options": "nosniff",
  });
  assert.equal((await s.fetch(`${s.url}/`)).status, 401, "the rest still needs the token");
  assert.match(CLIENT_JS, /^\/\/ TARP client \d+\.\d+\.\d+ for browsers and Node\.js/);
  assert.match(CLIENT_JS, /export\{.*\bclient\b.*\}/s);
});

Deno.test("GET /client.js is gzipped for clients that accept it, with its own ETag", async () => {
  await using s = local(makeServer());
  const res = await s.fetch(`${s.url}/client.js`, {
    headers: { "accept-encoding": "br;q=1, gzip;q=0.8" },
  });
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(res.headers.get("etag"), ETAG.replace(/"$/, '-gzip"'));
  const bytes = await res.arrayBuffer();
  assert.equal(res.headers.get("content-length"), String(bytes.byteLength));
  assert.equal(await gunzip(bytes), CLIENT_JS);
  assert.ok(bytes.byteLength < CLIENT_JS.length / 2, `gzip gave ${bytes.byteLength} bytes`);
  const refused = await s.fetch(`${s.url}/client.js`, {
    headers: { "accept-encoding": "gzip;q=0" },
  });
  assert.equal(refused.headers.get("content-encoding"), null);
  assert.equal(await refused.text(), CLIENT_JS);
});

Deno.test("a matching If-None-Match gets 304 with no body; another tag gets the module", async () => {
  await using s = local(makeServer());
  const gzipTag = ETAG.replace(/"$/, '-gzip"');
  const cases: [Record<string, string>, number][] = [
    [{ "if-none-match": ETAG }, 304],
    [{ "if-none-match": `W/"other", W/${ETAG}` }, 304], // weak comparison, a list
    [{ "if-none-match": "*" }, 304],
    [{ "if-none-match": gzipTag, "accept-encoding": "gzip" }, 304],
    [{ "if-none-match": gzipTag }, 200], // the plain text is another representation
    [{ "if-none-match": '"stale"' }, 200],
  ];
  for (const [headers, status] of cases) {
    const res = await s.fetch(`${s.url}/client.js`, { headers });
    const body = await res.text();
    assert.equal(res.status, status, JSON.stringify(headers));
    assert.equal(body, status === 304 ? "" : CLIENT_JS);
    assert.equal(res.headers.get("cache-control"), "no-cache");
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
  }
});

Deno.test("over a socket, HEAD /client.js has the real Content-Length and no body", async () => {
  await using s = serve(guarded());
  const res = await fetch(`${s.url}/client.js`, {
    method: "HEAD",
    headers: { "accept-encoding": "identity" },
  });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "");
  assert.equal(
    res.headers.get("content-length"),
    String(new TextEncoder().encode(CLIENT_JS).length),
  );
});

Deno.test("other methods on /client.js get 405 with Allow and the envelope", async () => {
  await using s = local(makeServer());
  const res = await s.fetch(`${s.url}/client.js`, { method: "POST", body: "x" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD");
  assert.deepEqual(await res.json(), {
    status: "error",
    type: "MethodNotAllowed",
    message: "POST is not allowed on /client.js, the client module: GET it.",
  });
});

Deno.test("with cors for one origin, /client.js names that origin, and still allows the others", async () => {
  await using s = local(makeServer({ cors: "http://lab-page" }));
  const allowed = await s.fetch(`${s.url}/client.js`, { headers: { origin: "http://lab-page" } });
  assert.equal(allowed.headers.get("access-control-allow-origin"), "http://lab-page");
  const other = await s.fetch(`${s.url}/client.js`, { headers: { origin: "http://other" } });
  assert.equal(other.headers.get("access-control-allow-origin"), "*");
  await Promise.all([allowed.body?.cancel(), other.body?.cancel()]);
});

Deno.test("no endpoint can take the name client.js", () => {
  assert.throws(() => makeServer().addGetEndpoint("client.js", () => "mine"), {
    name: "TypeError",
    message: /"client\.js" is a route the server answers itself/,
  });
});

Deno.test(`${OUTPUT} was built from the client's sources as they are now`, async () => {
  assert.equal(
    SOURCES,
    await clientSourceHash(),
    `${OUTPUT} is stale: run \`deno task build:client\` and commit it`,
  );
});
