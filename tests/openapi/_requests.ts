// Requests for one operation of an OpenAPI document, as fast-check arbitraries: valid ones made
// from the declared schemas by json-schema-faker, and mutated ones (a value replaced by one of the
// wrong type, an odd string or a huge number; a required field dropped; an extra field; a body
// that is not what its Content-Type says; a wrong Content-Type; no token).
import { fc, JSONSchemaFaker } from "./_deps.ts";
import { encodeCbor } from "../../_wire/codec.ts";
import type { Json } from "./_check.ts";

/** One request to send. */
export interface FuzzRequest {
  method: string;
  /** Path and query string. */
  target: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** What was done to it, for failure reports. */
  note: string;
}

const ODD_STRINGS = [
  "",
  "%zz",
  "%",
  "\u0000",
  "null",
  "[]",
  "{}",
  "../../etc/passwd",
  "<script>x</script>",
  "1e309",
  "-0",
  "NaN",
  "Infinity",
  "a".repeat(5000),
  "𝄞é\u202e",
  " ",
  "__proto__",
  "constructor",
];
const HUGE = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 1e21, -0, 5e-324];

/** Values of the wrong type, odd strings and huge numbers. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...HUGE),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

type Mutation =
  | { kind: "replace"; at: number; value: unknown }
  | { kind: "drop"; at: number }
  | { kind: "extra"; key: string; value: unknown; inBody: boolean }
  | { kind: "rawBody"; text: string }
  | { kind: "contentType"; type: string }
  | { kind: "noToken" };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("extra" as const),
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "args", "kwargs")),
    value: oddValue,
    inBody: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("rawBody" as const),
    text: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        "{",
        "[1,",
        '{"args": 1}',
        '{"args": [], "kwargs": []}',
        "\u0000\u0001",
        "null",
      ),
    ),
  }),
  fc.record({
    kind: fc.constant("contentType" as const),
    type: fc.constantFrom(
      "text/plain",
      "application/xml",
      "application/cbor",
      "application/json; charset=latin-7",
      "multipart/form-data; boundary=x",
      "",
    ),
  }),
  fc.constant({ kind: "noToken" as const }),
);

// A small seeded generator, so json-schema-faker's choices are fast-check's (and shrink with it).
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// json-schema-faker 0.5 reads draft-07 tuples: `items` as a list, not 2020-12's `prefixItems`.
function draft7(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(draft7);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) out[key] = draft7(value);
  if (Array.isArray(out.prefixItems)) {
    const rest = out.items;
    out.items = out.prefixItems;
    out.additionalItems = rest === undefined ? true : rest;
    delete out.prefixItems;
  }
  return out;
}

function fake(schema: Json, random: () => number): unknown {
  if (!schema || Object.keys(schema).length === 0) {
    return [1, "text", { a: 1 }, [1, 2], true, null][Math.floor(random() * 6)];
  }
  JSONSchemaFaker.option({ random, maxItems: 4, maxLength: 24, failOnInvalidTypes: false });
  return JSONSchemaFaker.generate(draft7(schema));
}

interface Parts {
  params: Record<string, unknown>;
  body: unknown;
}

// Every place a value sits: ["params", name] or ["body", ...keys].
function leaves(value: unknown, path: (string | number)[], out: (string | number)[][]) {
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (path.length > 1 && entries.length === 0) out.push(path);
    for (const [k, v] of entries) leaves(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  } else out.push(path);
  return out;
}

function setAt(parts: Parts, path: (string | number)[], value: unknown, remove: boolean) {
  // deno-lint-ignore no-explicit-any
  let at: any = parts;
  for (const key of path.slice(0, -1)) at = at[key];
  const last = path.at(-1)!;
  if (path.length === 2 && path[0] === "body" && last === "body") parts.body = value;
  else if (remove && Array.isArray(at)) at.splice(Number(last), 1);
  else if (remove) delete at[last];
  else at[last] = value;
}

function mutate(parts: Parts, m: Mutation): void {
  const places = leaves(parts.params, ["params"], []).filter((p) => p.length > 1);
  if (parts.body !== undefined) {
    const inBody = leaves(parts.body, ["body"], []);
    places.push(...inBody.map((p) => p.length === 1 ? ["body", "body"] : p));
  }
  if ((m.kind === "replace" || m.kind === "drop") && places.length) {
    setAt(
      parts,
      places[m.at % places.length],
      m.kind === "replace" ? m.value : undefined,
      m.kind === "drop",
    );
  } else if (m.kind === "extra") {
    const body = parts.body;
    if (m.inBody && body && typeof body === "object" && !Array.isArray(body)) {
      Object.defineProperty(body, m.key, { value: m.value, enumerable: true, writable: true });
    } else parts.params[m.key] = m.value;
  }
}

function queryText(value: unknown): string[] {
  if (Array.isArray(value)) return value.length ? value.flatMap(queryText) : [""];
  if (value === null || value === undefined) return [""];
  return [typeof value === "object" ? JSON.stringify(value) : String(value)];
}

function encodeBody(type: string, value: unknown): BodyInit | undefined {
  if (value === undefined) return undefined;
  if (/json/.test(type)) return JSON.stringify(value);
  if (type === "application/cbor") return encodeCbor(value, "body");
  if (type.startsWith("text/")) return typeof value === "string" ? value : JSON.stringify(value);
  const fields: [string, unknown][] = value !== null && typeof value === "object"
    ? Object.entries(value)
    : [["value", value]];
  if (type === "application/x-www-form-urlencoded") {
    return new URLSearchParams(fields.map(([k, v]) => [k, queryText(v)[0]]));
  }
  if (type === "multipart/form-data") {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, queryText(v)[0]);
    return form;
  }
  return new TextEncoder().encode(JSON.stringify(value) ?? "");
}

/** Requests for the operation `method path`: about a third valid, the rest mutated. */
export function requestArbitrary(
  path: string,
  method: string,
  operation: Json,
  token?: string,
): fc.Arbitrary<FuzzRequest> {
  const parameters = (operation.parameters ?? []) as Json[];
  const content = operation.requestBody?.content ?? {};
  const types = Object.keys(content);
  return fc.record({
    seed: fc.integer(),
    bodyType: types.length ? fc.constantFrom(...types) : fc.constant(""),
    mutation: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 1 },
      { arbitrary: mutation, weight: 2 },
    ),
  }).map(({ seed, bodyType, mutation }): FuzzRequest => {
    const random = seeded(seed);
    const parts: Parts = { params: {}, body: undefined };
    for (const p of parameters) {
      if (p.required || random() < 0.5) parts.params[p.name] = fake(p.schema, random);
    }
    if (bodyType && (operation.requestBody.required || random() < 0.9)) {
      parts.body = fake(content[bodyType].schema, random);
    }
    if (mutation) mutate(parts, mutation);
    let target = path;
    const query = new URLSearchParams();
    const pathNames = new Set(parameters.filter((p) => p.in === "path").map((p) => p.name));
    for (const [name, value] of Object.entries(parts.params)) {
      if (pathNames.has(name)) {
        target = target.replace(`{${name}}`, encodeURIComponent(queryText(value)[0] || "_"));
      } else for (const text of queryText(value)) query.append(name, text);
    }
    target = target.replace(/\{[^}]+\}/g, "_") + (query.size ? `?${query}` : "");
    const headers: Record<string, string> = {};
    if (token && mutation?.kind !== "noToken") headers.authorization = `Bearer ${token}`;
    let body = bodyType ? encodeBody(bodyType, parts.body) : undefined;
    if (body !== undefined && !(body instanceof FormData)) headers["content-type"] = bodyType;
    if (mutation?.kind === "rawBody" && bodyType) {
      body = mutation.text;
      headers["content-type"] = bodyType || "application/json";
    }
    if (mutation?.kind === "contentType" && body !== undefined) {
      headers["content-type"] = mutation.type;
    }
    const note = mutation ? JSON.stringify(mutation).slice(0, 200) : "valid";
    return { method: method.toUpperCase(), target, headers, body, note };
  });
}
