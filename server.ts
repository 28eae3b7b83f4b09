/**
 * The TARP server: register plain functions with {@linkcode makeServer} and serve them over HTTP
 * with {@linkcode runServer}, or answer requests in-process with `server.fetch`.
 *
 * @example A server with one RPC endpoint, called over HTTP
 * ```ts
 * import { makeServer, runServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 *
 * function my_function(x: number, y: number): number {
 *   return x + y;
 * }
 *
 * const server = makeServer().addRPCEndpoint("my_function", my_function);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * const res = await fetch(`${handle.url}/my_function`, {
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ args: [1, 2] }),
 * });
 * assert.equal((await res.json()).result, 3);
 * await handle.shutdown();
 * ```
 *
 * @module
 */
export * from "./server/tarp_server.ts";
export * from "./server/run_server.ts";
export * from "./server/options.ts";
export * from "./server/types.ts";
export * from "./server/log.ts";
export * from "./server/token.ts";
export * from "./server/schema.ts";
