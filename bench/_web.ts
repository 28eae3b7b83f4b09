// Web GET endpoint: requests per second from 32 concurrent keep-alive fetch loops, TARP beside a
// bare Deno.serve handler doing the same work (query parsing, the computation, the JSON envelope).
import { callsPerSecond, type Row, sideBySide } from "./_harness.ts";

/** Measures the web rows. */
export async function run(seconds: number): Promise<Row[]> {
  const worker = new Worker(new URL("./_web_servers.ts", import.meta.url), { type: "module" });
  const urls = await new Promise<{ tarp: string; bare: string }>((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
  });
  // fetch keeps connections alive and reuses them: 32 loops hold 32 connections.
  const get = (base: string) => async () => {
    const res = await fetch(`${base}/compute?a=3.5&b=4`);
    const body = await res.json();
    if (body.result?.sum !== 7.5) throw new Error(`unexpected answer ${JSON.stringify(body)}`);
  };
  const { tarp, bare } = await sideBySide(
    () => callsPerSecond(get(urls.tarp), 32, seconds),
    () => callsPerSecond(get(urls.bare), 32, seconds),
  );
  worker.terminate();
  return [{
    name: "web GET endpoint, 32 concurrent keep-alive connections",
    unit: "req/s",
    tarp,
    bare,
    higherIsBetter: true,
    target: "ratio >= 0.8",
  }];
}
