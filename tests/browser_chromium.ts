// Browser features in a real browser: headless Chromium (Debian's package; nothing downloads one).
// Run by `deno task test:browser`; needs `chromium` on PATH (apt-get install -y chromium).
import assert from "node:assert/strict";
import { spawnServer } from "./_spawn.ts";
import { createToken, makeServer, runServer } from "../mod.ts";

const CHROMIUM = Deno.env.get("CHROMIUM") ?? "chromium";

/** Loads `url` in headless Chromium, lets its scripts run, and returns the resulting DOM. */
async function dumpDom(url: string): Promise<string> {
  const profile = await Deno.makeTempDir({ prefix: "tarp-chromium-" });
  try {
    const out = await new Deno.Command(CHROMIUM, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        "--virtual-time-budget=10000",
        "--dump-dom",
        url,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

/** A page on its own origin whose script calls the TARP server at `target.api`, showing the outcome. */
function servePage(target: { api: string }) {
  const html = () =>
    `<!doctype html><html><body><pre id="out">running</pre><script>
    const show = (text) => document.getElementById("out").textContent = text;
    (async () => {
      try {
        const rpc = await fetch(${JSON.stringify(target.api)} + "/add", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ args: [20, 22] }),
        });
        const web = await fetch(${JSON.stringify(target.api)} + "/hello?name=browser");
        show("rpc=" + JSON.stringify(await rpc.json()) + " web=" + JSON.stringify(await web.json()));
      } catch (e) {
        show("failed: " + e);
      }
    })();
  </script></body></html>`;
  return Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response(html(), { headers: { "content-type": "text/html" } }),
  );
}

function api(options: { cors?: boolean | string; token?: string } = {}) {
  const server = makeServer(options)
    .addRPCEndpoint("add", (a: number, b: number) => a + b)
    .addGetEndpoint("hello", (params) => `hello ${params.name}`);
  return runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
}

Deno.test("a page from another origin calls a server that allows that origin (RPC and GET)", async () => {
  const target = { api: "" };
  const page = servePage(target);
  const tarp = api({ cors: `http://127.0.0.1:${page.addr.port}` });
  target.api = tarp.url;
  try {
    const dom = await dumpDom(`http://127.0.0.1:${page.addr.port}/`);
    assert.match(dom, /rpc=\{"status":"success","mimetype":"application\/json","result":42\}/);
    assert.match(
      dom,
      /web=\{"status":"success","mimetype":"text\/plain","result":"hello browser"\}/,
    );
  } finally {
    await page.shutdown();
    await tarp.shutdown();
  }
});

Deno.test("without cors the browser refuses the cross-origin answer (CORS is off by default)", async () => {
  const tarp = api();
  const page = servePage({ api: tarp.url });
  try {
    const dom = await dumpDom(`http://127.0.0.1:${page.addr.port}/`);
    assert.match(dom, /failed: TypeError: Failed to fetch/);
  } finally {
    await page.shutdown();
    await tarp.shutdown();
  }
});

Deno.test("a person opens a token-protected URL once with ?token=, then plain URLs work", async () => {
  const token = createToken();
  const tarp = api({ token });
  try {
    const refused = await dumpDom(`${tarp.url}/hello?name=anyone`);
    assert.match(refused, /"type":"Unauthorized"/);
    const opened = await dumpDom(`${tarp.url}/hello?name=you&token=${token}`);
    assert.match(opened, /"status":"success","mimetype":"text\/plain","result":"hello you"/);
    assert.doesNotMatch(opened, new RegExp(token), "the token does not stay in the page");
  } finally {
    await tarp.shutdown();
  }
});

Deno.test("the Python TARP's sine-wave URLs work in the address bar; get_plot shows as an image", async () => {
  await using server = await spawnServer("examples/sine_server.ts", { args: ["--port", "0"] });
  const url = server.url;
  const set = await dumpDom(`${url}/set_params?lower=0&upper=3.14159`);
  assert.match(set, /"result":\{"lower":0,"upper":3\.14159\}/);
  const data = await dumpDom(`${url}/get_data`);
  assert.match(data, /"x":\[0,/);
  const plot = await dumpDom(`${url}/get_plot`);
  assert.match(plot, new RegExp(`<img [^>]*src="${url}/get_plot"`));
});
