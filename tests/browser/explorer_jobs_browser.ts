// The explorer's jobs in real headless Chromium: a started job's progress bar advances live (from
// the job's event stream), Cancel stops a job, the jobs table lists them; and a token server
// works through the ?token= hand-over.
import assert from "node:assert/strict";
import { createToken, makeServer, progress } from "../../mod.ts";
import { jobSignal } from "../../jobs/mod.ts";
import { barWidth, launchChromium, screenshot, serveQuietly } from "./_explorer.ts";

async function scan(points: number): Promise<number> {
  for (let i = 0; i < points; i++) {
    jobSignal().throwIfAborted();
    progress(i / points, `point ${i + 1} of ${points}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return points;
}

function jobServer(options: { token?: string } = {}) {
  return makeServer({ jobs: "inline", ...options })
    .addRPCEndpoint("add", (x: number, y: number) => x + y, { description: "Adds x and y." })
    .addAsyncRPCEndpoint("scan", scan, { description: "Scans N points.", suggestedWait: 1 });
}

Deno.test("explorer: a job's progress bar advances live, then shows the result", async () => {
  await using tarp = serveQuietly(jobServer());
  await using browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  const page = await browser.newPage(`${tarp.url}/`);
  await page.waitFor("#ep-scan");
  await page.fill("#scan--points", "12");
  await page.click("#ep-scan .call-button");
  const widths: number[] = [];
  let shot = false;
  while (!(await page.text("#ep-scan .job-status").catch(() => "")).startsWith("completed")) {
    const width = await barWidth(page, "scan");
    if (width !== widths.at(-1)) widths.push(width);
    if (!shot && width >= 40) {
      await page.waitFor("#jobs tbody tr");
      await screenshot(page, "explorer_job.png");
      shot = true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const seen = widths.filter((w) => w > 0 && w < 100);
  assert.ok(seen.length >= 3, `the bar moved through ${widths}`);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b), "it only moves forward");
  assert.equal(await barWidth(page, "scan"), 100);
  assert.match(await page.text("#ep-scan .job-status"), /^completed 100% point 12 of 12$/);
  await page.waitFor("#ep-scan .job-result pre.value");
  assert.equal(await page.text("#ep-scan .job-result pre.value"), "12");
  await page.waitForFunction(`document.querySelector("#jobs tbody tr td:nth-child(3)")
    ?.textContent === "completed"`);
  assert.match(await page.text("#jobs tbody tr"), /scan\s+completed/);
  assert.deepEqual(page.consoleErrors, []);
  await page.close();
});

Deno.test("explorer: Cancel stops a running job; the page and the jobs table say so", async () => {
  const server = jobServer();
  await using tarp = serveQuietly(server);
  await using browser = await launchChromium();
  const page = await browser.newPage(`${tarp.url}/`);
  await page.waitFor("#ep-scan");
  await page.fill("#scan--points", "1000");
  await page.click("#ep-scan .call-button");
  await page.waitForFunction(`document.querySelector("#ep-scan .job-status")?.textContent
    .startsWith("in_progress")`);
  await page.click("#ep-scan .cancel");
  await page.waitForFunction(`document.querySelector("#ep-scan .job-status")?.textContent
    .startsWith("cancelled")`);
  await page.waitFor("#ep-scan .job-result .error");
  assert.equal(await page.text("#ep-scan .job-result .error-type"), "Cancelled");
  const [job] = await server.jobs.list();
  assert.equal(job.status, "cancelled");
  await page.waitForFunction(`document.querySelector("#jobs tbody tr td:nth-child(3)")
    ?.textContent === "cancelled"`);
  await page.close();
});

Deno.test("explorer: a token server shows Unauthorized with a token field; the token opens it", async () => {
  const token = createToken();
  await using tarp = serveQuietly(jobServer({ token }));
  await using browser = await launchChromium();
  const page = await browser.newPage();
  assert.equal(await page.goto(`${tarp.url}/`), 401);
  assert.match(await page.text("#error"), /^Unauthorized: This server needs a token/);
  await page.fill("input[name=token]", token);
  await page.click("form button");
  await page.waitFor("#ep-add");
  const url = await page.evaluate<string>("location.href");
  assert.equal(url, `${tarp.url}/`, "the token left the address bar");
  await page.fill("#add--x", "1");
  await page.fill("#add--y", "2");
  await page.click("#ep-add .call-button");
  await page.waitFor("#ep-add .output pre.value");
  assert.equal(await page.text("#ep-add .output pre.value"), "3");
  await page.fill("#scan--points", "2");
  await page.click("#ep-scan .call-button");
  await page.waitForFunction(`document.querySelector("#ep-scan .job-status")?.textContent
    .startsWith("completed")`);
  assert.doesNotMatch(
    await page.evaluate<string>("document.documentElement.outerHTML"),
    new RegExp(token),
  );
  await page.close();
});
