// The call log: one entry per request (method, endpoint, status, milliseconds), written to stderr
// or handed to the user's function. Stderr lines are batched: a synchronous write per request
// (console.error) cost more than answering a small call, so entries gather for at most FLUSH_MS,
// or FLUSH_LINES, and go out in one write (writeLines); they are written at once when the server
// shuts down and when the process exits. A waiting entry is numbers and shared strings, not a line: a
// line made per request lived past the young generation's collections, and under load the
// server's heap grew by tens of MiB of them.
import type { LogOption } from "./log.ts";

const FLUSH_MS = 20;
const FLUSH_LINES = 1024;
// Distinct "METHOD /path" texts kept to share, and the longest; past them (a client naming many
// paths, or long ones) an entry keeps its own text, so the shared ones stay under 256 KiB.
const MAX_SHARED = 1024;
const MAX_SHARED_CHARS = 256;

/** A fetch handler with its log: `close` writes what is still batched, once the server stopped. */
export interface LoggedFetch {
  fetch: (req: Request) => Promise<Response>;
  close: () => void;
}

/** Wraps a fetch handler so that each request is logged as it is answered. */
export function withLog(
  log: LogOption,
  fetch: (req: Request) => Promise<Response>,
): LoggedFetch {
  if (log === false) return { fetch, close: () => {} };
  if (log === true) return withStderrLog(fetch);
  return {
    fetch: async (req) => {
      const time = new Date();
      const start = performance.now();
      const res = await fetch(req);
      try {
        log({
          time,
          method: req.method,
          endpoint: pathOf(req.url),
          status: res.status,
          ms: ms(start),
        });
      } catch {
        // A failing log sink must not fail the call.
      }
      return res;
    },
    close: () => {},
  };
}

function withStderrLog(fetch: (req: Request) => Promise<Response>): LoggedFetch {
  const batch = new LineBatch(writeLines);
  return {
    fetch: async (req) => {
      // Date.now, not performance.now: a call to the runtime per reading cost more than the line.
      // The Request is read before it is answered: afterwards each read costs far more.
      const start = Date.now();
      const what = batch.share(`${req.method} ${pathOf(req.url)}`);
      const res = await fetch(req);
      batch.add(start, what, res.status, Date.now() - start);
      return res;
    },
    close: () => batch.close(),
  };
}

/**
 * Log entries gathered and written together, as lines: after FLUSH_MS, past FLUSH_LINES, or on
 * flush(). An entry is kept as numbers and a shared "METHOD /path" text until then.
 */
export class LineBatch {
  readonly #starts = new Float64Array(FLUSH_LINES);
  readonly #statuses = new Uint16Array(FLUSH_LINES);
  readonly #durations = new Float64Array(FLUSH_LINES);
  readonly #whats: string[] = new Array(FLUSH_LINES).fill("");
  readonly #shared = new Map<string, string>();
  #count = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #write: (text: string) => void;

  // Lines still batched when the process exits (Deno.exit, the end of the program) go out then.
  readonly #onUnload = () => this.flush();

  constructor(write: (text: string) => void) {
    this.#write = write;
    globalThis.addEventListener("unload", this.#onUnload);
  }

  /** Writes what is batched and stops listening for the process's exit (the server has stopped). */
  close(): void {
    this.flush();
    globalThis.removeEventListener("unload", this.#onUnload);
  }

  /** The kept copy of `what`, so that waiting entries hold no text of their own. */
  share(what: string): string {
    const kept = this.#shared.get(what);
    if (kept !== undefined) return kept;
    if (this.#shared.size < MAX_SHARED && what.length <= MAX_SHARED_CHARS) {
      this.#shared.set(what, what);
    }
    return what;
  }

  /** Adds one entry: its start (ms since the epoch), "METHOD /path", status and duration (ms). */
  add(start: number, what: string, status: number, duration: number): void {
    const i = this.#count++;
    this.#starts[i] = start;
    this.#whats[i] = what;
    this.#statuses[i] = status;
    this.#durations[i] = duration;
    if (this.#count === FLUSH_LINES) this.flush();
    else if (this.#timer === undefined) {
      const timer = setTimeout(() => this.flush(), FLUSH_MS);
      // A batch waiting to be written must not keep a finished program alive (unload writes it).
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
  }

  /** Writes every batched entry now, one line each. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#count === 0) return;
    const lines = new Array<string>(this.#count);
    for (let i = 0; i < this.#count; i++) {
      lines[i] = `${clock.stamp(this.#starts[i])} ${this.#whats[i]} ${this.#statuses[i]} ${
        this.#durations[i]
      }ms`;
      this.#whats[i] = "";
    }
    this.#count = 0;
    try {
      this.#write(lines.join("\n"));
    } catch {
      // A closed stderr must not fail the calls being answered.
    }
  }
}

// Batches go to stderr in one write, or through console.error when something redirected the
// console (`tarp serve --log-file`, a test capturing it), so that it gets the lines too. Not
// through the console otherwise: it scans its first argument for format directives, character by
// character, and that cost more than the lines and swelled the heap under load.
const nativeConsoleError = console.error;
const encoder = new TextEncoder();
const encoded = new Uint8Array(256 * 1024);

function writeLines(text: string): void {
  if (console.error !== nativeConsoleError) return console.error(text);
  const { read, written } = encoder.encodeInto(`${text}\n`, encoded);
  const bytes = read === text.length + 1
    ? encoded.subarray(0, written)
    : encoder.encode(`${text}\n`); // a batch of very long paths
  for (let at = 0; at < bytes.length;) at += Deno.stderr.writeSync(bytes.subarray(at));
}

// The ISO time of the current millisecond, made once per millisecond however many requests share it.
const clock = {
  ms: 0,
  iso: "",
  stamp(now: number): string {
    if (now !== this.ms) {
      this.ms = now;
      this.iso = new Date(now).toISOString();
    }
    return this.iso;
  },
};

function ms(start: number): number {
  return performance.now() - start;
}

// The path without its query (a token in the query must never reach the log).
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const query = url.indexOf("?", start);
  return url.slice(start, query < 0 ? undefined : query);
}
