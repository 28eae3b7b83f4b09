// Async endpoints on the server side: the job backend a server's options ask for, and what
// `addAsyncRPCEndpoint` checks and hands to it.
import type { JobBackend, JobDefinition } from "../jobs/types.ts";
import { MemoryJobEngine } from "../jobs/_engine.ts";
import { SqliteJobStore } from "../jobs/_sqlite_store.ts";
import { insideJobWorker } from "../jobs/_context.ts";
import { locate } from "../jobs/_locate.ts";
import type { ResolvedServerOptions } from "./options.ts";
import { seconds } from "./_options.ts";
import type { AnyFunction, AsyncEndpointOptions } from "./types.ts";

/** The job backend for a server's options: the built-in engine, or the one given. */
export function makeBackend(options: ResolvedServerOptions): JobBackend {
  const { jobs } = options;
  if (typeof jobs !== "string") return jobs;
  const settings = {
    mode: jobs,
    poolSize: options.poolSize,
    retention: options.retention,
    maxQueuedJobs: options.maxQueuedJobs,
    maxResultBytes: options.maxResultBytes,
    maxJobHeapBytes: options.maxJobHeapBytes,
  };
  // A job worker imports the server's module again to find a function: it must not open the
  // store, which belongs to the server.
  const path = insideJobWorker() ? undefined : options.jobStore;
  const store = path ? new SqliteJobStore(path, options.retention * 1000) : undefined;
  return new MemoryJobEngine(settings, store);
}

/**
 * Keeps a server's jobs in the SQLite file at `path` from now on (`tarp serve --job-store`), and
 * runs what the file holds from an earlier process.
 */
export function useJobStore(jobs: JobBackend, path: string, retention: number): void {
  if (!(jobs instanceof MemoryJobEngine)) {
    throw new TypeError(
      "--job-store is for the built-in job engine; this server's jobs go to a JobBackend of its " +
        "own, which keeps them itself.",
    );
  }
  jobs.useStore(new SqliteJobStore(path, retention * 1000));
}

/** Checks an async endpoint's options; works out where out-of-isolate runners find `fn`. */
export function jobDefinition(
  name: string,
  fn: AnyFunction,
  options: AsyncEndpointOptions,
  backend: JobBackend,
): JobDefinition {
  const where = `addAsyncRPCEndpoint("${name}")`;
  if (typeof fn !== "function") {
    throw new TypeError(`${where}: expected a function, got ${typeof fn}.`);
  }
  const suggestedWait = options.suggestedWait ?? 5;
  seconds(`${where}: suggestedWait`, suggestedWait);
  if (options.timeout !== undefined) seconds(`${where}: timeout`, options.timeout, true);
  const retry = options.retry ?? 0;
  if (!Number.isInteger(retry) || retry < 0) {
    throw new RangeError(`${where}: retry is a whole number of runs, 0 or more, not ${retry}.`);
  }
  if ((options.exclusive || options.lock !== undefined) && !backend.runsInServer) {
    throw new TypeError(
      `${where}: exclusive and lock work for jobs on the server's own isolate only: use ` +
        'makeServer({ jobs: "inline" }), or lock inside the job.',
    );
  }
  return {
    name,
    fn,
    target: locate(name, fn, options, !backend.runsInServer),
    suggestedWait,
    timeout: options.timeout,
    retry,
  };
}
