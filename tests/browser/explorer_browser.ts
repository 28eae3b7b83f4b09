// The explorer page in real headless Chromium: a person opens GET /, calls endpoints from their
// forms and reads the results; errors show the envelope's type and message; nothing is loaded
// from anywhere but the server.
import assert from "node:assert/strict";
import { server as explorerServer } from "../../examples/explorer_server.ts";
import { spawnServer } from "../_spawn.ts";
import { launchChromium, screenshot, serveQuietly } from "./_explorer.ts";

Deno.test("explorer: the page lists every endpoint by kind; an RPC call from its form shows the result", async () => {
  await using tarp = serveQuietly(explorerServer);
  await using browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  const page = await browser.newPage();
  assert.equal(await page.goto(`${tarp.url}/`), 200);
  await page.waitFor("#ep-add");
  const toc = await page.text("#toc");
  assert.match(toc, /RPC\s+add\s+greet\s+ASYNC\s+scan\s+GET\s+readings\s+POST\s+record/);
  assert.match(await page.text("#ep-add"), /add\(x, y\)\s+Adds two numbers\./);
  await page.fill("#add--x", "20");
  await page.fill("#add--y", "22");
  await page.click("#ep-add .call-button");
  await page.waitFor("#ep-add .output pre.value");
  assert.equal(await page.text("#ep-add .output pre.value"), "42");
  assert.match(await page.text("#ep-add .status-line"), /^200 OK · application\/json · \d+ ms$/);
  await page.fill("#greet--name", "Ada");
  await page.click("#ep-greet .call-button");
  await page.waitFor("#ep-greet .output pre.value");
  assert.equal(await page.text("#ep-greet .output pre.value"), '"Hello, Ada!"', "as JSON");
  await screenshot(page, "explorer.png");
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(page.failedRequests, []);
  await page.close();
});

Deno.test("explorer: a bad argument shows the envelope's type, message and each issue", async () => {
  await using tarp = serveQuietly(explorerServer);
  await using browser = await launchChromium();
  const page = await browser.newPage(`${tarp.url}/`);
  await page.waitFor("#ep-add");
  await page.fill("#add--x", '"twenty"');
  await page.fill("#add--y", "2");
  await page.click("#ep-add .call-button");
  await page.waitFor("#ep-add .output .error");
  assert.equal(await page.text("#ep-add .error-type"), "BadRequest");
  assert.match(
    await page.text("#ep-add .error-message"),
    /args\[0\]: Invalid input: expected number/,
  );
  assert.match(await page.text("#ep-add .error li"), /^0: Invalid input: expected number/);
  // A web POST with a JSON body, and one failing its schema.
  await page.fill("#ep-record [data-body-text]", '{"value": 1.5, "unit": "mm"}');
  await page.click("#ep-record .call-button");
  await page.waitFor("#ep-record .output pre.value");
  assert.deepEqual(JSON.parse(await page.text("#ep-record .output pre.value")), { count: 1 });
  await page.fill("#ep-record [data-body-text]", '{"value": "x"}');
  await page.click("#ep-record .call-button");
  await page.waitFor("#ep-record .output .error");
  assert.match(await page.text("#ep-record .error"), /BadRequest: .*body\.value/);
  // A GET with a query field.
  await page.fill("#readings--last", "1");
  await page.click("#ep-readings .call-button");
  await page.waitFor("#ep-readings .output pre.value");
  assert.deepEqual(JSON.parse(await page.text("#ep-readings .output pre.value")), [
    { value: 1.5, unit: "mm" },
  ]);
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 400/.test(e)), []);
  await page.close();
});

Deno.test("explorer: the sine example's plot shows as an image; get_data as JSON", async () => {
  await using sine = await spawnServer("examples/sine_server.ts", { args: ["--port", "0"] });
  await using browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  const page = await browser.newPage(`${sine.url}/`);
  await page.waitFor("#ep-get_plot");
  await page.fill("#set_params--lower", "0");
  await page.fill("#set_params--upper", "6.28");
  await page.click("#ep-set_params .call-button");
  await page.waitFor("#ep-set_params .output pre.value");
  await page.click("#ep-get_plot .call-button");
  const size = await page.waitForFunction<[number, number]>(
    `(() => { const img = document.querySelector("#ep-get_plot .output img.value");
      return img && img.complete && img.naturalWidth > 0 && [img.naturalWidth, img.naturalHeight];
    })()`,
  );
  assert.ok(size[0] >= 300 && size[1] >= 200, `the plot is ${size}`);
  assert.match(await page.text("#ep-get_plot .status-line"), /^200 OK · image\/png/);
  await page.evaluate(`document.querySelector("#ep-get_plot").scrollIntoView()`);
  await screenshot(page, "explorer_plot.png");
  await page.click("#ep-get_data .call-button");
  await page.waitFor("#ep-get_data .output pre.value");
  const data = JSON.parse(await page.text("#ep-get_data .output pre.value"));
  assert.equal(data.x.length, 100);
  assert.deepEqual(page.consoleErrors, []);
  await page.close();
});

Deno.test("explorer: served with a strict Content-Security-Policy and no outside URL", async () => {
  await using tarp = serveQuietly(explorerServer);
  const res = await fetch(`${tarp.url}/`, { headers: { accept: "text/html" } });
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /connect-src 'self'/);
  const html = await res.text();
  assert.doesNotMatch(
    html,
    /(src|href)="(https?:)?\/\//,
    "no script, style or font from elsewhere",
  );
  assert.doesNotMatch(html, /@import|url\(/, "no remote CSS");
  // Clients and curl keep the JSON discovery document.
  const json = await fetch(`${tarp.url}/`);
  assert.equal((await json.json()).result.RPC[0].name, "add");
});
