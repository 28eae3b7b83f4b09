/**
 * TARP (Tiny Asynchronous Remote Procedure): call functions on another machine from TypeScript as
 * if they were local.
 *
 * A server registers plain functions; a client calls them over HTTP. Values travel as CBOR with
 * structured-clone semantics (Date, Map, Set, BigInt, typed arrays, cycles all arrive intact), or
 * as JSON for any other language, curl or a browser.
 *
 * @example A server and a client in one program
 * ```ts
 * import { client, makeServer, runServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 *
 * const server = makeServer().addRPCEndpoint("add", (x: number, y: number) => x + y);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 *
 * const c = await client<typeof server>(handle.url);
 * assert.equal(await c.add(1, 2), 3);
 * await handle.shutdown();
 * ```
 *
 * @module
 */
export * from "./server.ts";
export * from "./client.ts";
export * from "./errors.ts";
export * from "./jobs/mod.ts";
export * from "./web.ts";
