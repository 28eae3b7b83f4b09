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

function spawn(file: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(file, ROOT).pathname, ...args],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads a child's output line by line; keeps the last lines to explain a failure. */
function lines(stream: ReadableStream<Uint8Array>, onBytes: (n: number) => void) {
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        onBytes(chunk.byteLength);
        out.enqueue(chunk);
      },
    }),
  );
  const reader = counted.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  const tail: string[] = [];
  return {
    tail,
    /** The next line, or undefined at the end of the stream. */
    async next(): Promise<string | undefined> {
      while (!pending.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) {
          const rest = pending;
          pending = "";
          return rest || undefined;
        }
        pending += value;
      }
      const at = pending.indexOf("\n");
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      tail.push(line);
      if (tail.length > 20) tail.shift();
      return line;
    },
  };
}

/** Reads a stream to its end and throws the text away: a full pipe would stall the writer. */
async function drain(next: () => Promise<string | undefined>) {
  while (await next() !== undefined) { /* the bytes were counted on the way */ }
}

/**
 * Starts `variant`'s server (extra args after its own) and waits for its "listening on <url>"
 * line. Its stdout and stderr are pipes that the bench reads to the end: a server with the
 * default request log writes to a pipe whose reader keeps up, as under a service manager.
 */
export async function startServer(variant: Variant, extra: string[] = []): Promise<Server> {
  const { script, args } = SETUP[variant];
  const child = spawn(`bench/servers/${script}`, [...args, ...extra]);
  await child.stdin.close();
  let bytes = 0;
  const out = lines(child.stdout, (n) => bytes += n);
  const err = lines(child.stderr, (n) => bytes += n);
  const stderrDone = drain(err.next);
  let url: string | undefined;
  while (!url) {
    const line = await out.next();
    if (line === undefined) break;
    url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
  }
  if (!url) {
    await stderrDone;
    throw new Error(`${script} ${args} ended before printing its URL:\n${err.tail.join("\n")}`);
  }
  const stdoutDone = drain(out.next);
  const start = bytes;
  return {
    variant,
    url,
    rssMiB: async () => {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
    },
    printed: () => bytes - start,
    stop: async () => {
      child.kill("SIGTERM");
      await Promise.all([child.status, stdoutDone, stderrDone]);
    },
  };
}

/** Starts a client process for `server`, connected through `server.variant`'s own client. */
export async function startClient(server: Server): Promise<Client> {
  const child = spawn("bench/clients/main.ts", [SETUP[server.variant].client, server.url]);
  const out = lines(child.stdout, () => {});
  const err = lines(child.stderr, () => {});
  const stderrDone = drain(err.next);
  const writer = child.stdin.getWriter();
  const reply = async () => {
    let line = await out.next();
    // Replies are JSON lines; anything else is a library's chatter.
    while (line !== undefined && !line.startsWith("{")) line = await out.next();
    const parsed = line === undefined ? undefined : JSON.parse(line);
    if (!parsed || parsed.error) {
      throw new Error(`${server.variant} client: ${parsed?.error ?? err.tail.join("\n")}`);
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
      await Promise.all([child.status, stderrDone, drain(out.next)]);
    },
  };
}
