// The Redis benchmark's TARP module: a server whose trivial job goes to a BullMQ queue, for
// `tarp worker bench/_redis_fns.ts --redis URL --queue NAME` and for the benchmark's server.
import { makeServer } from "../server.ts";
import { bullmq } from "../jobs/bullmq.ts";

/** Adds two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}

/** A server on `queue` in the Redis at `redis`. */
export function redisServer(redis: string, queue: string) {
  return makeServer({ jobs: bullmq({ connection: redis, queue }), log: false })
    .addAsyncRPCEndpoint("add", add);
}

export default redisServer("redis://127.0.0.1:6379", "bench");
