// The client's options: for the connection, for one call, and what discovery says of an endpoint.

/**
 * Options for {@linkcode client}.
 *
 * @example
 * ```ts ignore
 * import { client, type ClientOptions } from "@tarp/tarp/client";
 *
 * const options: ClientOptions = { token: Deno.env.get("TARP_TOKEN"), timeout: 5000 };
 * const c = await client("http://localhost:8080", options);
 * ```
 */
export interface ClientOptions {
  /** Bearer token sent with every request (for servers made with a `token`). */
  token?: string;
  /** Default timeout of every call, in milliseconds. None by default. */
  timeout?: number;
  /**
   * PEM certificates to trust for `https://` servers, e.g. the CA (or the self-signed certificate)
   * of a server started with `secure: true`. Call `c.$close()` when done with such a client.
   */
  caCerts?: string[];
  /**
   * The function requests are sent with, instead of the global `fetch`: `server.fetch` calls a
   * server in this process without a socket (tests, or a server mounted in the same program).
   */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Options for one call, given with `c.$with({...})`.
 *
 * @example
 * ```ts ignore
 * import { type CallOptions, client } from "@tarp/tarp/client";
 *
 * const c = await client("http://localhost:8080");
 * const once: CallOptions = { timeout: 500, signal: AbortSignal.timeout(1000) };
 * await c.$with(once).my_function(1, 2);
 * ```
 */
export interface CallOptions {
  /** Timeout of this call in milliseconds, overriding the client's. */
  timeout?: number;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/**
 * What discovery says about one endpoint.
 *
 * @example
 * ```ts ignore
 * import { client, type EndpointInfo } from "@tarp/tarp/client";
 *
 * const c = await client("http://localhost:8080");
 * const rpc: EndpointInfo[] = c.$endpoints().filter((e) => e.kind === "rpc");
 * ```
 */
export interface EndpointInfo {
  /** The endpoint's name. */
  name: string;
  /** `rpc`, `async`, `get` or `post`. */
  kind: "rpc" | "async" | "get" | "post";
  /** The server's description of it. */
  description: string;
  /** Parameter names, for RPC endpoints whose source shows them. */
  params?: string[];
  /** The discovery entry as the server sent it. */
  entry: Record<string, unknown>;
}
