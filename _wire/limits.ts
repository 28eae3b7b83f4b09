// The limits every request is checked against before its body is decoded, and the bound on what a
// JSON answer may repeat, with their defaults: one interface and one table, read by the server's
// option resolver and by the codec. The server's resource budgets are in server/_options.ts.

/** Bounds on what a request may carry, and on what its JSON answer may expand to. */
export interface Limits {
  /** Largest request body in bytes, refused with 413 before it is read whole. */
  maxBodyBytes: number;
  /** Deepest nesting a request value may have, refused with 400. */
  maxDepth: number;
  /** Largest bignum (CBOR tags 2 and 3) a request may carry, in bytes, refused with 400. */
  maxBigIntBytes: number;
  /**
   * Most values (numbers, strings, arrays, objects…, not counting object keys) a request value may
   * hold, refused with 400. A typed array is one value, however long.
   */
  maxValues: number;
  /** Most positional arguments (after binding keyword arguments) a call may pass, refused with 400. */
  maxArgs: number;
  /**
   * About how many bytes a JSON answer may spend writing again objects that its value holds more
   * than once (JSON has no shared references; CBOR answers keep sharing and are not bounded by
   * this). Past it the answer is refused with 406 `NotAcceptable`.
   */
  maxJsonRepeatBytes: number;
}

/** The defaults, sized for a small lab PC. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBodyBytes: 64 * 1024 * 1024,
  maxDepth: 128,
  maxBigIntBytes: 1024,
  maxValues: 1_000_000,
  maxArgs: 10_000,
  maxJsonRepeatBytes: 4 * 1024 * 1024,
});
