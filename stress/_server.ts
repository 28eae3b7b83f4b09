// The server the stress suite attacks, in a process of its own: the examples' kinds of endpoint
// (an echo, "set and return the settings", a locked stage, web GET/POST, a plot as raw bytes)
// and async jobs that misbehave on request. `deno run -A stress/_server.ts [JSON options]` prints
// "Serving HTTP on … (<url>/)" like any TARP server.
import { makeServer, runServer } from "../server.ts";
import { BadRequest } from "../errors.ts";
import { rawPayload } from "../web.ts";
import { progress } from "../jobs/mod.ts";

/** Echoes its argument: any endpoint that returns part of its input. */
export function echo<T>(value: T): T {
  return value;
}

/** Divides, refusing a zero divisor with a RangeError: the fuzz's one declared exception. */
export function divide(x: number, y: number): number {
  if (y === 0) throw new RangeError("cannot divide by zero");
  return x / y;
}

/** Spins until its process is killed. */
export function spin(): never {
  for (;;) {
    // busy
  }
}

/** Allocates until its process runs out of memory. */
export function hog(): never {
  const hoard: unknown[] = [];
  for (;;) hoard.push({ n: hoard.length, s: `${hoard.length}`.repeat(16) });
}

/** Throws. */
export function thrower(): never {
  throw new TypeError("a bug in a job");
}

/** Exits its process. */
export function exiter(): never {
  Deno.exit(3);
}

/** Sleeps `ms`, reporting progress, then answers `value`. */
export async function nap<T>(ms: number, value?: T): Promise<T | undefined> {
  progress(0, "napping");
  await new Promise((r) => setTimeout(r, ms));
  return value;
}

/** Sleeps until the clock reads `until` (ms since the epoch), then answers `value`. */
export async function napUntil<T>(until: number, value?: T): Promise<T | undefined> {
  progress(0, "napping");
  await new Promise((r) => setTimeout(r, Math.max(0, Math.min(until - Date.now(), 60_000))));
  return value;
}

/** Answers at once (the soak's job). */
export function quick(x: number): number {
  return x + 1;
}

let settings: Record<string, unknown> = { lower: 0, upper: 10 };
let position = 0;
const moves: number[] = [];

/** The options the suite passes on the command line (JSON), for makeServer and runServer. */
const options = import.meta.main ? JSON.parse(Deno.args[0] ?? "{}") : {};

export const server = makeServer({ log: false, ...options.server })
  .addRPCEndpoint("echo", echo)
  .addRPCEndpoint("size", (x: { byteLength?: number; length?: number }) => x.byteLength ?? x.length)
  .addRPCEndpoint("add", (x: number, y: number) => x + y)
  .addRPCEndpoint("divide", divide)
  .addRPCEndpoint(
    "settings",
    (next: Record<string, unknown>) => settings = { ...settings, ...next },
  )
  .addRPCEndpoint("stage_move", async (by: number) => {
    await new Promise((r) => setTimeout(r, 20));
    moves.push(by);
    return position += by;
  }, { lock: "stage" })
  .addRPCEndpoint("stage_hold", (ms: number) => new Promise((r) => setTimeout(() => r(ms), ms)), {
    lock: "stage",
  })
  .addRPCEndpoint("stage_moves", () => moves)
  .addGetEndpoint("page", (params) => {
    if (params.n !== undefined && Number.isNaN(Number(params.n))) {
      throw new BadRequest(`n must be a number, not ${JSON.stringify(params.n)}`);
    }
    return { params };
  })
  .addPostEndpoint("form", (params, body) => ({ params, body }))
  .addGetEndpoint("plot", () => rawPayload(new Uint8Array(1000), "image/png"))
  .addAsyncRPCEndpoint("job_echo", echo, { suggestedWait: 0.1 })
  .addAsyncRPCEndpoint("spin", spin, { suggestedWait: 0.1 })
  .addAsyncRPCEndpoint("hog", hog, { suggestedWait: 0.1 })
  .addAsyncRPCEndpoint("thrower", thrower, { suggestedWait: 0.1 })
  .addAsyncRPCEndpoint("exiter", exiter, { suggestedWait: 0.1 })
  .addAsyncRPCEndpoint("nap", nap, { suggestedWait: 0.1 })
  .addAsyncRPCEndpoint("nap_until", napUntil, { suggestedWait: 0.1, retry: 1 })
  .addAsyncRPCEndpoint("quick", quick, { suggestedWait: 0.1 });

if (import.meta.main) runServer(server, { port: 0, bindTo: "127.0.0.1", ...options.run });
