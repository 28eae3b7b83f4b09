// `tarp worker module.ts --redis URL`: imports the module as a job worker does (its `runServer`
// does nothing), finds the async endpoints it registers, and runs their jobs from the BullMQ
// queue until SIGINT or SIGTERM.
import { functionKey, markJobWorker, workerFunctions } from "../jobs/_context.ts";
import type { JobTarget } from "../jobs/types.ts";
import { DEFAULT_QUEUE, redisConnection } from "../jobs/_bullmq_shared.ts";
import { DEFAULT_BUDGETS } from "../server/_options.ts";
import { CliError } from "./cli_error.ts";
import { moduleUrl } from "./_serve.ts";
import type { CliOptions } from "./options.ts";

// A Redis error is printed at most this often (a Redis restart makes many).
const ERROR_EVERY_MS = 5_000;

/** Runs the jobs of `module`'s async endpoints from the queue; resolves with the exit code. */
export async function workerCommand(rest: string[], options: CliOptions): Promise<number> {
  const [module, ...extra] = rest;
  if (extra.length) throw new CliError(`worker takes one module; also got: ${extra.join(" ")}`, 2);
  if (!options.redis) {
    throw new CliError("tarp worker needs --redis URL, such as --redis redis://localhost:6379", 2);
  }
  let connection;
  try {
    connection = redisConnection(options.redis);
  } catch (e) {
    throw new CliError(`--redis: ${(e as Error).message}`, 2);
  }
  const concurrency = whole("concurrency", options.concurrency, navigator.hardwareConcurrency || 1);
  const stalledAfter = whole("stalled-after", options["stalled-after"], 30);
  const grace = whole("grace", options.grace, 10, 0);
  const queue = options.queue ?? DEFAULT_QUEUE;
  const targets = await endpointsOf(module);

  const { startQueueWorker } = await import("../jobs/_bullmq_worker.ts");
  let lastError = 0;
  const worker = await startQueueWorker({
    connection,
    queue,
    concurrency,
    stalledAfter,
    targets,
    maxJobHeapBytes: DEFAULT_BUDGETS.maxJobHeapBytes,
    onError: (e) => {
      if (Date.now() - lastError < ERROR_EVERY_MS) return;
      lastError = Date.now();
      console.error(
        `tarp worker: Redis at ${connection.host}:${connection.port}: ${e.message} (trying again)`,
      );
    },
  });
  const names = [...targets.keys()].join(", ");
  console.log(
    `TARP worker (pid ${Deno.pid}) running ${names} from ${module}: queue "${queue}" at ` +
      `${connection.host}:${connection.port}, ${concurrency} at a time`,
  );
  await stopSignal();
  await worker.close(grace * 1000);
  return 0;
}

// The async endpoints `module` registers when imported, and where a job worker finds each.
async function endpointsOf(module: string): Promise<Map<string, JobTarget>> {
  markJobWorker(); // its runServer serves nothing, and its registrations are recorded
  try {
    await import(moduleUrl(module));
  } catch (e) {
    throw new CliError(`Cannot import ${module}: ${(e as Error).message}`);
  }
  const targets = new Map<string, JobTarget>();
  for (const key of workerFunctions().keys()) {
    const at = key.lastIndexOf("#");
    const target = { module: key.slice(0, at), name: key.slice(at + 1) };
    if (functionKey(target.module, target.name) === key) targets.set(target.name, target);
  }
  if (targets.size === 0) {
    throw new CliError(
      `${module} registers no async endpoint when imported: register them at its top level ` +
        "(not inside a function or behind `if (import.meta.main)`).",
    );
  }
  return targets;
}

function whole(name: string, text: string | undefined, fallback: number, least = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < least) {
    throw new CliError(`--${name} must be a whole number, at least ${least}, not "${text}".`, 2);
  }
  return n;
}

function stopSignal(): Promise<void> {
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  return new Promise((resolve) => {
    const stop = () => {
      for (const s of signals) Deno.removeSignalListener(s, stop);
      resolve();
    };
    for (const s of signals) Deno.addSignalListener(s, stop);
  });
}
