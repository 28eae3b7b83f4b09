// The client's options: for the connection, for one call, and what discovery says of an endpoint.

/**
 * Options for {@linkcode client}.
 *
 * @example
 * ```ts
 * import { client, type ClientOptions, createToken, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { CallOptions, EndpointInfo };
 *
 * const token = createToken();
 * const server = makeServer({ token }).addRPCEndpoint("add", (a: number, b: number) => a + b);
 * // `fetch: server.fetch` calls a server in this program; leave it out to go over the network.
 * const options: ClientOptions = { token, timeout: 5000, fetch: server.fetch };
 * const c = await client<typeof server>("http://tarp", options);
 * assert.equal(await c.add(1, 2), 3);
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
   * Deno only (it needs `Deno.createHttpClient`): elsewhere the client refuses it with a TypeError
   * that says what to do instead (in Node.js, `NODE_EXTRA_CA_CERTS=ca.pem`).
   */
  caCerts?: string[];
  /**
   * The function requests are sent with, instead of the global `fetch`: `server.fetch` calls a
   * server in this process without a socket (tests, or a server mounted in the same program).
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Milliseconds the server may wait for a job to end before answering its start (`?wait=`): a
   * job done by then comes back with its result, so its `wait()` needs no second request. 5 by
   * default; 0 answers the job's ID at once.
   */
  submitWait?: number;
}

/**
 * Options for one call, given with `c.$with({...})`.
 *
 * @example
 * ```ts
 * import { type CallOptions, client, makeServer, TimeoutError } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { ClientOptions, EndpointInfo };
 *
 * const { promise: never, resolve: release } = Promise.withResolvers<void>();
 * const server = makeServer().addRPCEndpoint("slow", () => never);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const once: CallOptions = { timeout: 20 };
 * await assert.rejects(c.$with(once).slow(), TimeoutError);
 * const stop = new AbortController();
 * const call = c.$with({ signal: stop.signal }).slow();
 * stop.abort(new Error("operator pressed stop"));
 * await assert.rejects(call, { message: "operator pressed stop" });
 * release(); // let the server's calls end too
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
 * ```ts
 * import { client, type EndpointInfo, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { CallOptions, ClientOptions };
 *
 * const server = makeServer()
 *   .addRPCEndpoint("add", (a: number, b: number) => a + b, { description: "Adds" })
 *   .addGetEndpoint("page", () => "hi");
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const rpc: EndpointInfo[] = c.$endpoints().filter((e) => e.kind === "rpc");
 * assert.deepEqual(rpc.map((e) => e.name), ["add"]);
 * assert.deepEqual([rpc[0].description, rpc[0].params], ["Adds", ["a", "b"]]);
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
