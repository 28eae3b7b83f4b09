// A client process: connects to one server through one framework's client, then runs the
// orchestrator's commands (JSON lines on stdin) and answers each with a JSON line on stdout.
// It runs in a process of its own so that the client's cost never lands on the server's core.
// Usage: deno run -A bench/clients/main.ts <tarp|bare|hono|orpc|trpc|capnweb> <url>
import type { Caller, Connect } from "./_caller.ts";

/** What the orchestrator asks for. `call` names a Caller method. */
export type Command =
  | { op: "rate"; call: CallName; concurrency: number; ms: number }
  | { op: "latency"; call: CallName; ms: number }
  | { op: "once"; call: CallName }
  | { op: "count"; call: CallName; concurrency: number; n: number };
export type CallName = "add" | "echo" | "job";

const ADAPTERS: Record<string, () => Promise<{ connect: Connect }>> = {
  tarp: () => import("./tarp.ts"),
  bare: () => import("./bare.ts"),
  hono: () => import("./hono.ts"),
  orpc: () => import("./orpc.ts"),
  trpc: () => import("./trpc.ts"),
  capnweb: () => import("./capnweb.ts"),
};

// 1 MiB of float64s that are not all alike, so no encoder can shortcut them.
const BIG = Float64Array.from({ length: 131072 }, (_, i) => Math.sqrt(i));

/** One call of `name`, checked: a wrong answer stops the bench instead of making a fast row. */
function checked(caller: Caller, name: CallName): () => Promise<void> {
  const fail = (got: unknown) => {
    throw new Error(`${name} answered ${String(got).slice(0, 80)}`);
  };
  if (name === "echo") {
    return async () => {
      const got = await caller.echo(BIG);
      if (got.length !== BIG.length || got[4] !== 2 || got[131071] !== BIG[131071]) fail(got);
    };
  }
  const fn = name === "job" ? caller.job : caller.add;
  if (!fn) throw new Error(`this client has no ${name} call`);
  return async () => {
    const got = await fn(1, 2);
    if (got !== 3) fail(got);
  };
}

/** Runs `call` from `concurrency` loops until `ms` have passed; returns calls per second. */
async function rate(call: () => Promise<void>, concurrency: number, ms: number) {
  let done = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  }));
  return { perSecond: done / ((performance.now() - start) / 1000) };
}

/** Times sequential calls for `ms`; returns every call's milliseconds. */
async function latency(call: () => Promise<void>, ms: number) {
  const times: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return { times };
}

/** Makes `n` calls from `concurrency` loops (the memory rows' load). */
async function count(call: () => Promise<void>, concurrency: number, n: number) {
  let left = n;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (left-- > 0) await call();
  }));
  return { seconds: (performance.now() - start) / 1000 };
}

/** Times one call (a server's first, say). */
async function once(call: () => Promise<void>) {
  const start = performance.now();
  await call();
  return { ms: performance.now() - start };
}

function run(caller: Caller, command: Command) {
  const call = checked(caller, command.call);
  if (command.op === "once") return once(call);
  if (command.op === "rate") return rate(call, command.concurrency, command.ms);
  if (command.op === "latency") return latency(call, command.ms);
  return count(call, command.concurrency, command.n);
}

if (import.meta.main) {
  const [kind, url] = Deno.args;
  if (!ADAPTERS[kind] || !url) {
    throw new Error(`usage: main.ts <${Object.keys(ADAPTERS).join("|")}> <url>`);
  }
  const caller = await (await ADAPTERS[kind]()).connect(url);
  const write = (value: unknown) => console.log(JSON.stringify(value));
  write({ ready: true });
  let pending = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n")) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      try {
        write(await run(caller, JSON.parse(line)));
      } catch (e) {
        write({ error: `${kind}: ${e instanceof Error ? e.message : e}` });
      }
    }
  }
}
