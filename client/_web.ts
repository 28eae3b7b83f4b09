// The client side of web endpoints: encode the query and body, decode the answer.
import type { BodyInput, QueryInput, WebResult } from "../web/types.ts";
import type { Envelope } from "../_wire/protocol.ts";
import { RAW_PAYLOAD_HEADER } from "../_wire/protocol.ts";
import type { CallOptions, EndpointInfo } from "./options.ts";
import type { Answer, ClientCore } from "./_core.ts";
import { errorOf, parseEnvelope } from "./_core.ts";
import { isJsonType, parseMediaType } from "../_wire/media.ts";
import { toJsonValue } from "../_wire/json.ts";
import { RemoteError } from "../errors.ts";

/** Calls a `get` endpoint as `(query?)` or a `post` endpoint as `(body?, query?)`. */
export async function callWeb(
  core: ClientCore,
  endpoint: EndpointInfo,
  args: unknown[],
  call: CallOptions,
): Promise<WebResult> {
  const { name, kind } = endpoint;
  const most = kind === "get" ? 1 : 2;
  if (args.length > most) {
    throw new TypeError(
      kind === "get"
        ? `${name}() is a GET endpoint: call it with one argument, the query object.`
        : `${name}() is a POST endpoint: call it with (body, query).`,
    );
  }
  const [body, query] = kind === "get" ? [undefined, args[0]] : [args[0], args[1]];
  const search = encodeQuery(name, query as QueryInput | undefined);
  const init: RequestInit = { method: kind === "get" ? "GET" : "POST" };
  if (body !== undefined) Object.assign(init, encodeBody(body as BodyInput));
  const path = `/${encodeURIComponent(name)}${search ? `?${search}` : ""}`;
  const answer = await core.exchange(path, init, call, `call to ${name}()`);
  return decodeWebAnswer(answer);
}

/** Builds the query string; every key and value is percent-encoded, so nothing can inject. */
export function encodeQuery(name: string, query: QueryInput | undefined | null): string {
  if (query === undefined || query === null) return "";
  if (query instanceof URLSearchParams) return query.toString();
  if (typeof query !== "object" || Array.isArray(query)) {
    throw new TypeError(
      `${name}(): the query must be an object such as { lower: 0 }, not ${describe(query)}.`,
    );
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (!["string", "number", "boolean", "bigint"].includes(typeof v)) {
        throw new TypeError(
          `${name}(): query value "${key}" must be a string, number, boolean or an array of ` +
            `them, not ${describe(v)}.`,
        );
      }
      search.append(key, String(v));
    }
  }
  return search.toString();
}

/** The request body and Content-Type for a body value, chosen by its type. */
export function encodeBody(body: BodyInput): { body: BodyInit; headers?: Record<string, string> } {
  if (typeof body === "string") {
    return { body, headers: { "content-type": "text/plain; charset=utf-8" } };
  }
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    return {
      body: body as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/octet-stream" },
    };
  }
  if (body instanceof Blob) {
    return { body, headers: { "content-type": body.type || "application/octet-stream" } };
  }
  // fetch writes these two Content-Types itself (multipart needs its boundary).
  if (body instanceof URLSearchParams || body instanceof FormData) return { body };
  return {
    body: JSON.stringify(toJsonValue(body)),
    headers: { "content-type": "application/json" },
  };
}

/** Turns an answer into `[mimetype, data]`, or throws the error it carries. */
export function decodeWebAnswer(answer: Answer): WebResult {
  const ok = answer.status >= 200 && answer.status < 300;
  if (!ok) {
    const envelope = parseEnvelope(answer);
    if (envelope.status === "error") throw errorOf(envelope, answer);
    return [envelope.mimetype, envelope.result];
  }
  if (answer.headers.get(RAW_PAYLOAD_HEADER) !== "raw") {
    // Without the raw marker (another TARP server, say), an envelope is known by its shape.
    const envelope = asEnvelope(answer);
    if (envelope?.status === "error") throw errorOf(envelope, answer);
    if (envelope) return [envelope.mimetype, envelope.result];
  }
  return [answer.contentType, decodeRaw(answer)];
}

function asEnvelope(answer: Answer): Envelope | undefined {
  if (!isJsonType(parseMediaType(answer.contentType).essence)) return undefined;
  let body;
  try {
    body = JSON.parse(new TextDecoder().decode(answer.bytes));
  } catch {
    return undefined;
  }
  if (body?.status === "success" && typeof body.mimetype === "string" && "result" in body) {
    return body;
  }
  if (body?.status === "error" && typeof body.type === "string") return body;
  return undefined;
}

function decodeRaw(answer: Answer): unknown {
  const { essence, params } = parseMediaType(answer.contentType);
  if (!essence.startsWith("text/") && !isJsonType(essence)) return answer.bytes;
  let text: string;
  try {
    text = new TextDecoder(params.charset ?? "utf-8").decode(answer.bytes);
  } catch {
    text = new TextDecoder().decode(answer.bytes); // unknown charset: read it as UTF-8
  }
  if (!isJsonType(essence)) return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RemoteError(
      "ProtocolError",
      `The server answered ${essence} that is not valid JSON (${(e as Error).message}).`,
      { status: answer.status },
    );
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return `a ${v.constructor?.name ?? "null-prototype object"}`;
  return `a ${typeof v}`;
}
