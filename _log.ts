// One log line per call: method, endpoint, status, milliseconds.

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

/** The standard stderr line for an entry. */
export function formatLogEntry(e: LogEntry): string {
  return `${e.time.toISOString()} ${e.method} ${e.endpoint} ${e.status} ${e.ms.toFixed(1)}ms`;
}

/** Wraps a fetch handler so that each request is logged as it is answered. */
export function withLog(
  log: LogOption,
  fetch: (req: Request) => Promise<Response>,
): (req: Request) => Promise<Response> {
  if (log === false) return fetch;
  const sink = log === true ? (e: LogEntry) => console.error(formatLogEntry(e)) : log;
  return async (req) => {
    const time = new Date();
    const start = performance.now();
    const res = await fetch(req);
    const path = req.url.slice(req.url.indexOf("/", req.url.indexOf("//") + 2));
    const endpoint = path.split("?")[0];
    try {
      sink({
        time,
        method: req.method,
        endpoint,
        status: res.status,
        ms: performance.now() - start,
      });
    } catch {
      // A failing log sink must not fail the call.
    }
    return res;
  };
}
