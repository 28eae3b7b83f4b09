// Load: many concurrent clients for a while, and a long soak of calls and jobs with the server's
// memory sampled as it goes.
import { client } from "../client.ts";
import type { Target } from "./_proc.ts";

/** What a load run saw. */
export interface LoadResult {
  statuses: (number | string)[];
  latencies: number[];
  errors: string[];
}

type Call = () => Promise<number>;

// The mix of calls each client makes: CBOR RPC through the TARP client, JSON RPC, a web GET.
function calls(url: string, c: Awaited<ReturnType<typeof client>>): Call[] {
  return [
    async () => (await c.$call("add", 1, 2), 200),
    async () => {
      const res = await fetch(`${url}/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"args": [{"a": [1, 2, 3]}]}',
      });
      await res.arrayBuffer();
      return res.status;
    },
    async () => {
      const res = await fetch(`${url}/page?n=3`);
      await res.arrayBuffer();
      return res.status;
    },
  ];
}

/** `clients` concurrent clients calling for `seconds`. */
export async function concurrentClients(
  url: string,
  clients: number,
  seconds: number,
): Promise<LoadResult> {
  const c = await client(url);
  const mix = calls(url, c);
  const result: LoadResult = { statuses: [], latencies: [], errors: [] };
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, i) => {
    for (let n = i; performance.now() < end; n++) {
      const started = performance.now();
      try {
        result.statuses.push(await mix[n % mix.length]());
      } catch (e) {
        result.statuses.push("error");
        result.errors.push(String(e));
      }
      result.latencies.push(performance.now() - started);
    }
  }));
  return result;
}

/** `count` calls, 8 at a time, sampling the server's RSS every `every` calls. */
export async function soakCalls(target: Target, count: number, every: number) {
  const c = await client(target.url);
  const samples: number[] = [];
  const result: LoadResult = { statuses: [], latencies: [], errors: [] };
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      try {
        await c.$call("echo", { i, text: "x".repeat(100), list: [1, 2, 3] });
        result.statuses.push(200);
      } catch (e) {
        result.statuses.push("error");
        result.errors.push(String(e));
      }
      result.latencies.push(performance.now() - started);
      if ((i + 1) % every === 0) samples.push(target.rss());
    }
  }));
  return { ...result, samples };
}

/** `count` jobs, 8 clients submitting and waiting, sampling RSS every `every` jobs. */
export async function soakJobs(target: Target, count: number, every: number) {
  const c = await client(target.url);
  const samples: number[] = [];
  const result: LoadResult = { statuses: [], latencies: [], errors: [] };
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      try {
        const job = await c.$call("quick", i) as { wait(): Promise<unknown> };
        if (await job.wait() !== i + 1) throw new Error(`job ${i} answered wrong`);
        result.statuses.push("completed");
      } catch (e) {
        result.statuses.push("error");
        result.errors.push(String(e));
      }
      result.latencies.push(performance.now() - started);
      if ((i + 1) % every === 0) samples.push(target.rss());
    }
  }));
  return { ...result, samples };
}

/**
 * True when memory did not grow by more than `tolerance` (0.1: 10 %) over the samples: the median
 * of their last third against the median of their first third (the garbage collector makes each
 * sample swing on its own by several per cent, both ways).
 */
export function flat(samples: number[], tolerance: number): boolean {
  if (samples.length < 3) return true;
  const third = Math.floor(samples.length / 3);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return median(samples.slice(-third)) <= median(samples.slice(0, third)) * (1 + tolerance);
}
