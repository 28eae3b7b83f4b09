// What runServer adds around Deno.serve: an onError that does not log the connections closed on
// purpose (_linger.ts), and no warning for reading a request's signal.
import { ConnectionClosed } from "./_linger.ts";

/** Deno.serve's onError: closed connections are on purpose; anything else is logged. */
export function onServeError(error: unknown): Response {
  if (!(error instanceof ConnectionClosed)) console.error(error);
  return new Response("Internal Server Error", { status: 500 });
}

const LEGACY_ABORT_WARNING = "Deno.serve: request.signal aborts on successful responses";
let quieted = false;

// TARP reads a request's signal to learn that its client went away (a long-poll, a call waiting
// for a lock), and removes its listeners before answering. Deno 2.9 then prints a one-time
// warning that the signal also aborts after a successful answer (which TARP does not rely on);
// that warning, and only it, is not printed.
/** Keeps Deno 2.9 from printing its one-time warning about reading a request's signal. */
export function quietSignalWarning(): void {
  if (quieted) return;
  quieted = true;
  const warn = console.warn;
  const filtered = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith(LEGACY_ABORT_WARNING)) {
      if (console.warn === filtered) console.warn = warn; // printed once only: done
      return;
    }
    warn(...args);
  };
  console.warn = filtered;
}
