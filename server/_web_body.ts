// Web endpoints' inputs: the query string and the request body, decoded by the README's rules.
import type { QueryParams } from "../web/types.ts";
import type { RequestLimits } from "./_body.ts";
import { TarpError } from "../_wire/errors.ts";
import { readBody } from "./_body.ts";
import { badBody } from "./_call.ts";
import { DecodeError } from "../_wire/codec.ts";
import { decodeJson } from "../_wire/json.ts";
import { isJsonType, parseMediaType } from "../_wire/media.ts";

/** Fields of a form body (urlencoded: strings; multipart: strings and Files). */
export type FormFields = Record<string, FormDataEntryValue | FormDataEntryValue[]>;

/**
 * Decodes the query string of `url` as URLSearchParams does: `+` and `%20` are spaces, `%26` stays
 * inside its value, a key given once maps to a string and a repeated key to an array.
 */
export function parseQuery(url: string): QueryParams {
  const at = url.indexOf("?");
  if (at < 0 || at === url.length - 1) return {};
  const query = url.slice(at + 1);
  // Splitting by hand is several times faster than iterating URLSearchParams; any escape that
  // decodeURIComponent refuses (such as "%zz") sends the whole string to URLSearchParams instead.
  const out: FormFields = {};
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeComponent(part.slice(eq + 1));
    if (key === undefined || value === undefined) {
      return collect(new URLSearchParams(query)) as QueryParams;
    }
    add(out, key, value);
  }
  return out as QueryParams;
}

function decodeComponent(text: string): string | undefined {
  const spaced = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

function collect(entries: Iterable<[string, FormDataEntryValue]>): FormFields {
  const out: FormFields = {};
  for (const [key, value] of entries) add(out, key, value);
  return out;
}

function add(out: FormFields, key: string, value: FormDataEntryValue): void {
  if (!Object.hasOwn(out, key)) {
    if (key !== "__proto__") out[key] = value;
    // defineProperty, so that "__proto__" is an ordinary field and never sets the prototype.
    else {Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });}
  } else {
    const prev = out[key];
    if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
}

/**
 * Reads and decodes the body by its Content-Type (parameters ignored, `charset` honoured):
 * JSON → its value; `application/x-www-form-urlencoded` → fields like the query; `text/*` → a
 * string; `multipart/form-data` → fields (files as File); anything else → a Uint8Array. No body
 * and no Content-Type → undefined; an empty body is its type's empty value (undefined for JSON).
 */
export async function readWebBody(req: Request, limits: RequestLimits): Promise<unknown> {
  const header = req.headers.get("content-type");
  if (req.body === null) {
    const length = req.headers.get("content-length");
    if ((length !== null && length !== "0") || req.headers.has("transfer-encoding")) {
      // Deno's HTTP server drops the body of GET and HEAD requests: never pretend it was empty.
      throw new TarpError(
        "BadRequest",
        `This server cannot read the body of a ${req.method} request. Put the data in the ` +
          "query string, or send it to a POST endpoint.",
      );
    }
    if (header === null) return undefined;
  }
  const bytes = await readBody(req, limits);
  if (header === null) return bytes.byteLength === 0 ? undefined : bytes;
  const { essence, params } = parseMediaType(header);
  if (isJsonType(essence)) {
    if (bytes.byteLength === 0) return undefined;
    const text = decodeText(bytes, params.charset, essence);
    try {
      return decodeJson(text, limits);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      if (e.option) throw badBody(e, "The JSON body is refused");
      throw new TarpError(
        "BadRequest",
        `The body is not valid JSON: ${e.message}. Send JSON, or a Content-Type that says ` +
          "what the body is.",
      );
    }
  }
  if (essence === "application/x-www-form-urlencoded") {
    return collect(new URLSearchParams(decodeText(bytes, params.charset, essence)));
  }
  if (essence.startsWith("text/")) return decodeText(bytes, params.charset, essence);
  if (essence === "multipart/form-data") return await readMultipart(bytes, header);
  return bytes;
}

function decodeText(bytes: Uint8Array, charset: string | undefined, essence: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? "utf-8", { fatal: true });
  } catch {
    throw new TarpError(
      "UnsupportedMediaType",
      `charset "${charset}" is not one this server can decode. Send the ${essence} body as ` +
        "UTF-8 (charset=utf-8).",
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TarpError(
      "BadRequest",
      `The ${essence} body is not valid ${decoder.encoding} text. Declare its real charset ` +
        "in the Content-Type, or send it as application/octet-stream.",
    );
  }
}

async function readMultipart(bytes: Uint8Array, header: string): Promise<FormFields> {
  if (bytes.byteLength === 0) return {};
  const refuse = (why: string) =>
    new TarpError(
      "BadRequest",
      `The multipart/form-data body could not be read (${why}). Check that the Content-Type's ` +
        "boundary matches the body's.",
    );
  // Deno's parser answers an empty form for a body that never closes (a truncated one, or one
  // cut short by its sender), silently losing its fields: require the close delimiter.
  const boundary = parseMediaType(header).params.boundary;
  if (boundary && !includesBytes(bytes, new TextEncoder().encode(`--${boundary}--`))) {
    throw refuse(`it does not end with its closing delimiter "--${boundary}--"`);
  }
  let form: FormData;
  try {
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": header },
    }).formData();
  } catch (e) {
    throw refuse((e as Error).message);
  }
  return collect(form);
}

// Searched from the end, where a multipart body's close delimiter is.
function includesBytes(bytes: Uint8Array, pattern: Uint8Array): boolean {
  let at = bytes.length - pattern.length;
  while (at >= 0) {
    at = bytes.lastIndexOf(pattern[0], at);
    if (at < 0) return false;
    let i = 1;
    while (i < pattern.length && bytes[at + i] === pattern[i]) i++;
    if (i === pattern.length) return true;
    at--;
  }
  return false;
}
