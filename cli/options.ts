// The command line's parsed options, shared by its commands.

/**
 * Parsed command-line options, shared by the commands.
 *
 * @example
 * ```ts ignore
 * import type { CliOptions } from "@tarp/tarp/cli";
 *
 * const options: CliOptions = { port: "8080", token: "…", detach: true };
 * ```
 */
export interface CliOptions {
  /** `--port N`. */
  port?: string;
  /** `--bind ADDR`. */
  bind?: string;
  /** `--token T` (or `TARP_TOKEN`). */
  token?: string;
  /** `--cert FILE`. */
  cert?: string;
  /** `--key FILE`. */
  key?: string;
  /** `--socket PATH`. */
  socket?: string;
  /** `--detach`. */
  detach?: boolean;
  /** `--pid-file FILE`. */
  "pid-file"?: string;
  /** `--log-file FILE`. */
  "log-file"?: string;
  /** `--help`. */
  help?: boolean;
}
