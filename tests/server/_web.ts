// Shared by the web wire tests: servers that show what a handler saw, what it returned and how
// it failed, and readers for the JSON envelope.
import assert from "node:assert/strict";
import {
  InvalidServerState,
  makeServer,
  OperationInProgress,
  rawPayload,
  type ServerOptions,
} from "../../mod.ts";

/** What a handler saw of its body, in a JSON-friendly form. */
export async function describeBody(body: unknown): Promise<unknown> {
  if (body === undefined) return { kind: "undefined" };
  if (typeof body === "string") return { kind: "string", value: body };
  if (body instanceof Uint8Array) return { kind: "bytes", value: Array.from(body) };
  if (body instanceof File) {
    return { kind: "file", name: body.name, type: body.type, text: await body.text() };
  }
  if (Array.isArray(body)) return Promise.all(body.map(describeBody));
  if (
    body !== null && typeof body === "object" && Object.getPrototypeOf(body) === Object.prototype
  ) {
    const entries = await Promise.all(
      Object.entries(body).map(async ([k, v]) => [k, await fieldOf(v)]),
    );
    return { kind: "object", value: Object.fromEntries(entries) };
  }
  return { kind: typeof body, value: body };
}

export function fieldOf(v: unknown): Promise<unknown> {
  if (v instanceof File) return describeBody(v);
  if (Array.isArray(v)) return Promise.all(v.map(fieldOf));
  return Promise.resolve(v);
}

export function webServer(options: ServerOptions = {}) {
  return makeServer(options)
    .addGetEndpoint("query", (params) => ({ params, keys: Object.keys(params) }))
    .addGetEndpoint("body_get", async (_params, body) => await describeBody(body))
    .addPostEndpoint("body", async (params, body) => ({ params, body: await describeBody(body) }));
}

export async function envelope(res: Response): Promise<Record<string, unknown>> {
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return await res.json();
}

export async function post(url: string, body: BodyInit | null, contentType?: string) {
  const headers = contentType === undefined ? undefined : { "content-type": contentType };
  const res = await fetch(url, { method: "POST", headers, body });
  return { status: res.status, body: await envelope(res) };
}

/** One GET endpoint per kind of return value, envelope or raw. */
export function resultServer() {
  const bytes = new Uint8Array([1, 2, 3, 250]);
  return makeServer()
    .addGetEndpoint("object", () => ({ x: [0, 0.5], nested: { ok: true } }))
    .addGetEndpoint("array", () => [1, "a", null])
    .addGetEndpoint("string", () => "hello")
    .addGetEndpoint("number", () => 3.5)
    .addGetEndpoint("zero", () => 0)
    .addGetEndpoint("boolean", () => false)
    .addGetEndpoint("null", () => null)
    .addGetEndpoint("undefined", () => undefined)
    .addGetEndpoint("async", () => Promise.resolve({ later: 1 }))
    .addGetEndpoint("bytes", () => bytes)
    .addGetEndpoint("buffer", () => bytes.slice().buffer)
    .addGetEndpoint("nested_bytes", () => ({ data: bytes, list: [bytes] }))
    .addGetEndpoint("declared", () => ({ a: 1 }), { resultMimetype: "application/vnd.x+json" })
    .addGetEndpoint("declared_text", () => "x,y", { resultMimetype: "text/csv" })
    .addGetEndpoint("png", () => rawPayload(bytes, "image/png"))
    .addGetEndpoint("raw_default", () => rawPayload(bytes))
    .addGetEndpoint("raw_buffer", () => rawPayload(bytes.slice().buffer, "image/x-test"))
    .addGetEndpoint("raw_text", () => rawPayload("<h1>héllo</h1>", "text/html"))
    .addGetEndpoint("raw_text_charset", () => rawPayload("a", "text/plain; charset=us-ascii"))
    .addGetEndpoint(
      "raw_json",
      () => rawPayload('{"status":"success","result":1}', "application/json"),
    )
    .addGetEndpoint("raw_bad_type", () => rawPayload("x", "not a type\r\nX-Evil: 1"))
    .addGetEndpoint("raw_bad_payload", () => rawPayload({ a: 1 } as unknown as string));
}

/** Endpoints that throw each kind of error, one per method, and a call counter. */
export function failingServer() {
  let calls = 0;
  return makeServer()
    .addGetEndpoint("get_only", () => "ok")
    .addPostEndpoint("post_only", () => "ok")
    .addGetEndpoint("throws", () => {
      throw new RangeError("x must be positive");
    })
    .addGetEndpoint("rejects", () => Promise.reject(new Error("async failure")))
    .addGetEndpoint("throws_string", () => {
      throw "plain string";
    })
    .addGetEndpoint("busy", () => {
      throw new OperationInProgress("still measuring", 2.5);
    })
    .addPostEndpoint("busy_post", () => {
      throw new OperationInProgress("still measuring", 0.25);
    })
    .addGetEndpoint("not_started", () => {
      throw new InvalidServerState("call generate_data first");
    })
    .addGetEndpoint("counter", () => ++calls);
}
