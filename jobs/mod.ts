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
 * import { client, makeServer, runServer } from "@tarp/tarp";
 * import { jobSignal, progress } from "@tarp/tarp/jobs";
 *
 * async function count(n: number): Promise<number> {
 *   for (let i = 0; i < n; i++) {
 *     jobSignal().throwIfAborted();
 *     progress(i / n, `step ${i + 1} of ${n}`);
 *     await new Promise((r) => setTimeout(r, 10));
 *   }
 *   return n;
 * }
 *
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("count", count);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * const c = await client<typeof server>(handle.url);
 * const job = await c.count(5);
 * console.log(await job.wait({ onProgress: (p) => console.log(p.progress, p.message) })); // 5
 * await handle.shutdown();
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./progress.ts";
export type { JobHandle, WaitOptions } from "../client/job_handle.ts";
