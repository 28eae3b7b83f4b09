// What a job's own code calls: progress() to report how far it got, jobSignal() to learn that it
// was cancelled. Both find the running job through its context, in every mode.
import { currentJob } from "./_context.ts";

/**
 * Reports how far the running job got: a fraction from 0 to 1 (clamped) and an optional message.
 * Clients see the latest report in `probe()` and `wait({ onProgress })`. Outside a job it does
 * nothing.
 *
 * @example
 * ```ts
 * import { client, makeServer } from "@tarp/tarp";
 * import { progress } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export { jobSignal };
 *
 * async function crunch(items: number[]): Promise<number> {
 *   let sum = 0;
 *   for (const [i, x] of items.entries()) {
 *     sum += x;
 *     progress((i + 1) / items.length, `item ${i + 1}`);
 *     await new Promise((r) => setTimeout(r, 10)); // the real work
 *   }
 *   return sum;
 * }
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("crunch", crunch);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job = await c.crunch([1, 2, 3, 4]);
 * const seen: string[] = [];
 * const onProgress = (p: { message?: string }) => seen.push(p.message ?? "");
 * assert.equal(await job.wait({ onProgress, progressInterval: 5 }), 10);
 * assert.ok(seen.length > 0); // the state at once, then each change: "", "item 1", …
 * assert.equal((await job.probe()).message, "item 4");
 * await server.close();
 * ```
 */
export function progress(fraction: number, message?: string): void {
  if (typeof fraction !== "number" || Number.isNaN(fraction)) {
    throw new TypeError(`progress() takes a number from 0 to 1, got ${String(fraction)}.`);
  }
  const job = currentJob();
  if (!job) return;
  job.report(
    Math.min(1, Math.max(0, fraction)),
    message === undefined ? undefined : String(message),
  );
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * The running job's cancellation signal. In inline mode it is aborted when the job is cancelled
 * (reason: `CancelledError`) or times out (reason: `TimeoutError`); in worker mode cancelling
 * terminates the worker outright, so the signal is never needed there, but reading it is harmless.
 * Outside a job it is a signal that never aborts.
 *
 * @example Stop cleanly when cancelled
 * ```ts
 * import { CancelledError, client, makeServer } from "@tarp/tarp";
 * import { jobSignal } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 * # export { progress };
 *
 * let samples = 0;
 * let stoppedCleanly = false;
 * async function measure(): Promise<number> {
 *   const signal = jobSignal();
 *   while (!signal.aborted) {
 *     samples++; // read the instrument
 *     await new Promise((r) => setTimeout(r, 5));
 *   }
 *   stoppedCleanly = true; // park the instrument here
 *   throw signal.reason;
 * }
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("measure", measure);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job = await c.measure();
 * await new Promise((r) => setTimeout(r, 20)); // later, the operator stops it
 * assert.equal((await job.cancel()).status, "cancelled");
 * await assert.rejects(job.wait(), CancelledError);
 * await new Promise((r) => setTimeout(r, 10)); // the job's next look at its signal
 * assert.ok(samples > 0 && stoppedCleanly);
 * await server.close();
 * ```
 */
export function jobSignal(): AbortSignal {
  return currentJob()?.signal ?? NEVER_ABORTED;
}
