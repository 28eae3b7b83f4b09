// A stress target: the suite's server in a process of its own, and what the suite reads of it
// from outside (Linux /proc): its resident memory and the CPU time of it and its job processes.

const SERVER = new URL("./_server.ts", import.meta.url);
const TICKS_PER_SECOND = 100; // Linux's USER_HZ

/** A running stress server. */
export interface Target extends AsyncDisposable {
  url: string;
  port: number;
  pid: number;
  /** Resident memory of the server process, MiB. */
  rss(): number;
  /** CPU seconds used so far by the server and every process it started. */
  cpu(): number;
  /** True while the server process runs. */
  alive(): boolean;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the stress server with `options` ({ server: makeServer options, run: runServer's }). */
export async function startTarget(options: Record<string, unknown> = {}): Promise<Target> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SERVER.pathname, JSON.stringify(options)],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let err = "";
  (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) err += chunk;
  })();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/\(http:\/\/[^)]+\/\)/.test(out)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stress server did not start: ${out}${err}`);
    out += value;
  }
  reader.releaseLock();
  const url = /\((http:\/\/[^)]+)\/\)/.exec(out)![1];
  let exited = false;
  child.status.then(() => exited = true);
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    await child.status;
  };
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    rss: () => rssMiB(child.pid),
    cpu: () => treeCpuSeconds(child.pid),
    alive: () => !exited,
    stderr: () => err,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Resident memory of process `pid` in MiB (0 once it is gone). */
export function rssMiB(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds of `pid` and all its descendants (living ones). */
export function treeCpuSeconds(pid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry.name), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (p: number): boolean =>
    p === pid || (stats.has(p) && p > 1 && inTree(stats.get(p)!.ppid));
  let ticks = 0;
  for (const [p, s] of stats) if (inTree(p)) ticks += s.ticks;
  return ticks / TICKS_PER_SECOND;
}

/** CPU cores the target's process tree uses, measured over `ms`. */
export async function coresBusy(target: Target, ms: number): Promise<number> {
  const before = target.cpu();
  await new Promise((r) => setTimeout(r, ms));
  return (target.cpu() - before) / (ms / 1000);
}
