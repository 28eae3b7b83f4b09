// runServer: the Deno.serve adapter around a TarpServer (TCP, TLS or a Unix socket).
import type { TarpServer } from "./tarp_server.ts";
import { insideJobWorker } from "../jobs/_context.ts";
import { serverHandler } from "./_handler.ts";
import { onServeError, quietSignalWarning } from "./_deno_serve.ts";
import { serveUnixSocket } from "./_unix_socket.ts";

/**
 * Options for {@linkcode runServer}.
 *
 * @example
 * ```ts
 * import { makeServer, type RunOptions, runServer, type ServerHandle } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 *
 * const options: RunOptions = { port: 0, bindTo: "127.0.0.1", quiet: true, gracePeriod: 2000 };
 * const handle: ServerHandle = runServer(makeServer(), options);
 * const health = await (await fetch(`${handle.url}/health`)).json();
 * assert.equal(health.status, "ok");
 * await handle.shutdown();
 * ```
 */
export interface RunOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind; default all interfaces ("0.0.0.0"), as the Python TARP does. */
  bindTo?: string;
  /**
   * Serve on this Unix socket path instead of TCP. The socket is created with mode 0600 (see
   * `socketMode`); a socket a live server listens on is never taken over.
   */
  path?: string;
  /** File mode of the Unix socket: 0o600 (the default), or 0o660 to let the group connect. */
  socketMode?: number;
  /** Serve HTTPS with `certFile` and `keyFile` (PEM files), as the Python TARP's `secure`. */
  secure?: boolean;
  /** PEM certificate (chain) file, for `secure: true`. */
  certFile?: string;
  /** PEM private key file, for `secure: true`. */
  keyFile?: string;
  /** Aborting this signal shuts the server down. */
  signal?: AbortSignal;
  /** Print nothing: no "Serving HTTP on …" line, no warning, and (unless `log` is set) no call log. */
  quiet?: boolean;
  /** Shut down gracefully on SIGINT and SIGTERM, then exit 0. Default true. */
  handleSignals?: boolean;
  /** Milliseconds in-flight requests get to finish on shutdown. Default 10,000. */
  gracePeriod?: number;
}

/**
 * A running server, returned by {@linkcode runServer}.
 *
 * @example
 * ```ts
 * import { makeServer, runServer, type ServerHandle } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { RunOptions };
 *
 * const server = makeServer();
 * const handle: ServerHandle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * assert.equal(handle.url, `http://127.0.0.1:${handle.port}`);
 * await handle.shutdown();
 * await handle.finished; // settled: the server has stopped
 * ```
 */
export interface ServerHandle {
  /** The URL clients can use: `http://127.0.0.1:8080`, `https://…`, or `unix:///path`. */
  readonly url: string;
  /** The bound port (useful with `port: 0`); 0 for a Unix socket. */
  readonly port: number;
  /** The bound interface, or the socket path. */
  readonly hostname: string;
  /** Stops accepting, lets in-flight requests finish (bounded), and closes the server. */
  shutdown(): Promise<void>;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Serves `server` with `Deno.serve` and prints `Serving HTTP on <url>`. Over TCP it answers only
 * requests whose `Host` names this server (IP addresses, localhost, the machine's name, the bound
 * name, `allowedHosts`): others get 421, which stops DNS-rebinding pages. A port already in use
 * throws `Deno.errors.AddrInUse` naming the port and the fix. Inside a TARP job worker (which
 * re-runs the module defining a job's function) it serves nothing and returns a settled handle.
 *
 * @example Serve on a free port and stop again
 * ```ts
 * import { makeServer, runServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { RunOptions, ServerHandle };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * // Without `quiet`, it prints "Serving HTTP on 127.0.0.1 port …" and a line per request.
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * const res = await fetch(`${handle.url}/add`, {
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ args: [1, 2] }),
 * });
 * assert.equal((await res.json()).result, 3);
 * await handle.shutdown();
 * ```
 */
export function runServer(
  // deno-lint-ignore no-explicit-any
  server: TarpServer<any>,
  options: RunOptions = {},
): ServerHandle {
  // A job worker imports the module that defines a job's function, re-running its top level:
  // a one-file server's runServer call must then serve nothing.
  if (insideJobWorker()) return inertHandle();
  const log = server.options.log ?? !options.quiet;
  quietSignalWarning();
  const bindTo = options.bindTo ?? "0.0.0.0";
  const { fetch: handler, close: closeLog } = serverHandler(server, {
    log,
    bindTo,
    unixSocket: options.path !== undefined,
  });
  const httpServer = options.path
    ? serveUnixSocket(options.path, options.socketMode ?? 0o600, handler, onServeError)
    : serveTcp(options, handler);
  const { url, hostname, port, scheme } = describe(httpServer.addr, options.secure === true);
  if (!options.quiet) {
    const where = port ? `${hostname} port ${port}` : hostname;
    console.log(`Serving ${scheme} on ${where} (${url}/)`);
    if (!options.path && !LOOPBACK.test(hostname) && !server.options.token) {
      console.error(
        `Warning: TARP is serving ${where} without a token: anyone who can reach this machine ` +
          "on that port can call every endpoint. Pass makeServer({ token: createToken() }), or " +
          'runServer(server, { bindTo: "127.0.0.1" }) to serve this machine only.',
      );
    }
  }
  let closing: Promise<void> | undefined;
  const grace = options.gracePeriod ?? 10_000;
  const shutdown = (): Promise<void> =>
    closing ??= (async () => {
      stopSignals();
      // In parallel: closing the server ends its held long-polls, which shutdown() waits for.
      await bounded(Promise.all([httpServer.shutdown(), server.close()]), grace);
      closeLog();
    })();
  const stopSignals = options.handleSignals === false ? () => {} : onSignals(async () => {
    await shutdown();
    Deno.exit(0);
  });
  options.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  return {
    url,
    port,
    hostname,
    shutdown,
    finished: httpServer.finished.then(() => closing),
  };
}

type Handler = (req: Request) => Promise<Response>;

function serveTcp(options: RunOptions, handler: Handler): Deno.HttpServer {
  const base = {
    port: options.port ?? 8080,
    hostname: options.bindTo ?? "0.0.0.0",
    onListen() {},
    onError: onServeError,
  };
  if (options.secure && (!options.certFile || !options.keyFile)) {
    throw new TypeError("secure: true needs certFile and keyFile (PEM files).");
  }
  const tls = options.secure
    ? {
      cert: Deno.readTextFileSync(options.certFile!),
      key: Deno.readTextFileSync(options.keyFile!),
    }
    : {};
  try {
    return Deno.serve({ ...base, ...tls }, handler);
  } catch (e) {
    if (!(e instanceof Deno.errors.AddrInUse)) throw e;
    throw new Deno.errors.AddrInUse(
      `Port ${base.port} on ${base.hostname} is already in use: another program (perhaps this ` +
        "server, started before) is listening there. Stop it, or serve on another port " +
        "(port: 0 picks a free one).",
    );
  }
}

function describe(addr: Deno.Addr, secure: boolean) {
  if (addr.transport === "unix" || addr.transport === "unixpacket") {
    return { url: `unix://${addr.path}`, hostname: addr.path, port: 0, scheme: "HTTP" };
  }
  const { hostname, port } = addr as Deno.NetAddr;
  const scheme = secure ? "HTTPS" : "HTTP";
  return { url: `${scheme.toLowerCase()}://${urlHost(hostname)}:${port}`, hostname, port, scheme };
}

// A wildcard bind is reached through loopback; IPv6 literals need brackets in URLs.
function urlHost(hostname: string): string {
  if (hostname === "0.0.0.0") return "127.0.0.1";
  if (hostname === "::") return "[::1]";
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}

async function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function onSignals(handler: () => void): () => void {
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  try {
    for (const s of signals) Deno.addSignalListener(s, handler);
  } catch {
    return () => {}; // no signal support here (a worker, say)
  }
  return () => {
    for (const s of signals) Deno.removeSignalListener(s, handler);
  };
}

// What runServer returns inside a job worker: nothing is served, and everything settles at once.
function inertHandle(): ServerHandle {
  return {
    url: "",
    port: 0,
    hostname: "",
    shutdown: () => Promise.resolve(),
    finished: Promise.resolve(),
  };
}
