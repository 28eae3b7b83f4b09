// Input schemas at work: checked at registration, run before an endpoint's function, and turned
// into the JSON Schema that /openapi.json and the explorer's forms show.
import type { InputIssue } from "../_wire/protocol.ts";
import { TarpError } from "../_wire/errors.ts";
import type { StandardSchemaIssue, StandardSchemaV1 } from "./schema.ts";
import type { Endpoint } from "./_registry.ts";

/** Refuses, at registration, an `input` that is not a Standard Schema or a bad `jsonSchema`. */
export function checkInputOption(name: string, options: Record<string, unknown>): void {
  const { input, jsonSchema } = options;
  if (input !== undefined && !isStandardSchema(input)) {
    throw new TypeError(
      `Endpoint "${name}": input must be a Standard Schema (a zod 4, valibot or arktype schema, ` +
        'or an object with a "~standard" property holding validate()).',
    );
  }
  if (jsonSchema !== undefined && (typeof jsonSchema !== "object" || jsonSchema === null)) {
    throw new TypeError(`Endpoint "${name}": jsonSchema must be a JSON Schema object.`);
  }
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as StandardSchemaV1 | null)?.["~standard"];
  return typeof props === "object" && props !== null && typeof props.validate === "function";
}

function schemaOf(endpoint: Endpoint): StandardSchemaV1 | undefined {
  return endpoint.options.input as StandardSchemaV1 | undefined;
}

/**
 * An RPC or async call's arguments checked by the endpoint's schema: its output, or a 400. Without
 * a schema the arguments as they are, at once (each await is a turn of the microtask queue).
 */
export function checkArgs(endpoint: Endpoint, args: unknown[]): unknown[] | Promise<unknown[]> {
  const schema = schemaOf(endpoint);
  return schema ? checkedArgs(endpoint, schema, args) : args;
}

async function checkedArgs(
  endpoint: Endpoint,
  schema: StandardSchemaV1,
  args: unknown[],
): Promise<unknown[]> {
  const value = await validate(schema, args, `arguments for ${endpoint.name}()`, "args");
  if (!Array.isArray(value)) {
    throw new TypeError(
      `The input schema of "${endpoint.name}" must give an argument list (an array), not ` +
        `${typeof value}: use a tuple schema such as z.tuple([...]).`,
    );
  }
  return value;
}

/**
 * A web call's query and body checked by the endpoint's schema (they reach the function as is):
 * a promise to wait for, or undefined when the endpoint has no schema.
 */
export function checkWebInput(
  endpoint: Endpoint,
  query: unknown,
  body: unknown,
): Promise<unknown> | undefined {
  const schema = schemaOf(endpoint);
  if (!schema) return undefined;
  const input = endpoint.kind === "get" ? { query } : { query, body };
  return validate(schema, input, `input for ${endpoint.name}`);
}

async function validate(
  schema: StandardSchemaV1,
  value: unknown,
  what: string,
  root = "",
): Promise<unknown> {
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return result.value;
  const issues = result.issues.slice(0, 100).map(issueOf);
  const listed = issues.map((i) => `${pathText(root, i.path)}: ${i.message}`).join("; ");
  throw new TarpError("BadRequest", `Invalid ${what}: ${listed}.`, { issues });
}

function issueOf(issue: StandardSchemaIssue): InputIssue {
  const path = (issue.path ?? []).map((segment) => {
    const key = typeof segment === "object" && segment !== null ? segment.key : segment;
    return typeof key === "number" ? key : String(key);
  });
  return { path, message: String(issue.message) };
}

// "args[1].x" for RPC arguments; "query.lower" for web input.
function pathText(root: string, path: (string | number)[]): string {
  if (path.length === 0) return root || "(the whole input)";
  const text = path.map((k) =>
    typeof k === "number"
      ? `[${k}]`
      : /^[A-Za-z_$][\w$]*$/.test(k)
      ? `.${k}`
      : `[${JSON.stringify(k)}]`
  ).join("");
  return root || !text.startsWith(".") ? root + text : text.slice(1);
}

interface JsonSchemaSource {
  "~standard": { jsonSchema?: { input?: (options: { target: string }) => unknown } };
}

/**
 * The JSON Schema of what the endpoint's `input` accepts: the `jsonSchema` option, else the
 * schema's own (Standard JSON Schema, as zod 4 gives), else undefined.
 */
export function inputJsonSchema(endpoint: Endpoint): Record<string, unknown> | undefined {
  const given = endpoint.options.jsonSchema as Record<string, unknown> | undefined;
  if (given) return given;
  const convert = (schemaOf(endpoint) as JsonSchemaSource | undefined)?.["~standard"].jsonSchema;
  if (typeof convert?.input !== "function") return undefined;
  try {
    const made = convert.input({ target: "draft-2020-12" });
    if (typeof made !== "object" || made === null) return undefined;
    const { $schema: _, ...schema } = made as Record<string, unknown>;
    return schema;
  } catch {
    return undefined; // a schema that cannot be described (a refinement, say) is still checked
  }
}
