// How a job runner in another isolate or process (a Web Worker, a child process) finds a job's
// function: it imports the module, which registers its async endpoints again as it runs, else
// takes the module's export of the function's name.
import { functionKey, workerFunctions } from "./_context.ts";
import type { JobTarget } from "./types.ts";

type JobFunction = (...args: unknown[]) => unknown;

// Functions found, by target: an import() of a module already loaded still takes tens of
// microseconds (a trip through the module loader), more than a small job's whole run.
const found = new Map<string, JobFunction>();

/** Imports the job's module and finds its function; throws `FunctionNotFound` naming the fixes. */
export async function findJobFunction(target: JobTarget): Promise<JobFunction> {
  const key = `${functionKey(target.module, target.name)}#${target.exportName ?? ""}`;
  const known = found.get(key);
  if (known) return known;
  const fn = lookUp(target, await import(target.module) as Record<string, unknown>);
  found.set(key, fn);
  return fn;
}

function lookUp(target: JobTarget, ns: Record<string, unknown>): JobFunction {
  const registered = workerFunctions().get(functionKey(target.module, target.name));
  if (registered) return registered;
  const exported = target.exportName === undefined ? undefined : ns[target.exportName];
  if (typeof exported === "function") return exported as JobFunction;
  const lookedFor = target.exportName === undefined
    ? "and the function has no name to look for as an export"
    : `and exports no function named "${target.exportName}"`;
  const error = new Error(
    `The job runner imported ${target.module}, but it registers no async endpoint ` +
      `"${target.name}" when imported (registration inside a function or behind ` +
      `"if (import.meta.main)" does not run in a job runner) ${lookedFor}. Export the function from ` +
      "that module, or pass { module, exportName } naming the module and export that define " +
      'it, or make the server with makeServer({ jobs: "inline" }).',
  );
  error.name = "FunctionNotFound";
  throw error;
}
