// The web interface's public types: what a web handler receives and returns, what the client
// sends, and the registration options. No HTTP code.
import type { LockOptions } from "../server/types.ts";
import type { InputOptions } from "../server/schema.ts";

/**
 * The decoded query string a web handler receives: a key given once maps to its string, a key
 * given more than once to the array of its strings, in order.
 *
 * @example
 * ```ts
 * import { makeServer, type QueryParams } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, GetEndpointOptions, PostEndpointOptions, QueryInput, QueryValue, WebHandler, WebResult };
 *
 * const server = makeServer().addGetEndpoint("f", (params: QueryParams) => params);
 * const res = await server.fetch(new Request("http://tarp/f?x=1&tag=a&tag=b%26c"));
 * assert.deepEqual((await res.json()).result, { x: "1", tag: ["a", "b&c"] });
 * ```
 */
export type QueryParams = Record<string, string | string[]>;

/**
 * A value the client may put in a query string; it is sent as its string form.
 *
 * @example
 * ```ts
 * import { client, makeServer, type QueryValue } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, GetEndpointOptions, PostEndpointOptions, QueryInput, QueryParams, WebHandler, WebResult };
 *
 * const values: QueryValue[] = ["a b", 3.5, true, 10n];
 * const server = makeServer().addGetEndpoint("echo", (params) => params);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const [, echoed] = await c.echo({ v: values });
 * assert.deepEqual(echoed, { v: ["a b", "3.5", "true", "10"] });
 * ```
 */
export type QueryValue = string | number | boolean | bigint;

/**
 * The query a client call sends: each key maps to a value, or to an array of values that becomes
 * a repeated key. `undefined` and `null` values are left out. A `URLSearchParams` is sent as is.
 *
 * @example
 * ```ts
 * import { client, makeServer, type QueryInput } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, GetEndpointOptions, PostEndpointOptions, QueryParams, QueryValue, WebHandler, WebResult };
 *
 * const server = makeServer().addGetEndpoint("echo", (params) => params);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * // Sent as ?lower=0&upper=3.14159&tag=a&tag=b
 * const query: QueryInput = { lower: 0, upper: 3.14159, tag: ["a", "b"], unset: undefined };
 * const [, echoed] = await c.echo(query);
 * assert.deepEqual(echoed, { lower: "0", upper: "3.14159", tag: ["a", "b"] });
 * ```
 */
export type QueryInput =
  | { readonly [key: string]: QueryValue | readonly QueryValue[] | null | undefined }
  | URLSearchParams;

/**
 * The body a client call to a POST endpoint may send, encoded by its type: a string as
 * `text/plain`; a `Uint8Array`, `ArrayBuffer` or `Blob` as bytes (a Blob keeps its type,
 * otherwise `application/octet-stream`); `URLSearchParams` as a form; `FormData` as
 * `multipart/form-data`; anything else (plain objects, arrays, numbers, booleans, null) as JSON.
 *
 * @example
 * ```ts
 * import { type BodyInput, client, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { GetEndpointOptions, PostEndpointOptions, QueryInput, QueryParams, QueryValue, WebHandler, WebResult };
 *
 * const server = makeServer().addPostEndpoint("echo", (_params, body) => body);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const bodies: BodyInput[] = [{ a: 1 }, "text", new URLSearchParams("a=1")];
 * const echoed = await Promise.all(bodies.map(async (body) => (await c.echo(body))[1]));
 * assert.deepEqual(echoed, [{ a: 1 }, "text", { a: "1" }]);
 * ```
 */
export type BodyInput =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | URLSearchParams
  | FormData
  | { readonly [key: string]: unknown }
  | readonly unknown[]
  | number
  | boolean
  | null;

/**
 * A web endpoint's function: called with the decoded query string and the decoded body (see the
 * README's "Web-like interface" section for the rules). Its (awaited) return value is the answer.
 *
 * @example
 * ```ts
 * import { makeServer, type WebHandler } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, GetEndpointOptions, PostEndpointOptions, QueryInput, QueryParams, QueryValue, WebResult };
 *
 * const setParams: WebHandler = (params) => ({ lower: Number(params.lower ?? 0) });
 * const server = makeServer().addGetEndpoint("set_params", setParams);
 * const res = await server.fetch(new Request("http://tarp/set_params?lower=1.5"));
 * assert.deepEqual((await res.json()).result, { lower: 1.5 });
 * ```
 */
export type WebHandler = (params: QueryParams, body: unknown) => unknown;

/**
 * What a client call to a web endpoint resolves to: the MIME type of the result and the result.
 *
 * @example
 * ```ts
 * import { client, makeServer, type WebResult } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, GetEndpointOptions, PostEndpointOptions, QueryInput, QueryParams, QueryValue, WebHandler };
 *
 * const server = makeServer().addGetEndpoint("plot_data", () => ({ x: [0, 1] }));
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const [mimetype, data]: WebResult = await c.plot_data();
 * assert.equal(mimetype, "application/json");
 * assert.deepEqual(data, { x: [0, 1] });
 * ```
 */
export type WebResult = [mimetype: string, data: unknown];

/**
 * Options for {@linkcode TarpServer.addGetEndpoint}; all of them are shown by discovery (`GET /`).
 *
 * @example
 * ```ts
 * import { client, type GetEndpointOptions, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, PostEndpointOptions, QueryInput, QueryParams, QueryValue, WebHandler, WebResult };
 *
 * const options: GetEndpointOptions = {
 *   description: "Sets the plot's x range",
 *   queryParams: { lower: "float, default 0", upper: "float, default 10" },
 * };
 * const server = makeServer().addGetEndpoint("set_range", () => null, options);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(c.set_range.description, "Sets the plot's x range");
 * assert.deepEqual(c.$endpoints()[0].entry.query_params, options.queryParams);
 * ```
 */
export interface GetEndpointOptions extends LockOptions, InputOptions {
  /** What the endpoint does. */
  description?: string;
  /** MIME type to report in the envelope instead of the one inferred from the result. */
  resultMimetype?: string;
  /** The query parameters the endpoint reads: names, or names mapped to descriptions. */
  queryParams?: Record<string, string> | string[];
}

/**
 * Options for {@linkcode TarpServer.addPostEndpoint}; all of them are shown by discovery.
 *
 * @example
 * ```ts
 * import { client, makeServer, type PostEndpointOptions } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { BodyInput, GetEndpointOptions, QueryInput, QueryParams, QueryValue, WebHandler, WebResult };
 *
 * const options: PostEndpointOptions = {
 *   description: "Stores a measurement",
 *   payloadMimetype: "application/json",
 *   payloadSchema: { type: "object", properties: { value: { type: "number" } } },
 * };
 * const server = makeServer().addPostEndpoint("store", () => null, options);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const { entry } = c.$endpoints()[0];
 * assert.equal(entry.payload_mimetype, "application/json");
 * assert.deepEqual(entry.payload_schema, options.payloadSchema);
 * ```
 */
export interface PostEndpointOptions extends GetEndpointOptions {
  /** The MIME type the endpoint expects its body in. */
  payloadMimetype?: string;
  /** A description of the body, such as a JSON Schema; passed to discovery as it is. */
  payloadSchema?: unknown;
}
