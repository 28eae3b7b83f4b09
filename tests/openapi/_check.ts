// Checks one answer against the operation that the OpenAPI document declares: its status must be
// declared, its Content-Type among the declared ones, and a JSON body valid against the schema.
import { addFormats, Ajv2020 } from "./_deps.ts";

// deno-lint-ignore no-explicit-any
export type Json = any;

/** The document with every local `$ref` replaced by what it points to (TARP's have no cycles). */
export function deref(doc: Json): Json {
  const resolve = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
      const target = node.$ref.slice(2).split("/").reduce((at: Json, key: string) => at[key], doc);
      const { $ref: _, ...rest } = node;
      return resolve({ ...target, ...rest });
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(doc);
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, (value: unknown) => boolean>();

function validator(schema: Json) {
  const key = JSON.stringify(schema);
  let check = compiled.get(key);
  if (!check) compiled.set(key, check = ajv.compile(schema));
  return check as ((value: unknown) => boolean) & { errors?: unknown };
}

function mediaMatches(declared: string, actual: string): boolean {
  if (declared === "*/*" || declared === actual) return true;
  return declared.endsWith("/*") && actual.startsWith(declared.slice(0, -1));
}

/** Problems with an answer (an empty list when it is what the document declares). */
export async function checkAnswer(operation: Json, res: Response): Promise<string[]> {
  const declared = operation.responses?.[String(res.status)] ?? operation.responses?.default;
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!declared) {
    const text = new TextDecoder().decode(bytes.subarray(0, 300));
    return [`status ${res.status} is not declared: ${text}`];
  }
  const content = declared.content as Record<string, Json> | undefined;
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!content) return bytes.length ? [`status ${res.status} declares no body, got ${type}`] : [];
  const key = Object.keys(content).find((k) => mediaMatches(k.toLowerCase(), type));
  if (key === undefined) {
    return [
      `${res.status} answered ${type || "no Content-Type"}; declared: ${Object.keys(content)}`,
    ];
  }
  const schema = content[key].schema;
  if (!schema || !/json/.test(type)) return [];
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return [`${res.status} ${type} body is not JSON`];
  }
  const check = validator(schema);
  if (check(body)) return [];
  const errors = JSON.stringify(check.errors).slice(0, 500);
  return [`${res.status} body does not match its schema: ${errors}; body ${JSON.stringify(body)}`];
}
