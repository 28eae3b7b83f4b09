// An error answer to a request whose body was left unread (413, 503, 401, 404…) must not let the
// client go on sending: Deno's HTTP server would read a declared body to its end, however large,
// before closing. The answer is sent at once; then the rest of the body is read and dropped, so
// that a client still sending a modest body can read the answer, but only DRAIN_BYTES of it
// (within DRAIN_MS): past that the connection is closed. The answer's status, headers and body
// have gone out by then, its end has not (the TARP client still reports the refusal).
import { type BodyLimits, bodyWasRead } from "./_body.ts";

const DRAIN_BYTES = 4 * 1024 * 1024;
const DRAIN_MS = 2000;

/** The error a response stream is failed with to close its connection; not worth a log line. */
export class ConnectionClosed extends Error {
  constructor() {
    super("closed the connection of a refused request whose body was left unread");
    this.name = "ConnectionClosed";
  }
}

/** `res`, or when it refuses a request whose body is unread, the same answer that closes. */
export async function closeIfBodyUnread(
  req: Request,
  res: Response,
  limits: BodyLimits,
): Promise<Response> {
  if (res.status < 400 || bodyWasRead(req) || !hasBody(req)) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  headers.set("connection", "close");
  const ms = Math.min(DRAIN_MS, limits.bodyTimeout * 1000);
  let sent = false;
  // Pulled: the answer is handed over before the stream ends or fails (failing drops a queue).
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sent) {
        sent = true;
        return controller.enqueue(bytes);
      }
      if (await drain(req, DRAIN_BYTES, ms)) controller.close();
      else controller.error(new ConnectionClosed());
    },
  }, { highWaterMark: 0 });
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}

// The headers first, and `req.body` last: its first read makes Deno build a stream for the body,
// which costs an error answer (a 404 GET, a function that threw) more memory than all the rest.
function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  return ((length !== null && length !== "0") || req.headers.has("transfer-encoding")) &&
    req.body !== null;
}

// Reads and drops what is left of the body; true if it ended within the bounds.
async function drain(req: Request, most: number, ms: number): Promise<boolean> {
  if (!req.body || req.body.locked) return false;
  const reader = req.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), ms));
  let left = most;
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), late]);
      if (read === "late") return false;
      if (read.done) return true;
      left -= read.value.byteLength;
      if (left < 0) return false;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
}
