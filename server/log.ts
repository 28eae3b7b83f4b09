// The call log's public types: what one logged request says, and where entries go.

/**
 * One handled request, as the call log reports it.
 *
 * @example
 * ```ts
 * import { type LogEntry, makeServer, runServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { LogOption };
 *
 * const slow: LogEntry[] = [];
 * const server = makeServer({ log: (entry) => entry.ms > 50 && slow.push(entry) })
 *   .addGetEndpoint("settle", () => new Promise((r) => setTimeout(r, 60)));
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * await (await fetch(`${handle.url}/settle`)).body?.cancel();
 * await handle.shutdown();
 * assert.deepEqual(slow.map((e) => [e.method, e.endpoint, e.status]), [["GET", "/settle", 200]]);
 * ```
 */
export interface LogEntry {
  /** When the request arrived. */
  time: Date;
  /** HTTP method. */
  method: string;
  /** The path, e.g. `/add` or `/asyncGet`. */
  endpoint: string;
  /** HTTP status of the answer. */
  status: number;
  /** Milliseconds from arrival to the answer's headers. */
  ms: number;
}

/**
 * Where log entries go: `true` for stderr lines, `false` for nowhere, or a function.
 *
 * @example
 * ```ts
 * import { type LogOption, makeServer, runServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { LogEntry };
 *
 * const lines: string[] = [];
 * const log: LogOption = (e) => lines.push(`${e.method} ${e.endpoint} -> ${e.status}`);
 * const handle = runServer(makeServer({ log }), { port: 0, bindTo: "127.0.0.1", quiet: true });
 * await (await fetch(`${handle.url}/health`)).body?.cancel();
 * await handle.shutdown();
 * assert.deepEqual(lines, ["GET /health -> 200"]);
 * ```
 */
export type LogOption = boolean | ((entry: LogEntry) => void);
