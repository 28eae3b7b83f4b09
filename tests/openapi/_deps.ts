// The npm packages the OpenAPI tests use (test-only; see ../_deps.ts): a real OpenAPI 3.1
// validator, and fast-check + json-schema-faker + ajv for the fuzzer.
export { default as fc } from "npm:fast-check@4.10.2";

// json-schema-faker bundles the `buffer` polyfill, which tests for typed arrays through
// `__proto__` (disabled in Deno) and, failing, prints a warning to stderr as it is imported. The
// faker uses no Buffer, so the warning is wrong here: it is captured, and a test run stays quiet.
const stderr = console.error;
console.error = () => {};
const faker = await import("npm:json-schema-faker@0.5.9").finally(() => console.error = stderr);
/** json-schema-faker: example values for JSON Schemas. */
export const JSONSchemaFaker = faker.JSONSchemaFaker;
import ajv2020 from "npm:ajv@8.20.0/dist/2020.js";
import ajvFormats from "npm:ajv-formats@3.0.1";

// Both are CommonJS modules whose default export is the class or function itself.
/** Ajv for JSON Schema 2020-12 (OpenAPI 3.1's dialect). */
export const Ajv2020 = ajv2020 as unknown as typeof ajv2020.default;
/** Adds the `format` keywords (date-time…) to an Ajv. */
export const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
export { Validator as OpenApiValidator } from "npm:@seriousme/openapi-schema-validator@2.11.0";
