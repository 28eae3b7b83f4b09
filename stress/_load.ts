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

/** True when the samples after the first stay within `tolerance` (0.1: 10 %) of each other. */
export function flat(samples: number[], tolerance: number): boolean {
  const warm = samples.slice(1);
  if (warm.length < 2) return true;
  return Math.max(...warm) <= Math.min(...warm) * (1 + tolerance);
}
