// The call log's public types: what one logged request says, and where entries go.

/**
 * One handled request, as the call log reports it.
 *
 * @example
 * ```ts ignore
 * import { type LogEntry, makeServer } from "@tarp/tarp/server";
 *
 * const slow: LogEntry[] = [];
 * makeServer({ log: (entry) => entry.ms > 100 && slow.push(entry) });
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
 * ```ts ignore
 * import { type LogOption, makeServer } from "@tarp/tarp/server";
 *
 * const log: LogOption = (e) => console.log(`${e.method} ${e.endpoint} -> ${e.status}`);
 * makeServer({ log });
 * ```
 */
export type LogOption = boolean | ((entry: LogEntry) => void);
