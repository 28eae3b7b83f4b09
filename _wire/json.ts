// The JSON side of the codec: depth-checked parsing, and the mapping of every value onto JSON
// (the protocol's JSON table), which never fails.
import { DecodeError } from "./codec.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { toBase64 } from "./base64.ts";

/** Parses JSON text after checking its nesting depth; throws {@link DecodeError}. */
export function decodeJson(text: string, maxDepth = DEFAULT_LIMITS.maxDepth): unknown {
  checkJsonDepth(text, maxDepth);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DecodeError(`malformed JSON (${(e as Error).message})`);
  }
}

function checkJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) {
        throw new DecodeError(`the value is nested deeper than ${maxDepth} levels`);
      }
    } else if (c === 93 || c === 125) depth--;
  }
}

/**
 * Maps a value onto JSON, never failing (the README's JSON table): bytes become base64, BigInt a
 * decimal string, Date an ISO string, Map an array of [key, value] pairs, Set an array, other typed
 * arrays arrays of numbers, errors `{name, message}`, undefined and non-finite numbers null, and a
 * reference back into its own ancestors (a cycle) null.
 */
export function toJsonValue(value: unknown): unknown {
  return mapJson(value, new Set());
}

function mapJson(v: unknown, ancestors: Set<object>): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case "bigint":
      return v.toString();
    case "object":
      break;
    default:
      return null; // undefined, functions, symbols
  }
  if (v === null) return null;
  if (ancestors.has(v)) return null;
  if (v instanceof Uint8Array) return toBase64(v);
  if (v instanceof ArrayBuffer) return toBase64(new Uint8Array(v));
  if (v instanceof DataView) return toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (ArrayBuffer.isView(v)) {
    return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => mapJson(x, ancestors));
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof RegExp) return v.toString();
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return v.valueOf();
  ancestors.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => mapJson(x, ancestors));
    if (v instanceof Map) {
      return Array.from(v, ([k, x]) => [mapJson(k, ancestors), mapJson(x, ancestors)]);
    }
    if (v instanceof Set) return Array.from(v, (x) => mapJson(x, ancestors));
    if (v instanceof Error) return mapError(v, ancestors);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key];
      if (x !== undefined && typeof x !== "function" && typeof x !== "symbol") {
        out[key] = mapJson(x, ancestors);
      }
    }
    return out;
  } finally {
    ancestors.delete(v);
  }
}

function mapError(e: Error, ancestors: Set<object>): unknown {
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  if (Object.hasOwn(e, "cause")) out.cause = mapJson(e.cause, ancestors);
  return out;
}
