// The cross-origin guard and the Host check in a real browser (headless Chromium): a page from
// another origin tries what any web page can do without asking the server first (no-cors fetches,
// an image, form posts, a click on a form) against a TARP server without a token, and none of its
// functions run; the server's own page and a page from an origin `cors` allows still work.
import assert from "node:assert/strict";
import { launchChromium } from "../_browser/chromium.ts";
import { countingServer, HOST_RULES, show, site } from "./_sites.ts";

/** A page that fires every request a page may send unasked at `?target=`, and a form to click. */
function attackPage(url: URL): string {
  const target = url.searchParams.get("target")!;
  const t = JSON.stringify(target);
  // The text/plain form is the classic way to post JSON-looking text: {"args":[],"x":"="}
  return `<!doctype html><body>
<iframe name="sink1"></iframe><iframe name="sink2"></iframe>
<form id="record" method="post" action="${target}/record" target="sink1">
  <input name="a" value="1"></form>
<form id="rpc" method="post" action="${target}/stage_home" target="sink2" enctype="text/plain">
  <input name='{"args":[],"x":"' value='"}'></form>
<form method="post" action="${target}/stage_home"><button id="go">go</button></form>
<script>
  fetch(${t} + "/stage_home", { method: "POST", mode: "no-cors" });
  fetch(${t} + "/stage_home", { method: "POST", mode: "no-cors", body: '{"args": []}' });
  fetch(${t} + "/set_params?lower=1", { mode: "no-cors" });
  new Image().src = ${t} + "/set_params?lower=2";
  document.getElementById("record").submit();
  document.getElementById("rpc").submit();
</script></body>`;
}

/** A page that calls the server at `?target=` as a page `cors` allows would (CORS requests). */
function friendPage(url: URL): string {
  const t = JSON.stringify(url.searchParams.get("target"));
  return `<!doctype html><body><pre id="out">running</pre><script>
  (async () => {
    const rpc = await fetch(${t} + "/stage_home", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args: [] }),
    });
    const get = await fetch(${t} + "/set_params?lower=3");
    document.getElementById("out").textContent =
      JSON.stringify([(await rpc.json()).result, (await get.json()).result]);
  })().catch((e) => document.getElementById("out").textContent = "failed: " + e);
</script></body>`;
}

const REQUESTS_PER_ATTACK = 7; // 2 fetch POSTs, a fetch GET, an image, 2 form posts, the click

Deno.test("pages from other origins cannot run the server's functions", async () => {
  // lab-pc is a name of this machine, so the Host check passes it: the guard must refuse.
  await using tarp = countingServer({ allowedHosts: ["lab-pc"] });
  await using pages = site({ "/attack": attackPage });
  await using browser = await launchChromium({ args: [HOST_RULES] });
  const [A, B] = [pages.addr.port, tarp.port];
  const cases = [
    // Loopback and HTTPS servers get Sec-Fetch-Site: cross-site, or same-site for another port.
    ["another site", `http://evil.test:${A}`, `http://127.0.0.1:${B}`],
    ["another port of the same host", `http://127.0.0.1:${A}`, `http://127.0.0.1:${B}`],
    // Plain HTTP to a host name: no Sec-Fetch-Site; Origin on POSTs, Referer on GETs.
    ["another site, plain HTTP to lab-pc", `http://evil.test:${A}`, `http://lab-pc:${B}`],
    ["another port of lab-pc, plain HTTP", `http://lab-pc:${A}`, `http://lab-pc:${B}`],
  ];
  for (const [label, pageOrigin, target] of cases) {
    const before = tarp.log.length;
    const page = await browser.newPage(`${pageOrigin}/attack?target=${target}`);
    await tarp.answered(before + REQUESTS_PER_ATTACK - 1);
    await page.click("#go"); // a person clicks a button on the other page: a top-level POST
    await tarp.answered(before + REQUESTS_PER_ATTACK);
    await page.close();
    const seen = tarp.log.slice(before);
    assert.ok(seen.every((e) => e.status === 403), `${label}: ${show(seen)}`);
  }
  assert.deepEqual(tarp.calls, { stage_home: 0, set_params: 0, record: 0 });
});

Deno.test("a DNS-rebinding page (a stranger's name for this server) is refused with 421", async () => {
  await using tarp = countingServer();
  await using browser = await launchChromium({ args: [HOST_RULES] });
  const page = await browser.newPage();
  // evil.test now resolves to the server itself: the page would be same-origin with it.
  assert.equal(await page.goto(`http://evil.test:${tarp.port}/set_params?lower=9`), 421);
  assert.match(await page.text("body"), /does not answer to the name \\"evil.test\\"/);
  assert.equal(tarp.calls.set_params, 0);
});

Deno.test("the server's own page, and a page from an origin cors allows, still work", async () => {
  await using pages = site({ "/friend": friendPage });
  const friend = `http://localhost:${pages.addr.port}`;
  await using tarp = countingServer({ cors: [friend], allowedHosts: ["lab-pc"] });
  await using browser = await launchChromium({ args: [HOST_RULES] });
  for (const own of [`http://127.0.0.1:${tarp.port}`, `http://lab-pc:${tarp.port}`]) {
    const page = await browser.newPage(`${own}/ui`);
    await page.waitForFunction(`document.querySelector("#out").textContent !== "running"`);
    assert.equal(await page.text("#out"), "200 200", own);
    await page.close();
  }
  const page = await browser.newPage(`${friend}/friend?target=http://127.0.0.1:${tarp.port}`);
  await page.waitForFunction(`document.querySelector("#out").textContent !== "running"`);
  assert.equal(await page.text("#out"), "[3,3]");
  assert.deepEqual(tarp.calls, { stage_home: 3, set_params: 3, record: 0 });
});
