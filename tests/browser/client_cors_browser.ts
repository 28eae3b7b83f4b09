// The TARP client in a real browser (headless Chromium, the client bundled from client.ts): a
// server that does not allow the page's origin is reported as a CORS refusal naming the `cors`
// option, not as a server that is down; the error classes come from the client entry.
import assert from "node:assert/strict";
import { launchChromium } from "../_browser/chromium.ts";
import { countingServer, site } from "./_sites.ts";

/** A page that connects the client to `?target=` and shows what happened, as JSON. */
function clientPage(url: URL): string {
  const t = JSON.stringify(url.searchParams.get("target"));
  return `<!doctype html><body><pre id="out">running</pre><script type="module">
  import { client, ConnectionError, RemoteError } from "/tarp.js";
  const show = (v) => document.getElementById("out").textContent = JSON.stringify(v);
  try {
    const c = await client(${t});
    const result = await c.stage_home();
    const missing = await c.$call("nothing").catch((e) => e);
    show({ result, missingIsRemoteError: missing instanceof RemoteError, type: missing.type });
  } catch (e) {
    show({ name: e.name, connectionError: e instanceof ConnectionError, message: e.message });
  }
</script></body>`;
}

async function run(pageUrl: string) {
  await using browser = await launchChromium();
  const page = await browser.newPage(pageUrl);
  await page.waitForFunction(`document.querySelector("#out").textContent !== "running"`);
  return JSON.parse(await page.text("#out"));
}

Deno.test("in a browser, a CORS refusal says it is one and names the cors option", async () => {
  await using tarp = countingServer();
  await using pages = site({ "/client": clientPage });
  const origin = `http://localhost:${pages.addr.port}`;
  const outcome = await run(`${origin}/client?target=http://127.0.0.1:${tarp.port}`);
  assert.equal(outcome.name, "ConnectionError");
  assert.equal(outcome.connectionError, true);
  assert.match(outcome.message, /answered, but the browser refused this page .* \(CORS\)/);
  assert.ok(outcome.message.includes(`makeServer({ cors: ["${origin}"] })`), outcome.message);
  assert.equal(tarp.calls.stage_home, 0);
});

Deno.test("in a browser, a server that is down is still reported as unreachable", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  closed.close();
  await using pages = site({ "/client": clientPage });
  const target = `http://127.0.0.1:${closed.addr.port}`;
  const outcome = await run(`http://localhost:${pages.addr.port}/client?target=${target}`);
  assert.equal(outcome.name, "ConnectionError");
  assert.match(outcome.message, /^Cannot reach the TARP server at .* Is it running/);
});

Deno.test("in a browser, an allowed origin calls; errors are the entry's classes", async () => {
  await using pages = site({ "/client": clientPage });
  const origin = `http://localhost:${pages.addr.port}`;
  await using tarp = countingServer({ cors: [origin] });
  const outcome = await run(`${origin}/client?target=http://127.0.0.1:${tarp.port}`);
  assert.deepEqual(outcome, { result: 1, missingIsRemoteError: true, type: "NotFound" });
});
