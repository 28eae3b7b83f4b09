/**
 * Asynchronous RPC: long-running jobs. A server registers a function with
 * `server.addAsyncRPCEndpoint(name, fn)`; calling it from a client starts a job and returns a
 * {@linkcode JobHandle} at once, whose `wait()` resolves to the function's result.
 *
 * Inside a job, {@linkcode progress} reports how far it got (clients see it in `probe()` and
 * `wait({ onProgress })`) and {@linkcode jobSignal} tells it when it was cancelled. Both work in the
 * worker and inline modes, and do nothing outside a job.
 *
 * @example A job that reports progress, and a client that watches it
 * ```ts
 * import { client, makeServer } from "@tarp/tarp";
 * import { type JobHandle, jobSignal, progress, type WaitOptions } from "@tarp/tarp/jobs";
 * import assert from "node:assert/strict";
 *
 * async function count(n: number): Promise<number> {
 *   for (let i = 0; i < n; i++) {
 *     jobSignal().throwIfAborted();
 *     progress((i + 1) / n, `step ${i + 1} of ${n}`);
 *     await new Promise((r) => setTimeout(r, 10));
 *   }
 *   return n;
 * }
 *
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("count", count);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const job: JobHandle<number> = await c.count(5);
 * const seen: number[] = [];
 * const options: WaitOptions = {
 *   onProgress: (p) => seen.push(p.progress ?? 0),
 *   progressInterval: 5, // look for progress every 5 ms (default 250)
 * };
 * assert.equal(await job.wait(options), 5);
 * assert.ok(seen.length > 0 && seen.every((p) => p >= 0 && p <= 1));
 * assert.equal((await job.probe()).message, "step 5 of 5");
 * await server.close();
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./progress.ts";
export type { JobHandle, WaitOptions } from "../client/job_handle.ts";
