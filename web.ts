/**
 * TARP's web-like interface: plain HTTP `GET` and `POST` endpoints that a browser, curl or any
 * HTTP client can call, and that the TARP client calls as `c.name(query?)` (GET) or
 * `c.name(body?, query?)` (POST), resolving to `[mimetype, data]`.
 *
 * A web handler is called as `fn(params, body)`: `params` is the decoded query string, `body` the
 * request body decoded by its Content-Type. What it returns is answered in the JSON envelope
 * `{"status":"success","mimetype":…,"result":…}`, except a {@linkcode rawPayload}, which is sent
 * as it is with its own Content-Type.
 *
 * @example A GET and a POST endpoint, called through the client
 * ```ts
 * import { client, makeServer, rawPayload } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 *
 * const server = makeServer()
 *   .addGetEndpoint("hello", (params) => `hello ${params.name ?? "world"}`)
 *   .addPostEndpoint("echo", (_params, body) => ({ got: body }))
 *   .addGetEndpoint("csv", () => rawPayload("a,b\n1,2\n", "text/csv"));
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 *
 * assert.deepEqual(await c.hello({ name: "Ada" }), ["text/plain", "hello Ada"]);
 * assert.deepEqual(await c.echo([1, 2]), ["application/json", { got: [1, 2] }]);
 * assert.deepEqual(await c.csv(), ["text/csv; charset=utf-8", "a,b\n1,2\n"]);
 * ```
 *
 * @module
 */
export * from "./web/types.ts";
export * from "./web/raw_payload.ts";
