// The npm packages only the tests use, pinned in one place. They are imported by full `npm:`
// specifier, so they stay out of the published package's import map, and Deno fetches them on
// first use: a fresh machine needs no install step. (The OpenAPI tests' own are in openapi/.)
export { z } from "npm:zod@4.6.7";
