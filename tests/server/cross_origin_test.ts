// The cross-origin guard, header by header (tests/browser/ shows it in a real browser): what a
// browser marks as sent by a page from another origin is refused with 403 before any function
// runs; everything else passes.
import assert from "node:assert/strict";
import { makeServer } from "../../mod.ts";
import { serve } from "../_serve.ts";

function counting(options: { cors?: boolean | string | string[] } = {}) {
  const calls = { rpc: 0, get: 0, post: 0 };
  const server = makeServer(options)
    .addRPCEndpoint("stage_home", () => ++calls.rpc)
    .addGetEndpoint("set_params", () => ++calls.get)
    .addPostEndpoint("record", () => ++calls.post);
  return { server, calls };
}

const rpc = { method: "POST", headers: { "content-type": "application/json" }, body: "{}" };

async function status(url: string, headers: Record<string, string>, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, headers: { ...init.headers, ...headers } });
  const body = await res.json();
  return { status: res.status, body };
}

Deno.test("a request a browser marks as cross-origin is refused with 403; nothing runs", async () => {
  const { server, calls } = counting();
  await using h = serve(server);
  const marks: Record<string, string>[] = [
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" }, // another port of the same host
    { "sec-fetch-site": "cross-site", origin: "http://evil.test:8080" },
    { origin: "http://evil.test:8080" }, // plain HTTP to a host name: Origin only
    { origin: "null" }, // a sandboxed frame
    { referer: "http://evil.test:8080/page.html" }, // a GET over plain HTTP: Referer only
  ];
  for (const mark of marks) {
    for (const [path, init] of [["/stage_home", rpc], ["/set_params?lower=1", {}]] as const) {
      const { status: code, body } = await status(h.url + path, mark, init);
      assert.equal(code, 403, `${path} ${JSON.stringify(mark)}`);
      assert.equal(body.type, "Forbidden");
      assert.match(body.message, /makeServer\(\{ cors: \["/);
    }
    const form = await status(`${h.url}/record`, { ...mark }, { method: "POST", body: "a=1" });
    assert.equal(form.status, 403);
  }
  assert.deepEqual(calls, { rpc: 0, get: 0, post: 0 });
});

Deno.test("the refusal names the page's origin and the option that allows it", async () => {
  await using h = serve(counting().server);
  const { body } = await status(`${h.url}/set_params`, { origin: "http://localhost:5173" });
  assert.match(body.message, /^Refused a request from a page on http:\/\/localhost:5173 /);
  assert.match(body.message, /makeServer\(\{ cors: \["http:\/\/localhost:5173"\] \}\)/);
});

Deno.test("same-origin pages, the address bar and programs without those headers pass", async () => {
  const { server, calls } = counting();
  await using h = serve(server);
  const own = h.url; // http://127.0.0.1:<port>, which is also the Host header
  const passes: Record<string, string>[] = [
    {}, // curl, Python, the TARP client outside a browser
    { "sec-fetch-site": "same-origin", origin: own },
    { "sec-fetch-site": "none" }, // typed into the address bar
    { origin: own },
    { referer: `${own}/page.html` },
  ];
  for (const mark of passes) {
    assert.equal((await status(`${h.url}/stage_home`, mark, rpc)).status, 200);
    assert.equal((await status(`${h.url}/set_params`, mark)).status, 200);
  }
  assert.deepEqual(calls, { rpc: 5, get: 5, post: 0 });
});

Deno.test("cors lets the listed origins through, and only those; cors: true lets all", async () => {
  const allowed = "http://localhost:5173";
  const { server, calls } = counting({ cors: [allowed] });
  await using h = serve(server);
  const site = { "sec-fetch-site": "cross-site" };
  assert.equal(
    (await status(`${h.url}/stage_home`, { ...site, origin: allowed }, rpc)).status,
    200,
  );
  // An <img> from the allowed page carries no Origin: its Referer names the page.
  const img = { ...site, referer: `${allowed}/plots.html` };
  assert.equal((await status(`${h.url}/set_params`, img)).status, 200);
  const other = { ...site, origin: "http://localhost:5174" };
  assert.equal((await status(`${h.url}/stage_home`, other, rpc)).status, 403);
  assert.equal((await status(`${h.url}/set_params`, site)).status, 403, "no origin named");
  assert.deepEqual(calls, { rpc: 1, get: 1, post: 0 });

  const open = counting({ cors: true });
  await using any = serve(open.server);
  assert.equal(
    (await status(`${any.url}/set_params`, { ...site, origin: "http://x" })).status,
    200,
  );
});
