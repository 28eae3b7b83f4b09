// Test helpers for the queue tests: a private redis-server on a free loopback port with its data in
// a temp folder (stopped by its pid), and `tarp worker` processes.

/** A redis-server the test started. */
export interface TestRedis extends AsyncDisposable {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Its data folder. */
  readonly dir: string;
  /** The pid of the running redis-server. */
  pid(): number;
  /** Stops it (SIGTERM: with appendonly on, it writes its data first) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function ping(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await conn.write(new TextEncoder().encode("PING\r\n"));
      const buf = new Uint8Array(16);
      const n = await conn.read(buf);
      return new TextDecoder().decode(buf.subarray(0, n ?? 0)).startsWith("+PONG");
    } finally {
      conn.close();
    }
  } catch {
    return false;
  }
}

/** Starts redis-server (Debian's package); `appendonly` keeps its data across its restarts. */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const port = freePort();
  const dir = await Deno.makeTempDir({ prefix: "tarp-redis-" });
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push("--appendonly", options.appendonly ? "yes" : "no", "--daemonize", "no");
  let child: Deno.ChildProcess | undefined;
  const start = async () => {
    child = new Deno.Command("redis-server", { args, stdout: "null", stderr: "null" }).spawn();
    for (let i = 0; i < 400 && !(await ping(port)); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    if (!(await ping(port))) throw new Error(`redis-server did not answer PING on port ${port}`);
  };
  const stop = async () => {
    if (!child) return;
    const running = child;
    child = undefined;
    Deno.kill(running.pid, "SIGTERM");
    await running.status;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => child?.pid ?? 0,
    stop,
    start,
    async [Symbol.asyncDispose]() {
      await stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A `tarp worker` process. */
export interface TestWorker extends AsyncDisposable {
  readonly pid: number;
  /** Everything it printed on stdout so far. */
  output(): string;
  /** SIGKILL: dies at once, mid-job. */
  kill9(): Promise<void>;
  /** SIGTERM, and waits for the exit; SIGKILL after 20 s. Answers the exit code. */
  stop(): Promise<number>;
}

const CLI = new URL("../cli.ts", import.meta.url).pathname;

/** Starts `tarp worker <module> --redis <url> ...args` and waits until it takes jobs. */
export async function startWorker(module: string, redis: string, args: string[] = []) {
  const path = new URL(module, new URL("../", import.meta.url)).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "worker", path, "--redis", redis, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("TARP worker (pid")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`tarp worker exited: ${out}${await stderr}`);
    out += value;
  }
  const drained = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      out += value;
    }
  })();
  let ended = false;
  const status = child.status.then((s) => (ended = true, s));
  const finish = async () => {
    await drained;
    await stderr;
    return (await status).code;
  };
  const worker: TestWorker = {
    pid: child.pid,
    output: () => out,
    async kill9() {
      if (!ended) child.kill("SIGKILL");
      await finish();
    },
    async stop() {
      if (ended) return await finish();
      child.kill("SIGTERM");
      const timer = setTimeout(() => ended || child.kill("SIGKILL"), 20_000);
      const code = await finish();
      clearTimeout(timer);
      return code;
    },
    [Symbol.asyncDispose]: async () => void await worker.stop(),
  };
  return worker;
}
