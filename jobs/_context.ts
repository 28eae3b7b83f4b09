// Which job is running here, so that progress() and jobSignal() can find it. Kept on globalThis
// under registered symbols, so that two copies of this library loaded in one isolate (say, from
// jsr: and from a relative path) still agree.
import { AsyncLocalStorage } from "node:async_hooks";

/** What the code of a running job can reach: its ID, its signal and its progress reporter. */
export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  report(fraction: number, message?: string): void;
}

interface Slot {
  /** Inline jobs (and worker jobs) run inside this storage. */
  als: AsyncLocalStorage<JobContext>;
  /** In a job worker: the one job it runs now, for callbacks that lost the async context. */
  workerJob?: JobContext;
}

const SLOT = Symbol.for("tarp.jobContext");
const WORKER_FLAG = Symbol.for("tarp.jobWorker");
const FUNCTIONS = Symbol.for("tarp.jobFunctions");

type Globals = Record<symbol, unknown>;

function slot(): Slot {
  const g = globalThis as Globals;
  return (g[SLOT] ??= { als: new AsyncLocalStorage<JobContext>() }) as Slot;
}

/** The job whose code is running now, if any. */
export function currentJob(): JobContext | undefined {
  const s = slot();
  return s.als.getStore() ?? s.workerJob;
}

/** Runs `fn` as the code of job `ctx`. */
export function runAsJob<T>(ctx: JobContext, fn: () => T): T {
  return slot().als.run(ctx, fn);
}

/** Sets (or clears) the job a job worker is running. */
export function setWorkerJob(ctx: JobContext | undefined): void {
  slot().workerJob = ctx;
}

/** Marks this isolate as a job worker: `runServer` is then inert. */
export function markJobWorker(): void {
  (globalThis as Globals)[WORKER_FLAG] = true;
}

/** True inside a TARP job worker. */
export function insideJobWorker(): boolean {
  return (globalThis as Globals)[WORKER_FLAG] === true;
}

/** Functions registered while a job worker imported their module, by {@linkcode functionKey}. */
export function workerFunctions(): Map<string, (...args: unknown[]) => unknown> {
  const g = globalThis as Globals;
  return (g[FUNCTIONS] ??= new Map()) as Map<string, (...args: unknown[]) => unknown>;
}

/** The key of a registered async function: its module URL and endpoint name. */
export function functionKey(module: string, name: string): string {
  return `${module}#${name}`;
}
