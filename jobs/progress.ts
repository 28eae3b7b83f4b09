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
 * import { progress } from "@tarp/tarp/jobs";
 *
 * export function crunch(items: number[]): number {
 *   let sum = 0;
 *   items.forEach((x, i) => {
 *     sum += x;
 *     progress((i + 1) / items.length, `item ${i + 1}`);
 *   });
 *   return sum;
 * }
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
 * import { jobSignal } from "@tarp/tarp/jobs";
 *
 * export async function poll(url: string): Promise<string> {
 *   const res = await fetch(url, { signal: jobSignal() });
 *   return await res.text();
 * }
 * ```
 */
export function jobSignal(): AbortSignal {
  return currentJob()?.signal ?? NEVER_ABORTED;
}
