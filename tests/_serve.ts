// Test helpers: a server on a free loopback port (`serve`), or the same server called in this
// process with no socket (`local`), behind one shape so a test can switch between the two.
import { runServer, type ServerHandle, type TarpServer } from "../server.ts";
import { type Client, client, type ClientOptions } from "../client.ts";

/** A server a test talks to: raw requests with `fetch`, calls with `client()`. */
export interface TestServer<S> extends AsyncDisposable {
  /** The URL the server is reached at (a placeholder for `local`: no socket listens there). */
  readonly url: string;
  /** Sends a raw request to the server (the global fetch, or the server's own `fetch`). */
  fetch(input: string, init?: RequestInit): Promise<Response>;
  /** Connects a client to the server, typed by its endpoints (`client<unknown>()`: untyped). */
  client<T = S>(options?: ClientOptions): Promise<Client<T>>;
}

/** Serves `server` on a free loopback port; dispose (or shutdown) when done. */
// deno-lint-ignore no-explicit-any
export function serve<S extends TarpServer<any>>(server: S): ServerHandle & TestServer<S> {
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  return Object.assign(handle, {
    fetch: (input: string, init?: RequestInit) => fetch(input, init),
    client: <T = S>(options: ClientOptions = {}) => client<T>(handle.url, options),
    [Symbol.asyncDispose]: () => handle.shutdown(),
  });
}

/** Where `local` servers pretend to be: nothing listens there, so a stray real request fails. */
export const LOCAL_URL = "http://tarp.invalid";

/**
 * `server` called in this process through `server.fetch`, with no socket: its clients are made
 * with `{ fetch: server.fetch }`. Dispose to close the server (its jobs and timers).
 */
// deno-lint-ignore no-explicit-any
export function local<S extends TarpServer<any>>(server: S): TestServer<S> {
  return {
    url: LOCAL_URL,
    fetch: (input, init) => server.fetch(new Request(input, init)),
    client: <T = S>(options: ClientOptions = {}) =>
      client<T>(LOCAL_URL, { ...options, fetch: server.fetch }),
    [Symbol.asyncDispose]: () => server.close(),
  };
}

/** POSTs JSON text (or a JSON value) the way curl or a browser would. */
export function postJson(url: string, body: unknown, contentType = "application/json") {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
