// Servers for the browser tests: a TARP server whose functions count their calls, and a plain site
// that serves pages (on another origin) and, on request, the TARP client bundled for browsers.
import {
  makeServer,
  rawPayload,
  runServer,
  type ServerHandle,
  type ServerOptions,
} from "../../mod.ts";
import type { LogEntry } from "../../server/log.ts";

/** Chromium maps these names to 127.0.0.1: lab-pc is the instrument's name, evil.test a stranger. */
export const HOST_RULES = "--host-resolver-rules=MAP lab-pc 127.0.0.1, MAP evil.test 127.0.0.1";

/** A TARP server whose endpoints have side effects that count; its log records every request. */
export interface CountingServer extends AsyncDisposable {
  handle: ServerHandle;
  port: number;
  /** How often each function ran. */
  calls: { stage_home: number; set_params: number; record: number };
  /** One entry per request the server answered. */
  log: LogEntry[];
  /** Waits until the server has answered `count` requests in all (the functions need not run). */
  answered(count: number): Promise<void>;
}

// The server's own control page: it calls the server from its own origin, as a lab's page would.
const CONTROL_PAGE = `<!doctype html><body><pre id="out">running</pre><script>
  (async () => {
    const rpc = await fetch("/stage_home", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args: [] }),
    });
    const get = await fetch("/set_params?lower=3");
    document.getElementById("out").textContent = rpc.status + " " + get.status;
  })();
</script></body>`;

/** Serves the counting endpoints (and `/ui`, a page that calls them) on a free loopback port. */
export function countingServer(options: ServerOptions = {}): CountingServer {
  const calls = { stage_home: 0, set_params: 0, record: 0 };
  const log: LogEntry[] = [];
  const server = makeServer({ ...options, log: (e) => log.push(e) })
    .addRPCEndpoint("stage_home", () => ++calls.stage_home)
    .addGetEndpoint("set_params", () => ++calls.set_params)
    .addPostEndpoint("record", () => ++calls.record)
    .addGetEndpoint("ui", () => rawPayload(CONTROL_PAGE, "text/html"));
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  const answered = async (count: number) => {
    for (const deadline = Date.now() + 10_000; log.length < count;) {
      if (Date.now() > deadline) {
        throw new Error(`the server answered ${log.length} requests, not ${count}: ${show(log)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    handle,
    port: handle.port,
    calls,
    log,
    answered,
    [Symbol.asyncDispose]: () => handle.shutdown(),
  };
}

/** The log as `METHOD /path status` lines, for messages. */
export function show(log: LogEntry[]): string {
  return log.map((e) => `${e.method} ${e.endpoint} ${e.status}`).join(", ");
}

/** A plain web site on a free loopback port: `pages[path]` is HTML, `/tarp.js` the TARP client. */
export function site(pages: Record<string, (url: URL) => string>): Deno.HttpServer<Deno.NetAddr> {
  let bundle: Promise<string> | undefined;
  return Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/tarp.js") {
      const js = await (bundle ??= bundleClient());
      return new Response(js, { headers: { "content-type": "text/javascript" } });
    }
    const page = pages[url.pathname];
    if (!page) return new Response("not found", { status: 404 });
    return new Response(page(url), { headers: { "content-type": "text/html; charset=utf-8" } });
  });
}

// The TARP client as one browser module: what every TARP server serves at GET /client.js.
async function bundleClient(): Promise<string> {
  const server = makeServer();
  const res = await server.fetch(new Request("http://tarp/client.js"));
  await server.close();
  if (!res.ok) throw new Error(`GET /client.js answered ${res.status}`);
  return await res.text();
}
