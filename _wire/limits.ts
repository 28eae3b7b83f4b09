// The limits every request is checked against before its body is decoded, and their defaults: one
// interface and one table, read by the server's option resolver and by the codec.

/** Bounds on what a request may carry. */
export interface Limits {
  /** Largest request body in bytes, refused with 413 before it is read whole. */
  maxBodyBytes: number;
  /** Deepest nesting a request value may have, refused with 400. */
  maxDepth: number;
}

/** The default limits: a 64 MiB body, values nested at most 128 levels. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBodyBytes: 64 * 1024 * 1024,
  maxDepth: 128,
});
