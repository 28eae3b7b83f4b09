// The client in a real browser: pages in headless Chromium import /client.js from a real server and
// run the shared scenario (rich values, web, jobs, errors). Run by `deno task test:browser`.
import assert from "node:assert/strict";
import { createToken } from "../../mod.ts";
import { serve } from "../_serve.ts";
import { launchChromium, type Page } from "../_browser/chromium.ts";
import { SCENARIO_JS, scenarioPage, scenarioServer } from "../fixtures/client_server.ts";
import { assertScenario, EXPECTED, WITH_TOKEN } from "./_scenario_expected.ts";

const IN_A_BROWSER = /this is a browser\./;

/** Waits for the page's script to finish; returns what it left in `window.results`. */
async function pageResults<T = [string, unknown][]>(page: Page): Promise<T> {
  await page.waitForFunction("window.results || window.failure", 30_000);
  const failure = await page.evaluate<string | undefined>("window.failure");
  if (failure) throw new Error(`${failure}\n${page.consoleErrors.join("\n")}`);
  return await page.evaluate<T>("window.results");
}

/** A page on another origin (http://localhost:<port>/, the server being on 127.0.0.1). */
function otherOrigin(html: () => string) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const js = new URL(req.url).pathname === "/scenario.js";
    return new Response(js ? SCENARIO_JS : html(), {
      headers: { "content-type": js ? "text/javascript" : "text/html; charset=utf-8" },
    });
  });
  return Object.assign(server, { origin: `http://localhost:${server.addr.port}` });
}

Deno.test("a page of the server imports /client.js and calls it, the token in the cookie", async () => {
  const token = createToken();
  await using tarp = serve(scenarioServer({ token }));
  await using browser = await launchChromium();
  const page = await browser.newPage();
  // Opened once with ?token= (a 303 that sets the cookie); the page's client passes no token.
  assert.equal(await page.goto(`${tarp.url}/page?token=${token}`), 200);
  assert.equal(await page.evaluate("location.href"), `${tarp.url}/page`);
  assertScenario(await pageResults(page), EXPECTED, IN_A_BROWSER);
});

Deno.test("a page on another origin imports /client.js from the server and calls it with cors", async () => {
  const token = createToken();
  const target = { url: "" };
  await using page = otherOrigin(() => scenarioPage(target.url, { token }));
  await using tarp = serve(scenarioServer({ token, cors: page.origin }));
  target.url = tarp.url;
  await using browser = await launchChromium();
  const tab = await browser.newPage(`${page.origin}/`);
  assertScenario(await pageResults(tab), [...EXPECTED, ...WITH_TOKEN], IN_A_BROWSER);
});

Deno.test("without cors, another origin may import /client.js but cannot call the server", async () => {
  const target = { url: "" };
  await using page = otherOrigin(() =>
    `<!doctype html><script type="module">
      try {
        const tarp = await import(${JSON.stringify(`${target.url}/client.js`)});
        const refused = await tarp.client(${JSON.stringify(target.url)}).catch((e) => e);
        window.results = [typeof tarp.client, refused.name, refused instanceof tarp.ConnectionError];
      } catch (e) {
        window.failure = String(e);
      }
    </script>`
  );
  await using tarp = serve(scenarioServer());
  target.url = tarp.url;
  await using browser = await launchChromium();
  const tab = await browser.newPage(`${page.origin}/`);
  assert.deepEqual(await pageResults(tab), ["function", "ConnectionError", true]);
});
