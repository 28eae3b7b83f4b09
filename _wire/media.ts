// Media-type parsing: parameters never break matching, but charset is honoured.
import type { WireFormat } from "./protocol.ts";

/** A parsed `Content-Type`: the lower-cased essence and its parameters. */
export interface MediaType {
  /** `type/subtype`, lower-cased, without parameters. */
  essence: string;
  /** Parameters such as `charset` and `boundary`, keys lower-cased. */
  params: Record<string, string>;
}

/** Parses a `Content-Type` header; a missing header gives an empty essence. */
export function parseMediaType(header: string | null | undefined): MediaType {
  if (!header) return { essence: "", params: {} };
  const [head, ...rest] = header.split(";");
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    params[key] = value;
  }
  return { essence: head.trim().toLowerCase(), params };
}

/** True for `application/json` and `+json` types such as `application/problem+json`. */
export function isJsonType(essence: string): boolean {
  return essence === "application/json" || essence.endsWith("+json");
}

/** True for `application/cbor` and `+cbor` types. */
export function isCborType(essence: string): boolean {
  return essence === "application/cbor" || essence.endsWith("+cbor");
}

/**
 * The one answer-format negotiation: CBOR when `Accept` lists a CBOR type (with q above 0), else
 * JSON when it lists a JSON type, else `fallback` (the request's own format for calls; JSON for
 * job results fetched by browsers and curl).
 */
export function negotiateFormat(accept: string | null, fallback: WireFormat): WireFormat {
  if (!accept) return fallback;
  let json = false;
  for (const part of accept.split(",")) {
    const { essence, params } = parseMediaType(part);
    if (params.q !== undefined && !(Number(params.q) > 0)) continue;
    if (isCborType(essence)) return "cbor";
    json ||= isJsonType(essence);
  }
  return json ? "json" : fallback;
}
