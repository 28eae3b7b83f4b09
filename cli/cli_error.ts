// The command line's one failure type, shared by its commands.

/**
 * A failure the command line reports as one line and an exit code.
 *
 * @example
 * ```ts ignore
 * import { CliError } from "@tarp/tarp/cli";
 *
 * const e = new CliError("usage: tarp token", 2);
 * console.log(e.code); // 2
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
   *
   * throw new CliError("usage: tarp token", 2);
   * ```
   */
  constructor(message: string, code = 1) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}
