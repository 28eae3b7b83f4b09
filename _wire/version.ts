// Kept equal to deno.json's "version" (a test checks it).

/** This package's version. */
export const VERSION = "0.1.0";
