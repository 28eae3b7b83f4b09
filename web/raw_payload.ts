// Raw payloads: a web handler's result sent as its own bytes and Content-Type, without envelope.

/**
 * The payloads {@linkcode rawPayload} accepts.
 *
 * @example
 * ```ts
 * import { RawPayload, rawPayload, type RawPayloadData } from "@tarp/tarp/web";
 * import assert from "node:assert/strict";
 *
 * const csv: RawPayloadData = "a,b\n1,2\n";
 * const answer = rawPayload(csv, "text/csv");
 * assert.ok(answer instanceof RawPayload);
 * assert.equal(answer.mimetype, "text/csv; charset=utf-8"); // a string is sent as UTF-8
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
 * import assert from "node:assert/strict";
 * # export type { RawPayloadData };
 *
 * const png = rawPayload(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), "image/png");
 * assert.ok(png instanceof RawPayload);
 * assert.equal(png.mimetype, "image/png");
 * assert.deepEqual(png.bytes, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
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
 * import assert from "node:assert/strict";
 * # export { RawPayload, type RawPayloadData };
 *
 * const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // a real PNG here
 * const server = makeServer().addGetEndpoint("get_plot", () => rawPayload(png, "image/png"));
 * const res = await server.fetch(new Request("http://tarp/get_plot")); // what a browser gets
 * assert.equal(res.headers.get("content-type"), "image/png");
 * assert.deepEqual(new Uint8Array(await res.arrayBuffer()), png);
 * ```
 */
export function rawPayload(payload: RawPayloadData, mimetype?: string): RawPayload {
  return new RawPayload(payload, mimetype);
}
