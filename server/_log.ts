// The call log: one entry per request (method, endpoint, status, milliseconds), written to stderr
// or handed to the user's function.
import type { LogEntry, LogOption } from "./log.ts";

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
