// The entry of a job worker: imports the module that defines a job's function, runs it, and posts
// back its progress and its result or error. One job at a time.
import { type JobContext, markJobWorker, runAsJob, setWorkerJob } from "./_context.ts";
import type { RunMessage, WorkerMessage } from "./_pool.ts";
import { findJobFunction } from "./_find.ts";
import { jobErrorOf } from "../_wire/errors.ts";

// First of all, so that a `runServer` in the imported module serves nothing.
markJobWorker();

// The worker's global scope, typed without the worker lib (which would clash with the rest).
const scope = self as unknown as {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((e: MessageEvent<RunMessage>) => void) | null;
};
const post = (msg: WorkerMessage) => scope.postMessage(msg);

// A worker that closes itself says so first: the pool then fails its job and replaces it.
const close = scope.close.bind(scope);
scope.close = () => {
  post({ type: "exit", how: "self.close()" });
  close();
};
const exit = Deno.exit;
Deno.exit = (code?: number): never => {
  post({ type: "exit", how: `Deno.exit(${code ?? ""})` });
  return exit(code);
};

// An uncaught error or unhandled rejection is a crash: the pool fails the job and replaces this
// worker. Reported here rather than left to propagate, so that it is not also logged as fatal.
addEventListener("error", (e) => {
  e.preventDefault();
  post({ type: "crash", message: e.message });
});
addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  const { type, message } = jobErrorOf(e.reason);
  post({ type: "crash", message: `Uncaught (in promise) ${type}: ${message}` });
});

// Progress is posted at most every 20 ms; the latest report in between is sent when the job
// next yields, or before its outcome.
const PROGRESS_INTERVAL_MS = 20;
let lastPost = -Infinity;
let pending: WorkerMessage | undefined;
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pending) post(pending);
  pending = undefined;
  lastPost = performance.now();
}

function report(id: string, fraction: number, message?: string): void {
  pending = { type: "progress", id, fraction, message };
  if (performance.now() - lastPost >= PROGRESS_INTERVAL_MS) flush();
  else flushTimer ??= setTimeout(flush, PROGRESS_INTERVAL_MS);
}

const NEVER = new AbortController().signal;

scope.onmessage = async (e: MessageEvent<RunMessage>) => {
  const { id, target, args } = e.data;
  const ctx: JobContext = { id, signal: NEVER, report: (f, m) => report(id, f, m) };
  setWorkerJob(ctx);
  lastPost = -Infinity; // a job's first report goes at once, even if the job then never yields
  let outcome: WorkerMessage;
  try {
    const fn = await findJobFunction(target);
    outcome = { type: "result", id, value: await runAsJob(ctx, () => fn(...args)) };
  } catch (err) {
    outcome = { type: "error", id, error: jobErrorOf(err) };
  }
  setWorkerJob(undefined);
  flush();
  try {
    post(outcome);
  } catch (err) {
    post({ type: "error", id, error: jobErrorOf(err, "The job's result cannot be sent back: ") });
  }
};
