// Wires jobs into a TarpServer: option defaults and checks, the job routes, the async handler, and
// the cleanup on close; and builds the registry entry of an async endpoint.
import type { Hono } from "hono";
import type { AnyFunction, EndpointHandler, EndpointInit } from "../_registry.ts";
import { type AsyncEndpointSettings, JobManager, type JobMode } from "./_manager.ts";
import { mountJobRoutes, submitHandler } from "./_routes.ts";
import { locate, type LocateOptions } from "./_locate.ts";

/** The server options jobs read, defaults filled in. */
export interface JobServerOptions {
  jobs: JobMode;
  poolSize: number;
  retention: number;
  maxLongPoll: number;
  maxLongPolls: number;
  maxBodyBytes: number;
  maxDepth: number;
  exposeStack: boolean;
}

/** What jobs need from the server they are installed in. */
export interface JobHost {
  readonly app: Hono;
  readonly options: JobServerOptions;
  setHandler(kind: "async", handler: EndpointHandler): void;
  onClose(closer: () => void): void;
}

/** Default job options: worker mode, one worker per core, results kept 10 minutes. */
export function jobDefaults(options: {
  jobs?: JobMode;
  poolSize?: number;
  retention?: number;
  maxLongPoll?: number;
}): Pick<JobServerOptions, "jobs" | "poolSize" | "retention" | "maxLongPoll"> {
  const settings = {
    jobs: options.jobs ?? "worker",
    poolSize: options.poolSize ?? Math.max(1, navigator.hardwareConcurrency || 1),
    retention: options.retention ?? 600,
    maxLongPoll: options.maxLongPoll ?? 30,
  };
  if (settings.jobs !== "worker" && settings.jobs !== "inline") {
    throw new TypeError(
      `makeServer: jobs must be "worker" or "inline", not ${JSON.stringify(settings.jobs)}.`,
    );
  }
  if (!Number.isInteger(settings.poolSize) || settings.poolSize < 1) {
    throw new RangeError(`makeServer: poolSize must be a whole number of workers, at least 1.`);
  }
  seconds("makeServer: retention", settings.retention);
  seconds("makeServer: maxLongPoll", settings.maxLongPoll);
  return settings;
}

/** Installs the job routes, the async handler and the cleanup in `server`. */
export function installJobs(server: JobHost): JobManager {
  const o = server.options;
  const manager = new JobManager({
    mode: o.jobs,
    poolSize: o.poolSize,
    retention: o.retention,
    maxLongPoll: o.maxLongPoll,
  });
  mountJobRoutes(server.app, manager, o);
  server.setHandler("async", submitHandler(manager, o));
  server.onClose(() => manager.close());
  return manager;
}

/** The options of `addAsyncRPCEndpoint`, as jobs read them. */
export interface AsyncOptions extends LocateOptions {
  suggestedWait?: number;
  description?: string;
  timeout?: number;
}

/** The registry entry of an async endpoint; in worker mode, works out where workers find `fn`. */
export function asyncEndpoint(
  name: string,
  fn: AnyFunction,
  options: AsyncOptions,
  mode: JobMode,
): EndpointInit {
  const where = `addAsyncRPCEndpoint("${name}")`;
  if (typeof fn !== "function") {
    throw new TypeError(`${where}: expected a function, got ${typeof fn}.`);
  }
  const suggestedWait = options.suggestedWait ?? 5;
  seconds(`${where}: suggestedWait`, suggestedWait);
  if (options.timeout !== undefined) seconds(`${where}: timeout`, options.timeout, true);
  const settings: AsyncEndpointSettings = {
    suggestedWait,
    timeout: options.timeout,
    target: locate(name, fn, options, mode === "worker"),
  };
  return {
    kind: "async",
    name,
    fn,
    description: options.description,
    options: { ...options, ...settings },
  };
}

function seconds(what: string, value: unknown, positive = false): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (positive && !value)) {
    throw new RangeError(
      `${what} is a number of seconds${positive ? " above 0" : ""}, not ${String(value)}.`,
    );
  }
}
