// The command line's parsed options, shared by its commands.

/**
 * Parsed command-line options, shared by the commands.
 *
 * @example
 * ```ts
 * import type { CliOptions } from "@tarp/tarp/cli";
 * import assert from "node:assert/strict";
 *
 * // What `tarp serve server.ts --port 8080 --detach --pid-file tarp.pid` parses to:
 * const options: CliOptions = { port: "8080", detach: true, "pid-file": "tarp.pid" };
 * assert.equal(Number(options.port), 8080);
 * ```
 */
export interface CliOptions {
  /** `--port N`. */
  port?: string;
  /** `--bind ADDR`. */
  bind?: string;
  /** `--token T`: the token, seen by other users in the process list (prefer `TARP_TOKEN`). */
  token?: string;
  /** `--token-file FILE`: a file holding the token. */
  "token-file"?: string;
  /** `--cert FILE`. */
  cert?: string;
  /** `--key FILE`. */
  key?: string;
  /** `--socket PATH`. */
  socket?: string;
  /** `--allowed-host NAME`, repeatable: more names the server answers to. */
  "allowed-host"?: string[];
  /** `--detach`. */
  detach?: boolean;
  /** `--pid-file FILE`. */
  "pid-file"?: string;
  /** `--log-file FILE`. */
  "log-file"?: string;
  /** `--json`: print results as JSON even on a terminal. */
  json?: boolean;
  /** `-o FILE`, `--output FILE`: save the result to FILE. */
  output?: string;
  /** `--job-store FILE` (serve): the SQLite file jobs are kept in. */
  "job-store"?: string;
  /** `--redis URL` (worker): the Redis the job queue is on. */
  redis?: string;
  /** `--concurrency N` (worker): jobs run at once. */
  concurrency?: string;
  /** `--queue NAME` (worker): the queue's name. */
  queue?: string;
  /** `--stalled-after SECONDS` (worker): how long a silent worker keeps its jobs. */
  "stalled-after"?: string;
  /** `--grace SECONDS` (worker): how long running jobs may finish when it is stopped. */
  grace?: string;
  /** `--help`. */
  help?: boolean;
}
