// Reading request bodies within their limits: the size limit (413 before reading, from
// Content-Length, or as soon as a chunked body passes it), the budget of bodies in flight (503),
// and the time a body may take to arrive (408). What was read whole is remembered, so that an
// error answer to a request whose body was left unread can close the connection (run_server.ts).
import { TarpError } from "../_wire/errors.ts";
import type { Limits } from "../_wire/limits.ts";
import { hold } from "./_scope.ts";

/** The limits a body is read within. */
export interface BodyLimits {
  /** Largest body in bytes. */
  maxBodyBytes: number;
  /** Seconds the body may take to arrive. */
  bodyTimeout: number;
}

// Marked on the Request itself: a WeakSet entry per request costs more than the mark is worth.
const READ_WHOLE = Symbol("tarp.readWhole");
type Marked = Request & { [READ_WHOLE]?: true };
const LARGE_BODY = 16 * 1024 * 1024;

/** True when `req`'s body (if it had one) has been read to its end. */
export function bodyWasRead(req: Request): boolean {
  return (req as Marked)[READ_WHOLE] === true;
}

/** Reads the whole body within `limits`, counting it against the current request's budget. */
export function readBody(req: Request, limits: BodyLimits): Promise<Uint8Array> {
  const headers = req.headers;
  const declared = headers.get("content-length");
  const size = declared === null || !(Number(declared) >= 0) ? undefined : Number(declared);
  if (size !== undefined && size > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes);
  // Over HTTP/1.1 the headers tell whether a body comes; `req.body` is asked only when they do
  // not (HTTP/2, a Request made in this process), as building that stream costs microseconds.
  if (size === 0 || (size === undefined && !headers.has("transfer-encoding") && !req.body)) {
    (req as Marked)[READ_WHOLE] = true;
    return Promise.resolve(new Uint8Array(0));
  }
  if (size !== undefined) hold(req, size); // before reading: a 503 now costs nothing
  const read = size === undefined
    ? readChunked(req, limits)
    : size > LARGE_BODY
    ? readInto(req, new Uint8Array(size))
    : req.bytes(); // not arrayBuffer(), whose extra steps in Deno cost microseconds
  return withinTime(req, read, limits.bodyTimeout);
}

// A large declared body is read into one buffer of its size, chunk by chunk: collecting the
// chunks first, then joining them, would hold it twice.
async function readInto(req: Request, out: Uint8Array): Promise<Uint8Array> {
  const reader = req.body!.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.byteLength > out.length) {
      throw new TarpError("BadRequest", "The body is longer than its Content-Length.");
    }
    out.set(value, at);
    at += value.byteLength;
  }
  return at === out.length ? out : out.subarray(0, at);
}

async function readChunked(req: Request, limits: BodyLimits): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBodyBytes) {
      reader.releaseLock(); // the rest may still be drained before the connection closes
      throw tooLarge(limits.maxBodyBytes);
    }
    hold(req, value.byteLength);
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// A body still arriving after `seconds` is refused with 408; the read left behind fails when the
// connection closes, and its failure is not reported twice. One sweep every SWEEP_MS checks every
// read in progress, counting time in sweeps: a timer, or even a clock reading, per request would
// cost more than reading a small body.
const SWEEP_MS = 250;
interface Reading {
  /** The sweep count past which the body is late. */
  lateAfter: number;
  fail: (error: TarpError) => void;
  seconds: number;
  prev?: Reading;
  next?: Reading;
}
// Reads in progress, in a list linked through the reads themselves: one ends by unlinking itself,
// and is garbage at once. (A Set's deletions, or a list the sweep compacts, kept every read alive
// past V8's minor collections, and the server's heap grew under load.)
let first: Reading | undefined;
let sweeps = 0;
let sweeper: ReturnType<typeof setInterval> | undefined;

function link(read: Reading): void {
  read.next = first;
  if (first) first.prev = read;
  first = read;
}

function unlink(read: Reading): void {
  if (read.prev) read.prev.next = read.next;
  else if (first === read) first = read.next;
  else return; // already unlinked
  if (read.next) read.next.prev = read.prev;
  read.prev = read.next = undefined;
}

function sweep(): void {
  sweeps++;
  for (let read = first; read;) {
    const next = read.next;
    if (read.lateAfter < sweeps) {
      unlink(read);
      read.fail(lateBody(read.seconds));
    }
    read = next;
  }
  if (first === undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

// The body when it has all arrived (marking the request's body read), or a 408.
function withinTime(req: Request, read: Promise<Uint8Array>, seconds: number): Promise<Uint8Array> {
  if (sweeper === undefined) {
    sweeper = setInterval(sweep, SWEEP_MS);
    Deno.unrefTimer(sweeper);
  }
  return new Promise((resolve, reject) => {
    // A sweep may come at once: the count starts one sweep later, so a body always has `seconds`.
    const entry: Reading = {
      lateAfter: sweeps + 1 + Math.ceil((seconds * 1000) / SWEEP_MS),
      fail: reject,
      seconds,
    };
    link(entry);
    read.then((bytes) => {
      unlink(entry);
      (req as Marked)[READ_WHOLE] = true;
      resolve(bytes);
    }, (error) => {
      unlink(entry);
      reject(error);
    });
  });
}

function lateBody(seconds: number): TarpError {
  return new TarpError(
    "RequestTimeout",
    `The request body did not arrive within ${seconds} s (the server's bodyTimeout). ` +
      "Send it faster, or start the server with a larger bodyTimeout.",
  );
}

function tooLarge(limit: number): TarpError {
  return new TarpError(
    "PayloadTooLarge",
    `The request body is larger than this server's limit of ${limit} bytes. Send less, or ` +
      "start the server with a larger maxBodyBytes.",
  );
}

/** Everything a request is checked against: the protocol's limits and the body's. */
export type RequestLimits = Limits & BodyLimits;
