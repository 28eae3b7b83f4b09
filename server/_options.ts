// The one function that checks a server's options and fills in their defaults.
import type { ResolvedServerOptions, ServerOptions } from "./options.ts";
import { DEFAULT_LIMITS } from "../_wire/limits.ts";

/** Checks `options` and fills in every default; throws a TypeError or RangeError naming the fix. */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes,
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    exposeStack: options.exposeStack ?? false,
    token: options.token,
    log: options.log,
    cors: options.cors ?? false,
    allowedHosts: hostList(options.allowedHosts),
    jobs: options.jobs ?? "worker",
    poolSize: options.poolSize ?? Math.max(1, navigator.hardwareConcurrency || 1),
    jobStore: options.jobStore,
    retention: options.retention ?? 600,
    maxLongPoll: options.maxLongPoll ?? 30,
    maxLongPolls: options.maxLongPolls ?? 1000,
    maxEventStreams: options.maxEventStreams ?? 1000,
  };
  const jobs = resolved.jobs;
  if (jobs !== "worker" && jobs !== "inline" && typeof jobs?.submit !== "function") {
    throw new TypeError(
      `makeServer: jobs must be "worker" or "inline" (or a JobBackend), not ${
        JSON.stringify(jobs)
      }.`,
    );
  }
  checkJobStore(resolved);
  count("poolSize", resolved.poolSize, "workers");
  count("maxBodyBytes", resolved.maxBodyBytes, "bytes");
  count("maxDepth", resolved.maxDepth, "levels");
  count("maxLongPolls", resolved.maxLongPolls, "requests", 0);
  count("maxEventStreams", resolved.maxEventStreams, "streams", 0);
  seconds("makeServer: retention", resolved.retention);
  seconds("makeServer: maxLongPoll", resolved.maxLongPoll);
  return resolved;
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
