// Test helpers: a real server on a free loopback port, and raw-HTTP helpers.
import { runServer, type ServerHandle, type TarpServer } from "../server.ts";

/** Serves `server` on a free loopback port; dispose (or shutdown) when done. */
// deno-lint-ignore no-explicit-any
export function serve(server: TarpServer<any>): ServerHandle & AsyncDisposable {
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  return Object.assign(handle, { [Symbol.asyncDispose]: () => handle.shutdown() });
}

/** POSTs JSON text (or a JSON value) the way curl or a browser would. */
export function postJson(url: string, body: unknown, contentType = "application/json") {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
