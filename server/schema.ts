// Input schemas in the Standard Schema form (https://standardschema.dev): zod 4, valibot and
// arktype schemas implement it. TARP depends on none of them: these are the interface's types.
import type { AnyFunction } from "./types.ts";

/**
 * A schema in the Standard Schema form, version 1: anything with a `~standard` property holding a
 * `validate` function. zod 4, valibot and arktype schemas are such schemas, and so is a plain
 * object written by hand.
 *
 * @example A schema written by hand
 * ```ts
 * import type { StandardSchemaV1 } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { InputOptions, StandardSchemaIssue, StandardSchemaProps, StandardSchemaResult, TypedInput, WebInput };
 *
 * const positive: StandardSchemaV1<number> = {
 *   "~standard": {
 *     version: 1,
 *     vendor: "by-hand",
 *     validate: (value) =>
 *       typeof value === "number" && value > 0
 *         ? { value }
 *         : { issues: [{ message: "expected a positive number" }] },
 *   },
 * };
 * assert.deepEqual(await positive["~standard"].validate(2), { value: 2 });
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

/**
 * The `~standard` property of a {@linkcode StandardSchemaV1}.
 *
 * @example
 * ```ts
 * import type { StandardSchemaProps } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { InputOptions, StandardSchemaIssue, StandardSchemaResult, StandardSchemaV1, TypedInput, WebInput };
 *
 * const props: StandardSchemaProps<string> = {
 *   version: 1,
 *   vendor: "by-hand",
 *   validate: (value) => typeof value === "string" ? { value } : { issues: [{ message: "no" }] },
 * };
 * assert.equal(props.vendor, "by-hand");
 * ```
 */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  /** The Standard Schema version: 1. */
  readonly version: 1;
  /** The library that made the schema ("zod", "valibot", …). */
  readonly vendor: string;
  /** Checks a value: its (possibly transformed) output, or the issues found. */
  readonly validate: (
    value: unknown,
  ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  /** The input and output types, for type inference only. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/**
 * What a Standard Schema's `validate` returns: the value, or the issues.
 *
 * @example
 * ```ts
 * import type { StandardSchemaResult } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { InputOptions, StandardSchemaIssue, StandardSchemaProps, StandardSchemaV1, TypedInput, WebInput };
 *
 * const failed: StandardSchemaResult<number> = { issues: [{ message: "too big", path: [0] }] };
 * assert.equal(failed.issues?.length, 1);
 * ```
 */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/**
 * One problem a Standard Schema found: its message, and where in the value it is.
 *
 * @example
 * ```ts
 * import type { StandardSchemaIssue } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { InputOptions, StandardSchemaProps, StandardSchemaResult, StandardSchemaV1, TypedInput, WebInput };
 *
 * const issue: StandardSchemaIssue = { message: "expected a number", path: [1, { key: "x" }] };
 * assert.equal(issue.path?.length, 2);
 * ```
 */
export interface StandardSchemaIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where: keys and indexes from the top of the value, bare or as `{ key }`. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * Registration options shared by every kind of endpoint: an `input` schema checked before the
 * function runs, and the JSON Schema to describe it with.
 *
 * RPC and async endpoints check their argument list (a tuple schema, such as
 * `z.tuple([z.number(), z.number()])`) and call the function with the schema's output; web
 * endpoints check `{ query, body }` (the decoded query string and body) and call the function with
 * them unchanged. Input that fails gets a 400 `BadRequest` envelope listing each issue and its
 * path, and the function does not run.
 *
 * @example
 * ```ts
 * import { type InputOptions, makeServer, type StandardSchemaV1 } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { StandardSchemaIssue, StandardSchemaProps, StandardSchemaResult, TypedInput, WebInput };
 *
 * const twoNumbers: StandardSchemaV1<[number, number]> = {
 *   "~standard": {
 *     version: 1,
 *     vendor: "by-hand",
 *     validate: (v) =>
 *       Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")
 *         ? { value: v as [number, number] }
 *         : { issues: [{ message: "expected two numbers" }] },
 *   },
 * };
 * const options: InputOptions = {
 *   input: twoNumbers,
 *   jsonSchema: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }] },
 * };
 * const server = makeServer().addRPCEndpoint("add", (x: number, y: number) => x + y, options);
 * const body = JSON.stringify({ args: [1, "2"] });
 * const headers = { "content-type": "application/json" };
 * const res = await server.fetch(new Request("http://tarp/add", { method: "POST", headers, body }));
 * assert.equal(res.status, 400);
 * assert.deepEqual((await res.json()).issues, [{ path: [], message: "expected two numbers" }]);
 * ```
 */
export interface InputOptions {
  /** Checked before the function runs; failures get 400 `BadRequest` with every issue. */
  // `any` output: options typed as RpcEndpointOptions still fit a typed registration, whose own
  // `input` (TypedInput) checks a schema's output against the function's parameters.
  // deno-lint-ignore no-explicit-any
  input?: StandardSchemaV1<unknown, any>;
  /**
   * The JSON Schema of what `input` accepts, for `/openapi.json` and the explorer's forms.
   * Default: the schema's own (Standard JSON Schema's `~standard.jsonSchema`, which zod 4 has).
   */
  jsonSchema?: Record<string, unknown>;
}

/**
 * Registration options whose `input` schema must produce the function's parameters, so a schema
 * that does not fit the function is a compile error.
 *
 * @example
 * ```ts
 * import type { RpcEndpointOptions, StandardSchemaV1, TypedInput } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { InputOptions, StandardSchemaIssue, StandardSchemaProps, StandardSchemaResult, WebInput };
 *
 * const oneString: StandardSchemaV1<[string]> = {
 *   "~standard": { version: 1, vendor: "by-hand", validate: (v) => ({ value: v as [string] }) },
 * };
 * const options: TypedInput<RpcEndpointOptions, (name: string) => string> = { input: oneString };
 * assert.ok(options.input);
 * ```
 */
export type TypedInput<O, F extends AnyFunction> = Omit<O, "input"> & {
  /** Checked before the function runs; its output is the function's argument list. */
  input?: StandardSchemaV1<unknown, Parameters<F>>;
};

/**
 * What a web endpoint's `input` schema checks: the decoded query string and (POST) body.
 *
 * @example
 * ```ts
 * import type { WebInput } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { InputOptions, StandardSchemaIssue, StandardSchemaProps, StandardSchemaResult, StandardSchemaV1, TypedInput };
 *
 * const checked: WebInput = { query: { lower: "0" }, body: undefined };
 * assert.equal(checked.query.lower, "0");
 * ```
 */
export interface WebInput {
  /** The decoded query string. */
  query: Record<string, string | string[]>;
  /** The decoded body (undefined for GET). */
  body?: unknown;
}
