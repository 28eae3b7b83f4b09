// An inline job the test drives step by step: each step reports progress, then waits until the
// test calls `next()`.
import { makeServer, progress } from "../../mod.ts";
import type { ServerOptions } from "../../server.ts";

/** A server with `stepped(n)` (n steps, each released by `next()`) and `boom()` (fails). */
export function steppedServer(options: ServerOptions = {}) {
  const waiting: (() => void)[] = [];
  const next = async () => {
    while (waiting.length === 0) await new Promise((r) => setTimeout(r, 1));
    waiting.shift()!();
  };
  async function stepped(n: number): Promise<string> {
    for (let i = 0; i < n; i++) {
      progress(i / n, `step ${i + 1} of ${n}`);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    return `did ${n}`;
  }
  const server = makeServer({ jobs: "inline", ...options })
    .addAsyncRPCEndpoint("stepped", stepped, { suggestedWait: 1 })
    .addAsyncRPCEndpoint("boom", () => {
      throw new RangeError("no such range");
    });
  return { server, next };
}
