/**
 * The TARP client: `await client(url)` reads the server's discovery document and returns an object
 * whose methods call the server's endpoints as if they were local functions.
 *
 * @example Call a server's function
 * ```ts
 * import { client } from "@tarp/tarp/client";
 * import { makeServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { WebResult };
 *
 * const server = makeServer().addRPCEndpoint("my_function", (x: number, y: number) => x + y);
 * // A server on another machine has a URL such as "http://lab-pc:8080"; this one runs in this
 * // program, so the client calls its `fetch` directly, without a socket.
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(await c.my_function(1, 2), 3);
 * ```
 *
 * @module
 */
export * from "./client/client.ts";
export * from "./client/options.ts";
export * from "./client/job_handle.ts";
export * from "./errors.ts";
export type { WebResult } from "./web/types.ts";
