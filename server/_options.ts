// The one function that checks a server's options and fills in their defaults, and the defaults
// of the server's resource budgets (the request limits' defaults are in _wire/limits.ts).
import type { ResolvedServerOptions, ServerOptions } from "./options.ts";
import { DEFAULT_LIMITS } from "../_wire/limits.ts";

const MiB = 1024 * 1024;

/**
 * Budgets that bound what the server holds across requests and jobs, sized for a small lab PC:
 * with them, a server's memory stays within a few hundred MiB whatever its clients send.
 */
export const DEFAULT_BUDGETS = Object.freeze({
  maxBodyBytesInFlight: 256 * MiB,
  bodyTimeout: 30,
  maxQueuedJobs: 1000,
  maxResultBytes: 256 * MiB,
  maxLockWaiters: 64,
  lockWait: 30,
  maxJobHeapBytes: 1024 * MiB,
});

/** Checks `options` and fills in every default; throws a TypeError or RangeError naming the fix. */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = {
    ...DEFAULT_LIMITS,
    ...DEFAULT_BUDGETS,
    exposeStack: false,
    cors: false,
    jobs: "process",
    poolSize: Math.max(1, navigator.hardwareConcurrency || 1),
    retention: 600,
    maxLongPoll: 30,
    maxLongPolls: 1000,
    maxEventStreams: 1000,
    ...definedOnly(options),
    allowedHosts: hostList(options.allowedHosts),
  };
  const jobs = resolved.jobs;
  if (
    jobs !== "process" && jobs !== "worker" && jobs !== "inline" &&
    typeof jobs?.submit !== "function"
  ) {
    throw new TypeError(
      `makeServer: jobs must be "process", "worker" or "inline" (or a JobBackend), not ${
        JSON.stringify(jobs)
      }.`,
    );
  }
  checkJobStore(resolved);
  count("poolSize", resolved.poolSize, "workers");
  count("maxBodyBytes", resolved.maxBodyBytes, "bytes");
  count("maxDepth", resolved.maxDepth, "levels");
  count("maxLongPolls", resolved.maxLongPolls, "requests", 0);
  count("maxBigIntBytes", resolved.maxBigIntBytes, "bytes", 0);
  count("maxValues", resolved.maxValues, "values");
  count("maxArgs", resolved.maxArgs, "arguments", 0);
  count("maxJsonRepeatBytes", resolved.maxJsonRepeatBytes, "bytes", 0);
  count("maxBodyBytesInFlight", resolved.maxBodyBytesInFlight, "bytes");
  count("maxQueuedJobs", resolved.maxQueuedJobs, "jobs", 0);
  count("maxResultBytes", resolved.maxResultBytes, "bytes", 0);
  count("maxLockWaiters", resolved.maxLockWaiters, "calls", 0);
  count("maxJobHeapBytes", resolved.maxJobHeapBytes, "bytes", MiB);
  count("maxEventStreams", resolved.maxEventStreams, "streams", 0);
  seconds("makeServer: retention", resolved.retention);
  seconds("makeServer: maxLongPoll", resolved.maxLongPoll);
  seconds("makeServer: bodyTimeout", resolved.bodyTimeout, true);
  seconds("makeServer: lockWait", resolved.lockWait);
  return resolved;
}

// An option given as undefined takes its default, as if it were not given.
function definedOnly(options: ServerOptions): ServerOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function hostList(hosts: unknown): true | string[] {
  if (hosts === undefined || hosts === true) return hosts ?? [];
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === "string")) {
    throw new TypeError(
      'makeServer: allowedHosts must be a list of host names (["lab-pc.example.org"]) or true.',
    );
  }
  return [...hosts];
}

function checkJobStore({ jobStore, jobs }: ResolvedServerOptions): void {
  if (jobStore === undefined) return;
  if (typeof jobStore !== "string" || jobStore === "") {
    throw new TypeError(
      `makeServer: jobStore is the path of a SQLite file, such as "jobs.db", not ${
        JSON.stringify(jobStore)
      }.`,
    );
  }
  if (typeof jobs !== "string") {
    throw new TypeError(
      "makeServer: jobStore is for the built-in engine; a JobBackend given as jobs keeps its " +
        "jobs itself. Pass one or the other.",
    );
  }
}

function count(what: string, value: number, unit: string, least = 1): void {
  if (!Number.isInteger(value) || value < least) {
    throw new RangeError(
      `makeServer: ${what} must be a whole number of ${unit}, at least ${least}, not ${value}.`,
    );
  }
}

/** Throws a RangeError unless `value` is a number of seconds (above 0 when `positive`). */
export function seconds(what: string, value: unknown, positive = false): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (positive && !value)) {
    throw new RangeError(
      `${what} is a number of seconds${positive ? " above 0" : ""}, not ${String(value)}.`,
    );
  }
}
