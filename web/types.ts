// The web interface's public types: what a web handler receives and returns, what the client
// sends, and the registration options. No HTTP code.
import type { LockOptions } from "../server/types.ts";

/**
 * The decoded query string a web handler receives: a key given once maps to its string, a key
 * given more than once to the array of its strings, in order.
 *
 * @example
 * ```ts
 * import type { QueryParams } from "@tarp/tarp/web";
 *
 * // GET /f?x=1&tag=a&tag=b%26c  →
 * const params: QueryParams = { x: "1", tag: ["a", "b&c"] };
 * ```
 */
export type QueryParams = Record<string, string | string[]>;

/**
 * A value the client may put in a query string; it is sent as its string form.
 *
 * @example
 * ```ts
 * import type { QueryValue } from "@tarp/tarp/web";
 *
 * const values: QueryValue[] = ["a b", 3.5, true, 10n];
 * ```
 */
export type QueryValue = string | number | boolean | bigint;

/**
 * The query a client call sends: each key maps to a value, or to an array of values that becomes
 * a repeated key. `undefined` and `null` values are left out. A `URLSearchParams` is sent as is.
 *
 * @example
 * ```ts
 * import type { QueryInput } from "@tarp/tarp/web";
 *
 * // Sent as ?lower=0&upper=3.14159&tag=a&tag=b
 * const query: QueryInput = { lower: 0, upper: 3.14159, tag: ["a", "b"] };
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
 * import type { BodyInput } from "@tarp/tarp/web";
 *
 * const bodies: BodyInput[] = [{ a: 1 }, "text", new Uint8Array([1, 2]), new URLSearchParams("a=1")];
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
 * import type { WebHandler } from "@tarp/tarp/web";
 *
 * const setParams: WebHandler = (params) => ({ lower: Number(params.lower ?? 0) });
 * ```
 */
export type WebHandler = (params: QueryParams, body: unknown) => unknown;

/**
 * What a client call to a web endpoint resolves to: the MIME type of the result and the result.
 *
 * @example
 * ```ts
 * import type { WebResult } from "@tarp/tarp/web";
 *
 * const [mimetype, data]: WebResult = ["application/json", { x: [0, 1] }];
 * ```
 */
export type WebResult = [mimetype: string, data: unknown];

/**
 * Options for {@linkcode TarpServer.addGetEndpoint}; all of them are shown by discovery (`GET /`).
 *
 * @example
 * ```ts
 * import type { GetEndpointOptions } from "@tarp/tarp/web";
 *
 * const options: GetEndpointOptions = {
 *   description: "Sets the plot's x range",
 *   queryParams: { lower: "float, default 0", upper: "float, default 10" },
 * };
 * ```
 */
export interface GetEndpointOptions extends LockOptions {
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
 * import type { PostEndpointOptions } from "@tarp/tarp/web";
 *
 * const options: PostEndpointOptions = {
 *   description: "Stores a measurement",
 *   payloadMimetype: "application/json",
 *   payloadSchema: { type: "object", properties: { value: { type: "number" } } },
 * };
 * ```
 */
export interface PostEndpointOptions extends GetEndpointOptions {
  /** The MIME type the endpoint expects its body in. */
  payloadMimetype?: string;
  /** A description of the body, such as a JSON Schema; passed to discovery as it is. */
  payloadSchema?: unknown;
}
