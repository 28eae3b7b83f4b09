// The command line's one failure type, shared by its commands.

/**
 * A failure the command line reports as one line and an exit code.
 *
 * @example
 * ```ts
 * import { CliError } from "@tarp/tarp/cli";
 * import assert from "node:assert/strict";
 *
 * const e = new CliError("usage: tarp token", 2);
 * assert.ok(e instanceof Error);
 * assert.deepEqual([e.name, e.message, e.code], ["CliError", "usage: tarp token", 2]);
 * ```
 */
export class CliError extends Error {
  /** The process exit code: 2 for usage mistakes, 1 for everything else. */
  readonly code: number;

  /**
   * Makes a command-line failure.
   *
   * @param message What went wrong and what to do about it.
   * @param code The exit code (default 1).
   *
   * @example
   * ```ts
   * import { CliError } from "@tarp/tarp/cli";
   * import assert from "node:assert/strict";
   *
   * assert.equal(new CliError("usage: tarp token", 2).code, 2);
   * assert.equal(new CliError("tarp.pid names no running server").code, 1); // the default
   * ```
   */
  constructor(message: string, code = 1) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}
