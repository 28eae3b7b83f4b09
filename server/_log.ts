// The call log: one entry per request (method, endpoint, status, milliseconds), written to stderr
// or handed to the user's function. Stderr lines are batched: a synchronous write per request
// (console.error) cost more than answering a small call, so lines gather for at most FLUSH_MS, or
// FLUSH_BYTES, and go out in one console.error; they are written at once when the server shuts down and
// when the process exits.
import type { LogOption } from "./log.ts";

const FLUSH_MS = 20;
const FLUSH_BYTES = 64 * 1024;

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
  // One console.error per batch, not per line: what redirects the console (`tarp serve
  // --log-file`, a test) gets the lines too.
  const batch = new LineBatch((text) => console.error(text));
  return {
    fetch: async (req) => {
      // Date.now, not performance.now: a call to the runtime per reading cost more than the line.
      const start = Date.now();
      const head = `${clock.stamp(start)} ${req.method} ${pathOf(req.url)} `;
      const res = await fetch(req);
      batch.add(`${head}${res.status} ${Date.now() - start}ms`);
      return res;
    },
    close: () => batch.close(),
  };
}

/** Lines gathered and written together: after FLUSH_MS, past FLUSH_BYTES, or on flush(). */
export class LineBatch {
  #lines: string[] = [];
  #chars = 0;
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

  /** Adds one line (without its newline). */
  add(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length + 1;
    if (this.#chars >= FLUSH_BYTES) this.flush();
    else if (this.#timer === undefined) {
      const timer = setTimeout(() => this.flush(), FLUSH_MS);
      // A batch waiting to be written must not keep a finished program alive (unload writes it).
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
  }

  /** Writes every batched line now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#lines.length === 0) return;
    const text = this.#lines.join("\n");
    this.#lines = [];
    this.#chars = 0;
    try {
      this.#write(text);
    } catch {
      // A closed stderr must not fail the calls being answered.
    }
  }
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
