// Async endpoints on the server side: the job backend a server's options ask for, and what
// `addAsyncRPCEndpoint` checks and hands to it.
import type { JobBackend, JobDefinition } from "../jobs/types.ts";
import { MemoryJobEngine } from "../jobs/_engine.ts";
import { locate } from "../jobs/_locate.ts";
import type { ResolvedServerOptions } from "./options.ts";
import { seconds } from "./_options.ts";
import type { AnyFunction, AsyncEndpointOptions } from "./types.ts";

/** The job backend for a server's options: the built-in engine, or the one given. */
export function makeBackend(options: ResolvedServerOptions): JobBackend {
  const { jobs } = options;
  if (typeof jobs !== "string") return jobs;
  return new MemoryJobEngine({
    mode: jobs,
    poolSize: options.poolSize,
    retention: options.retention,
    maxQueuedJobs: options.maxQueuedJobs,
    maxResultBytes: options.maxResultBytes,
    maxJobHeapBytes: options.maxJobHeapBytes,
  });
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
  };
}
