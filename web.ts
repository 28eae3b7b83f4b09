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
 * import { client, makeServer, rawPayload, runServer } from "@tarp/tarp";
 *
 * const server = makeServer()
 *   .addGetEndpoint("hello", (params) => `hello ${params.name ?? "world"}`)
 *   .addPostEndpoint("echo", (_params, body) => ({ got: body }))
 *   .addGetEndpoint("csv", () => rawPayload("a,b\n1,2\n", "text/csv"));
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 *
 * const c = await client<typeof server>(handle.url);
 * console.log(await c.hello({ name: "Ada" })); // ["text/plain", "hello Ada"]
 * console.log(await c.echo([1, 2])); // ["application/json", { got: [1, 2] }]
 * console.log(await c.csv()); // ["text/csv; charset=utf-8", "a,b\n1,2\n"]
 * await handle.shutdown();
 * ```
 *
 * @module
 */
import type { LockOptions } from "./_server_types.ts";

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

/**
 * The payloads {@linkcode rawPayload} accepts.
 *
 * @example
 * ```ts ignore
 * import { rawPayload, type RawPayloadData } from "@tarp/tarp/web";
 *
 * const csv: RawPayloadData = "a,b\n1,2\n";
 * const answer = rawPayload(csv, "text/csv");
 * ```
 */
export type RawPayloadData = Uint8Array | ArrayBuffer | string;

/**
 * A result to be answered as it is, with its own Content-Type and no envelope. Made by
 * {@linkcode rawPayload}.
 *
 * @example
 * ```ts
 * import { RawPayload, rawPayload } from "@tarp/tarp/web";
 *
 * const png = rawPayload(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), "image/png");
 * console.log(png instanceof RawPayload, png.mimetype); // true "image/png"
 * ```
 */
export class RawPayload {
  /** The bytes to send (a string payload is already UTF-8 encoded here). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The Content-Type to send them with. */
  readonly mimetype: string;

  /**
   * Makes a raw payload; {@linkcode rawPayload} is the shorter way to say it.
   *
   * @param payload The bytes, or a string to send UTF-8 encoded.
   * @param mimetype The Content-Type; default `application/octet-stream`. A `text/*` type given
   * with a string payload and no charset gets `; charset=utf-8`.
   */
  constructor(payload: RawPayloadData, mimetype = "application/octet-stream") {
    if (typeof mimetype !== "string" || !MEDIA_TYPE.test(mimetype) || hasControl(mimetype)) {
      throw new TypeError(
        `rawPayload: "${mimetype}" is not a MIME type; give one like "image/png" or ` +
          '"text/csv; charset=utf-8".',
      );
    }
    if (typeof payload === "string") {
      this.bytes = new TextEncoder().encode(payload);
      const textual = /^text\//i.test(mimetype) && !/;\s*charset=/i.test(mimetype);
      this.mimetype = textual ? `${mimetype}; charset=utf-8` : mimetype;
    } else if (payload instanceof Uint8Array) {
      this.bytes = new Uint8Array(payload);
      this.mimetype = mimetype;
    } else if (payload instanceof ArrayBuffer) {
      this.bytes = new Uint8Array(payload.slice(0));
      this.mimetype = mimetype;
    } else {
      const got = payload === null ? "null" : typeof payload;
      throw new TypeError(
        `rawPayload: the payload must be a Uint8Array, an ArrayBuffer or a string, not ${got}.`,
      );
    }
  }
}

// type/subtype, then optional parameters.
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/s;

// Control characters (a newline, say) cannot go in a header.
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

/**
 * Marks a web handler's result to be sent as raw bytes (or a UTF-8 string) with the given
 * Content-Type instead of the JSON envelope: an image, a CSV file, an HTML page. The TARP client
 * resolves such an answer to `[contentType, data]`.
 *
 * @example Answer a PNG the browser can show
 * ```ts
 * import { makeServer, rawPayload } from "@tarp/tarp";
 *
 * const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // a real PNG here
 * makeServer().addGetEndpoint("get_plot", () => rawPayload(png, "image/png"));
 * ```
 */
export function rawPayload(payload: RawPayloadData, mimetype?: string): RawPayload {
  return new RawPayload(payload, mimetype);
}
