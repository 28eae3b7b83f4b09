// The entry of a job process (`deno run` of this file, one per slot of a process pool): reads run
// messages on stdin, imports the module that defines each job's function, runs it, and writes
// back its progress and its result or error on stdout, one job at a time. Everything crosses the
// process boundary as TARP's CBOR. The server kills this process to cancel or time out a job.
import { type JobContext, markJobWorker, runAsJob, setWorkerJob } from "./_context.ts";
import { findJobFunction } from "./_find.ts";
import { frameHeader, FrameReader, MARKER_BYTES } from "./_frames.ts";
import type { ChildMessage, RunMessage } from "./_process_pool.ts";
import { decodeCbor, encodeCborMessage } from "../_wire/codec.ts";
import { jobErrorOf } from "../_wire/errors.ts";

// First of all, so that a `runServer` in the imported module serves nothing.
markJobWorker();
// Beside the job's thread, one that ends this process if the server dies (_process_watchdog.ts).
// No job starts before it runs: a job that never yields could keep it from starting.
const watchdog = new Worker(new URL("./_process_watchdog.ts", import.meta.url), { type: "module" });
const watching = new Promise((resolve) => watchdog.onmessage = resolve);

const MESSAGE_LIMITS = { maxDepth: 10_000, maxBigIntBytes: Infinity, maxValues: Infinity };
// The server's marker for this process's frames: the first bytes on stdin. (Not an argument:
// the job's module sees the Deno.args of a job process empty, as a worker's.)
const stdin = Deno.stdin.readable.getReader();
let leftover = new Uint8Array(0);
const MARKER = await readMarker();

async function readMarker(): Promise<Uint8Array> {
  let got = new Uint8Array(0);
  while (got.length < MARKER_BYTES) {
    const { value, done } = await stdin.read();
    if (done) Deno.exit(0); // the server went away before sending anything
    const more = new Uint8Array(got.length + value.length);
    more.set(got);
    more.set(value, got.length);
    got = more;
  }
  leftover = got.subarray(MARKER_BYTES);
  return got.subarray(0, MARKER_BYTES);
}

function send(message: ChildMessage, key = "message"): void {
  const payload = encodeCborMessage(message as unknown as Record<string, unknown>, key);
  writeAll(frameHeader(MARKER, payload.byteLength));
  writeAll(payload);
}

function writeAll(bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += Deno.stdout.writeSync(bytes.subarray(at));
}

// A job that exits says so first: the server then fails its job as WorkerExited.
const exit = Deno.exit;
Deno.exit = (code?: number): never => {
  send({ type: "exit", how: `Deno.exit(${code ?? ""})` });
  return exit(code);
};
const nodeProcess = (globalThis as { process?: { exit(code?: number): never } }).process;
if (nodeProcess) {
  nodeProcess.exit = (code?: number): never => {
    send({ type: "exit", how: `process.exit(${code ?? ""})` });
    return exit(code);
  };
}

// An uncaught error or unhandled rejection ends this process; the server learns why first.
addEventListener("error", (e) => {
  e.preventDefault();
  send({ type: "crash", message: e.message });
  exit(70);
});
addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  const { type, message } = jobErrorOf(e.reason);
  send({ type: "crash", message: `Uncaught (in promise) ${type}: ${message}` });
  exit(70);
});

// Progress is sent at most every 20 ms; the latest report in between goes before the outcome. A
// job's first report goes at once: a job that reports, then never yields, still shows it.
const PROGRESS_INTERVAL_MS = 20;
let lastSent = -Infinity;
let pending: ChildMessage | undefined;
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pending) send(pending);
  pending = undefined;
  lastSent = performance.now();
}

function report(id: string, fraction: number, message?: string): void {
  pending = { type: "progress", id, fraction, message };
  if (performance.now() - lastSent >= PROGRESS_INTERVAL_MS) flush();
  else flushTimer ??= setTimeout(flush, PROGRESS_INTERVAL_MS);
}

const NEVER = new AbortController().signal;

async function runJob({ id, target, args }: RunMessage): Promise<void> {
  const ctx: JobContext = { id, signal: NEVER, report: (f, m) => report(id, f, m) };
  setWorkerJob(ctx);
  lastSent = -Infinity;
  let value: unknown;
  let failed: ChildMessage | undefined;
  try {
    const fn = await findJobFunction(target);
    value = await runAsJob(ctx, () => fn(...args));
  } catch (err) {
    failed = { type: "error", id, error: jobErrorOf(err) };
  }
  setWorkerJob(undefined);
  flush();
  if (failed) return send(failed);
  try {
    send({ type: "result", id, value }, "value");
  } catch (err) {
    const error = jobErrorOf(err, "The job's result cannot be sent back: ");
    send({ type: "error", id, error: { ...error, type: "DataCloneError" } });
  }
}

// Jobs arrive one at a time: the server sends the next only after this one's outcome.
let running: Promise<unknown> = watching;
const reader = new FrameReader(
  MARKER,
  (payload) => {
    const message = decodeCbor(payload, MESSAGE_LIMITS) as RunMessage;
    running = running.then(() => runJob(message));
  },
  () => {}, // the server writes nothing but frames
);
reader.push(leftover);
for (;;) {
  const { value, done } = await stdin.read();
  if (done) break;
  reader.push(value);
}
// The server closed our stdin: it stopped this slot (and kills it), or it died (killed with
// SIGKILL, say). Nobody waits for the job's outcome any more: leave at once, rather than run on
// as an orphan. (A job that never yields cannot see this; only its process's death stops it.)
exit(0);
