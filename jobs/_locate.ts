// Where a worker finds an async endpoint's function: the module to import (given, or inferred from
// the registering call's stack) and the name to look it up by.
import { functionKey, insideJobWorker, workerFunctions } from "./_context.ts";
import type { JobTarget } from "./types.ts";

/** The options of `addAsyncRPCEndpoint` that say where the function lives. */
export interface LocateOptions {
  module?: string | URL;
  exportName?: string;
}

// This library's own files: the root's modules and its source folders (tests/, examples/ and
// bench/ are users of the library).
const LIBRARY_ROOT = new URL("../", import.meta.url).href;
const LIBRARY_FOLDERS = ["_wire/", "cli/", "client/", "jobs/", "server/", "web/"];

/**
 * Works out where a worker will find `fn`, and, inside a job worker, records `fn` so that the
 * worker can run it even if it is not exported. Throws a TypeError naming the fix when `required`
 * and the module cannot be known.
 */
export function locate(
  name: string,
  fn: (...args: never[]) => unknown,
  options: LocateOptions,
  required: boolean,
): JobTarget | undefined {
  if (options.exportName !== undefined && !isIdentifierish(options.exportName)) {
    throw new TypeError(
      `addAsyncRPCEndpoint("${name}"): exportName must be the name the module exports the ` +
        `function under, got ${JSON.stringify(options.exportName)}.`,
    );
  }
  const module = options.module === undefined ? callerModule() : checkedUrl(name, options.module);
  if (module === undefined) {
    if (!required) return undefined;
    throw new TypeError(
      `addAsyncRPCEndpoint("${name}"): cannot tell which module defines the function, and a job ` +
        "worker must import it. Pass { module: import.meta.url } from the module that defines " +
        'it, or make the server with makeServer({ jobs: "inline" }).',
    );
  }
  if (insideJobWorker()) workerFunctions().set(functionKey(module, name), fn as never);
  return { module, name, exportName: options.exportName ?? (fn.name || undefined) };
}

function checkedUrl(name: string, module: string | URL): string {
  try {
    return new URL(module).href;
  } catch {
    throw new TypeError(
      `addAsyncRPCEndpoint("${name}"): module must be the URL of the module that defines the ` +
        `function, got ${JSON.stringify(String(module))}. Pass { module: import.meta.url }.`,
    );
  }
}

function isIdentifierish(s: unknown): boolean {
  return typeof s === "string" && s.length > 0;
}

/** The URL of the first module on the call stack that is not one of this library's files. */
export function callerModule(): string | undefined {
  const limit = (Error as { stackTraceLimit?: number }).stackTraceLimit;
  (Error as { stackTraceLimit?: number }).stackTraceLimit = Math.max(limit ?? 0, 50);
  const stack = new Error().stack ?? "";
  (Error as { stackTraceLimit?: number }).stackTraceLimit = limit;
  for (const line of stack.split("\n").slice(1)) {
    const url = frameUrl(line);
    if (url !== undefined && !isLibraryFile(url)) return url;
  }
  return undefined;
}

function frameUrl(line: string): string | undefined {
  return /((?:file|https?):\/\/[^\s()]+?):\d+:\d+\)?\s*$/.exec(line)?.[1];
}

function isLibraryFile(url: string): boolean {
  if (!url.startsWith(LIBRARY_ROOT)) return false;
  const rest = url.slice(LIBRARY_ROOT.length);
  return !rest.includes("/") || LIBRARY_FOLDERS.some((folder) => rest.startsWith(folder));
}
