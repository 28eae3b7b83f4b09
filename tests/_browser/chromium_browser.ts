// The headless-Chromium driver (tests/_browser/chromium.ts) itself: pages, input, screenshots,
// closing, and the errors it names. Run by `deno task test:browser`.
import assert from "node:assert/strict";
import { launchChromium } from "./chromium.ts";

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">
  <rect width="120" height="80" fill="#2b6cb0"/><circle cx="60" cy="40" r="28" fill="#f6ad55"/></svg>`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>demo</title>
<style>body{font:16px sans-serif;margin:24px} #result,#file-info{color:#2f855a;font-weight:bold}</style>
</head><body>
<h1>CDP demo page</h1>
<form id="f" onsubmit="event.preventDefault(); compute()">
  <label>x <input name="x" type="number"></label>
  <label>op <select name="op"><option>double</option><option>square</option></select></label>
  <button id="call" type="button" onclick="compute()">Call</button>
</form>
<p>Answer: <span id="result"></span></p>
<p><input type="file" id="file"> <span id="file-info"></span></p>
<img id="pic" src="/pic.svg" alt="a picture">
<img id="broken" src="/missing.png" alt="">
<script>
  console.error("deliberate error at load");
  async function compute() {
    const f = document.forms.f;
    const r = await fetch("/calc?op=" + f.op.value + "&x=" + encodeURIComponent(f.x.value));
    document.getElementById("result").textContent = await r.text();
  }
  document.getElementById("file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    const r = await fetch("/upload", { method: "POST", body: file });
    document.getElementById("file-info").textContent = file.name + ": " + await r.text();
  });
</script></body></html>`;

function demoServer() {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/") {
      return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (url.pathname === "/pic.svg") {
      return new Response(SVG, { headers: { "content-type": "image/svg+xml" } });
    }
    if (url.pathname === "/calc") {
      const x = Number(url.searchParams.get("x"));
      return new Response(String(url.searchParams.get("op") === "square" ? x * x : 2 * x));
    }
    if (url.pathname === "/upload") {
      return new Response(`${(await req.arrayBuffer()).byteLength} bytes received`);
    }
    return new Response("not found", { status: 404 });
  });
}

Deno.test("launchChromium() drives a page: form, fetch, file input, image, screenshot", async () => {
  await using server = demoServer();
  const base = `http://127.0.0.1:${server.addr.port}`;
  let t = performance.now();
  await using browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  const launchMs = performance.now() - t;
  t = performance.now();
  const page = await browser.newPage(base + "/");
  const loadMs = performance.now() - t;
  console.log(`launch ${launchMs.toFixed(0)} ms, newPage+load ${loadMs.toFixed(0)} ms`);

  await page.waitFor("#call", { visible: true });
  assert.equal(await page.evaluate("document.title"), "demo");
  await page.type("input[name=x]", "21");
  await page.click("button#call");
  await page.waitForFunction(`document.querySelector("#result").textContent !== ""`);
  assert.equal(await page.text("#result"), "42");

  await page.fill("input[name=x]", "7");
  await page.select("select[name=op]", "square");
  await page.click("#call");
  await page.waitForFunction(`document.querySelector("#result").textContent === "49"`);

  const upload = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(upload, "hello, file input");
  await page.setFiles("input[type=file]", [upload]);
  await page.waitForFunction(`document.querySelector("#file-info").textContent !== ""`);
  assert.match(await page.text("#file-info"), /^\w+\.txt: 17 bytes received$/);
  await Deno.remove(upload);

  await page.waitForFunction(`document.querySelector("#pic").complete`);
  assert.equal(await page.evaluate(`document.querySelector("#pic").naturalWidth`), 120);
  assert.equal(await page.evaluate((a: number, b: number) => a + b, 2, 3), 5);
  assert.deepEqual(await page.evaluate("({ w: innerWidth, h: innerHeight })"), { w: 1280, h: 800 });

  assert.ok(
    page.consoleErrors.some((e) => e === "deliberate error at load"),
    page.consoleErrors.join(),
  );
  assert.ok(page.consoleErrors.some((e) => e.includes("404")), page.consoleErrors.join());
  assert.deepEqual(page.failedRequests, [{ url: base + "/missing.png", status: 404 }]);

  await assert.rejects(page.click("#nope"), /no element matches #nope/);
  await assert.rejects(page.evaluate("null.x"), /TypeError: Cannot read properties of null/);
  await assert.rejects(page.waitFor("#never", { timeoutMs: 300 }), /timed out after 300 ms/);

  const shot = await Deno.makeTempFile({ suffix: ".png" });
  const png = await page.screenshot(shot);
  await Deno.remove(shot);
  assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const width = new DataView(png.buffer).getUint32(16);
  const height = new DataView(png.buffer).getUint32(20);
  assert.deepEqual([width, height], [1280, 800]);
  await page.close();
});

Deno.test("close() ends the process and removes the temporary profile", async () => {
  const browser = await launchChromium();
  const profile = browser.profileDir;
  const pid = browser.pid;
  assert.ok((await Deno.stat(profile)).isDirectory);
  await browser.close();
  await assert.rejects(Deno.stat(profile), Deno.errors.NotFound);
  const alive = await new Deno.Command("kill", { args: ["-0", String(pid)] }).output();
  assert.equal(alive.success, false, `chromium ${pid} still runs`);
  await browser.close(); // idempotent
});

Deno.test("launchChromium() names the executable when it cannot start", async () => {
  await assert.rejects(
    launchChromium({ executablePath: "/bin/false", timeoutMs: 2000 }),
    /launching \/bin\/false failed: Chromium exited before printing its DevTools URL/,
  );
});

Deno.test("close() is quick and leaves nothing behind when Chromium died on its own", async () => {
  const browser = await launchChromium();
  const page = await browser.newPage("data:text/html,<p>hi</p>");
  Deno.kill(browser.pid, "SIGKILL");
  await assert.rejects(page.evaluate("1"), /Chromium closed the connection|Chromium is gone/);
  const started = performance.now();
  await browser.close();
  assert.ok(performance.now() - started < 3000, "close() waited for a dead browser");
  await assert.rejects(Deno.stat(browser.profileDir), Deno.errors.NotFound);
});

Deno.test("setFiles() names a file that does not exist", async () => {
  await using browser = await launchChromium();
  const page = await browser.newPage("data:text/html,<input type=file>");
  await assert.rejects(page.setFiles("input", ["/nonexistent/x.txt"]), /\/nonexistent\/x.txt/);
  await assert.rejects(page.setFiles("#nope", ["/etc/hostname"]), /no element matches #nope/);
});

Deno.test("goto() returns the status, dialogs are accepted, fullPage takes the whole page", async () => {
  await using server = demoServer();
  await using browser = await launchChromium();
  const page = await browser.newPage();
  assert.equal(await page.goto(`http://127.0.0.1:${server.addr.port}/`), 200);
  assert.equal(await page.goto(`http://127.0.0.1:${server.addr.port}/nope`), 404);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  listener.close(); // a port that nothing listens on (Chromium refuses "unsafe" ones like 1)
  const closed = `http://127.0.0.1:${listener.addr.port}/`;
  await assert.rejects(page.goto(closed), /ERR_CONNECTION_REFUSED/);
  await page.goto(`data:text/html,<div style="height:2000px">tall</div>`);
  assert.equal(await page.evaluate(`confirm("sure?")`), true);
  assert.deepEqual(page.dialogs, ["sure?"]);
  const shot = await Deno.makeTempFile({ suffix: ".png" });
  const png = await page.screenshot(shot, { fullPage: true });
  await Deno.remove(shot);
  assert.deepEqual(
    [new DataView(png.buffer).getUint32(16), new DataView(png.buffer).getUint32(20)],
    [
      1280,
      2016,
    ],
  );
});
