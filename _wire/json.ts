// The JSON side of the codec: bounded parsing (fatal UTF-8, depth and value count checked before
// JSON.parse), and the mapping of every value onto JSON (the protocol's JSON table), whose only
// failure is a shared value repeated past a budget: JSON has no references, so a value that holds
// one object many times (say a DAG a(i+1) = [a(i), a(i)], 331 bytes of CBOR at depth 40) would
// expand without bound. The budget bounds that expansion, for every JSON answer (RPC results,
// job results, web answers, event streams).
import { DecodeError } from "./decode_error.ts";
import { TarpError } from "./errors.ts";
import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
import { toBase64 } from "./base64.ts";

/** The bounds a JSON decoding keeps to. */
export type JsonLimits = Pick<Limits, "maxDepth" | "maxValues">;

/** What a JSON decoding counted. */
export interface JsonStats {
  /** About how many values the text holds (object keys not counted). */
  values: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 JSON bytes, refusing invalid UTF-8 (never replacing it); see {@link decodeJson}. */
export function decodeJsonBytes(
  bytes: Uint8Array,
  limits: Partial<JsonLimits> = {},
  stats?: JsonStats,
): unknown {
  let text: string;
  try {
    text = asciiText(bytes) ?? utf8.decode(bytes);
  } catch {
    throw new DecodeError("the JSON body is not valid UTF-8");
  }
  return decodeJson(text, limits, stats);
}

const SHORT_TEXT = 512;

// A short body of ASCII bytes (most calls) as text without a trip to the native decoder, which
// costs more than the whole text; undefined for anything else.
function asciiText(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength > SHORT_TEXT) return undefined;
  for (let i = 0; i < bytes.byteLength; i++) if (bytes[i] > 0x7f) return undefined;
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/**
 * Parses JSON text after checking its nesting depth and value count (one pass over the text);
 * throws {@link DecodeError}. A number for `limits` is the depth limit.
 */
export function decodeJson(
  text: string,
  limits: Partial<JsonLimits> | number = {},
  stats?: JsonStats,
): unknown {
  const bounds = typeof limits === "number" ? { maxDepth: limits } : limits;
  const values = scanJson(
    text,
    bounds.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    bounds.maxValues ?? DEFAULT_LIMITS.maxValues,
  );
  if (stats) stats.values = values;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DecodeError(`malformed JSON (${(e as Error).message})`);
  }
}

// Counts values as separators plus containers (each container holds one more value than it has
// commas): exact for well-formed JSON but for empty containers, which count one extra.
function scanJson(text: string, maxDepth: number, maxValues: number): number {
  let depth = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      values++;
      if (++depth > maxDepth) {
        throw new DecodeError(`the value is nested deeper than ${maxDepth} levels`, "maxDepth");
      }
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 && ++values > maxValues) {
      throw new DecodeError(`the value holds more than ${maxValues} values`, "maxValues");
    }
  }
  if (values > maxValues) {
    throw new DecodeError(`the value holds more than ${maxValues} values`, "maxValues");
  }
  return values;
}

/**
 * Maps a value onto JSON (the protocol's JSON table): bytes become base64, BigInt a decimal
 * string, Date an ISO string, Map an array of [key, value] pairs, Set an array, other typed
 * arrays arrays of numbers, errors `{name, message}`, undefined and non-finite numbers null, and a
 * reference back into its own ancestors (a cycle) null. An object held more than once is written
 * each time; when those repeats pass about `maxRepeatBytes` bytes of JSON, it throws a 406
 * `NotAcceptable` TarpError saying to ask for CBOR, which keeps sharing.
 */
export function toJsonValue(
  value: unknown,
  maxRepeatBytes: number = DEFAULT_LIMITS.maxJsonRepeatBytes,
): unknown {
  // A plain string or number (the usual small result) needs no bookkeeping for repeats.
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
  return new JsonMapping(maxRepeatBytes).map(value);
}

class JsonMapping {
  // true while an object is being written (a reference to it then is a cycle), false after.
  readonly #state = new Map<object, boolean>();
  readonly #budget: number;
  #repeating = 0;
  #repeated = 0;

  constructor(budget: number) {
    this.#budget = budget;
  }

  map(v: unknown): unknown {
    switch (typeof v) {
      case "string":
        if (this.#repeating) this.#spend(v.length + 2);
        return v;
      case "boolean":
        if (this.#repeating) this.#spend(5);
        return v;
      case "number":
        if (this.#repeating) this.#spend(8);
        return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
      case "bigint":
        if (this.#repeating) this.#spend(8);
        return v.toString();
      case "object":
        return v === null ? null : this.#object(v);
      default:
        return null; // undefined, functions, symbols
    }
  }

  #object(v: object): unknown {
    const state = this.#state.get(v);
    if (state === true) return null; // a cycle
    const repeat = state === false;
    if (repeat) this.#repeating++;
    this.#state.set(v, true);
    try {
      return this.#mapObject(v);
    } finally {
      this.#state.set(v, false);
      if (repeat) this.#repeating--;
    }
  }

  #mapObject(v: object): unknown {
    // An object costs more to build than its JSON brackets: count what it takes in memory.
    if (this.#repeating) this.#spend(16);
    // Plain objects and arrays first: they are most results, and the checks below cost more.
    if (Object.getPrototypeOf(v) === Object.prototype) return this.#fields(v);
    if (Array.isArray(v)) return v.map((x) => this.map(x));
    if (v instanceof Uint8Array) return this.#base64(v);
    if (v instanceof ArrayBuffer) return this.#base64(new Uint8Array(v));
    if (v instanceof DataView) {
      return this.#base64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    if (ArrayBuffer.isView(v)) {
      const items = v as unknown as ArrayLike<number | bigint>;
      if (this.#repeating) this.#spend(8 * items.length);
      return Array.from(items, (x) => typeof x === "bigint" ? x.toString() : this.map(x));
    }
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (v instanceof RegExp) return v.toString();
    if (v instanceof Number || v instanceof String || v instanceof Boolean) {
      return this.map(v.valueOf());
    }
    if (Array.isArray(v)) return v.map((x) => this.map(x));
    if (v instanceof Map) return Array.from(v, ([k, x]) => [this.map(k), this.map(x)]);
    if (v instanceof Set) return Array.from(v, (x) => this.map(x));
    if (v instanceof Error) {
      const out: Record<string, unknown> = { name: v.name, message: v.message };
      if (Object.hasOwn(v, "cause")) out.cause = this.map(v.cause);
      return out;
    }
    return this.#fields(v);
  }

  #fields(v: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key];
      if (x !== undefined && typeof x !== "function" && typeof x !== "symbol") {
        if (this.#repeating) this.#spend(key.length + 3);
        out[key] = this.map(x);
      }
    }
    return out;
  }

  #base64(bytes: Uint8Array): string {
    if (this.#repeating) this.#spend(Math.ceil(bytes.byteLength / 3) * 4);
    return toBase64(bytes);
  }

  #spend(bytes: number): void {
    this.#repeated += bytes;
    if (this.#repeated <= this.#budget) return;
    throw new TarpError(
      "NotAcceptable",
      "The answer holds the same objects many times over: as JSON, which cannot share them, it " +
        `would repeat more than ${this.#budget} bytes of them. Ask for CBOR (Accept: ` +
        "application/cbor, as the TARP client does), which keeps shared objects once, or raise " +
        "the server's maxJsonRepeatBytes.",
    );
  }
}
