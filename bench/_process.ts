// The bench's processes: each server and each client runs in a `deno run` process of its own, so
// that a row measures one server on one core, never a client sharing its event loop.
import type { Command } from "./clients/main.ts";

const ROOT = new URL("../", import.meta.url);

/** The variants a row can hold; `quiet` is TARP with runServer's `quiet: true`. */
export type Variant = "tarp" | "quiet" | "bare" | "hono" | "orpc" | "trpc" | "capnweb";

/** Each variant's server script (under bench/servers/) and client adapter (bench/clients/). */
const SETUP: Record<Variant, { script: string; args: string[]; client: string }> = {
  tarp: { script: "tarp.ts", args: [], client: "tarp" },
  quiet: { script: "tarp.ts", args: ["--quiet"], client: "tarp" },
  bare: { script: "bare.ts", args: [], client: "bare" },
  hono: { script: "hono.ts", args: [], client: "hono" },
  orpc: { script: "orpc.ts", args: [], client: "orpc" },
  trpc: { script: "trpc.ts", args: [], client: "trpc" },
  capnweb: { script: "capnweb.ts", args: [], client: "capnweb" },
};

/** A server process. */
export interface Server {
  variant: Variant;
  url: string;
  /** Resident set size of the server process, from /proc/<pid>/status, in MiB. */
  rssMiB(): Promise<number>;
  /** CPU time the server process has used so far, all its threads, in microseconds. */
  cpuMicros(): Promise<number>;
  /** Bytes the server has printed so far (its request log, when on). */
  printed(): number;
  stop(): Promise<void>;
}

/** A client process connected to a server. */
export interface Client {
  variant: Variant;
  // deno-lint-ignore no-explicit-any
  send(command: Command): Promise<any>;
  stop(): Promise<void>;
}

/** The core servers run on; clients and wrk run on the other one. */
export const SERVER_CPU = 0;
/** The core of the load: clients and wrk. */
export const LOAD_CPU = 1;

let canPin: boolean | undefined;

/**
 * `program args` as a command pinned to one core with taskset (util-linux), when it is there and
 * the machine has two cores or more: a server and its load then never take turns on one core,
 * which the scheduler otherwise does now and then, halving a block's figure.
 */
export function pinned(cpu: number, program: string, args: string[]): [string, string[]] {
  canPin ??= navigator.hardwareConcurrency >= 2 &&
    new Deno.Command("taskset", { args: ["-c", "0", "true"], stderr: "null" }).outputSync().success;
  return canPin ? ["taskset", ["-c", String(cpu), program, ...args]] : [program, args];
}

function spawn(file: string, args: string[], cpu: number): Deno.ChildProcess {
  const [program, argv] = pinned(cpu, Deno.execPath(), [
    "run",
    "-A",
    new URL(file, ROOT).pathname,
    ...args,
  ]);
  return new Deno.Command(program, {
    args: argv,
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/**
 * A child's output, read as raw bytes: lines while the bench waits for one, then drained to the
 * end (a full pipe would stall the writer) at the least cost, since the bench's own process shares
 * the machine with the server under load: chunks are counted and kept for an error, not decoded.
 */
function output(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const last: Uint8Array[] = [];
  let bytes = 0;
  let pending = "";
  const read = async () => {
    const { value } = await reader.read();
    if (value) {
      bytes += value.byteLength;
      last.push(value);
      if (last.length > 8) last.shift();
    }
    return value;
  };
  return {
    bytes: () => bytes,
    /** The last few chunks, to explain a failure. */
    tail: () => last.map((chunk) => new TextDecoder().decode(chunk)).join(""),
    /** The next line, or undefined at the end of the stream. */
    async line(): Promise<string | undefined> {
      while (!pending.includes("\n")) {
        const chunk = await read();
        if (!chunk) return pending ? pending : undefined;
        pending += decoder.decode(chunk, { stream: true });
      }
      const at = pending.indexOf("\n");
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      return line;
    },
    async drain(): Promise<void> {
      while (await read()) { /* counted */ }
    },
  };
}

/**
 * A process's CPU time in µs: the sum over its threads of /proc/<pid>/task/<tid>/schedstat's first
 * field (nanoseconds on a CPU). Unlike a throughput, it hardly moves when other work on the machine
 * takes turns on the cores, so it shows a server's own cost even on a busy machine.
 */
async function cpuMicros(pid: number): Promise<number> {
  let ns = 0;
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const stat = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/schedstat`).catch(() =>
      ""
    );
    ns += Number(stat.split(" ")[0]) || 0; // a thread that just ended counts 0
  }
  return ns / 1000;
}

/**
 * Starts `variant`'s server (extra args after its own) and waits for its "listening on <url>"
 * line. Its stdout and stderr are pipes that the bench reads to the end: a server with the
 * default request log writes to a pipe whose reader keeps up, as under a service manager.
 */
export async function startServer(variant: Variant, extra: string[] = []): Promise<Server> {
  const { script, args } = SETUP[variant];
  const child = spawn(`bench/servers/${script}`, [...args, ...extra], SERVER_CPU);
  await child.stdin.close();
  const out = output(child.stdout);
  const err = output(child.stderr);
  const stderrDone = err.drain();
  let url: string | undefined;
  while (!url) {
    const line = await out.line();
    if (line === undefined) break;
    url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
  }
  if (!url) {
    await stderrDone;
    throw new Error(`${script} ${args} ended before printing its URL:\n${err.tail()}`);
  }
  const stdoutDone = out.drain();
  const start = out.bytes() + err.bytes();
  return {
    variant,
    url,
    rssMiB: async () => {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
    },
    cpuMicros: () => cpuMicros(child.pid),
    printed: () => out.bytes() + err.bytes() - start,
    stop: async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // it has already exited
      }
      await Promise.all([child.status, stdoutDone, stderrDone]);
    },
  };
}

/** Starts a client process for `server`, connected through `server.variant`'s own client. */
export async function startClient(server: Server): Promise<Client> {
  const child = spawn(
    "bench/clients/main.ts",
    [SETUP[server.variant].client, server.url],
    LOAD_CPU,
  );
  const out = output(child.stdout);
  const err = output(child.stderr);
  const stderrDone = err.drain();
  const writer = child.stdin.getWriter();
  const reply = async () => {
    let line = await out.line();
    // Replies are JSON lines; anything else is a library's chatter.
    while (line !== undefined && !line.startsWith("{")) line = await out.line();
    if (line === undefined) await stderrDone; // it ended: its stderr says why
    const parsed = line === undefined ? undefined : JSON.parse(line);
    if (!parsed || parsed.error) {
      throw new Error(`${server.variant} client: ${parsed?.error ?? err.tail()}`);
    }
    return parsed;
  };
  await reply(); // {"ready": true}: connected
  return {
    variant: server.variant,
    send: async (command) => {
      await writer.write(new TextEncoder().encode(JSON.stringify(command) + "\n"));
      return await reply();
    },
    stop: async () => {
      await writer.close();
      await Promise.all([child.status, stderrDone, out.drain()]);
    },
  };
}
