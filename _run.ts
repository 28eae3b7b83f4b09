// runServer: the Deno.serve adapter around a TarpServer.
import type { TarpServer } from "./server.ts";

/** Options for {@linkcode runServer}. */
export interface RunOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind; default all interfaces ("0.0.0.0"), as the Python TARP does. */
  bindTo?: string;
  /** Aborting this signal shuts the server down. */
  signal?: AbortSignal;
  /** Do not print the "Serving HTTP on …" line. */
  quiet?: boolean;
}

/** A running server, returned by {@linkcode runServer}. */
export interface ServerHandle {
  /** The URL clients can use, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** The bound interface. */
  readonly hostname: string;
  /** Stops accepting, lets in-flight requests finish, and closes the server. */
  shutdown(): Promise<void>;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
}

/**
 * Serves `server` over HTTP with `Deno.serve` and prints `Serving HTTP on <url>`.
 *
 * @example Serve on a free port and stop again
 * ```ts
 * import { makeServer, runServer } from "@tarp/tarp/server";
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1" });
 * console.log(handle.url);
 * await handle.shutdown();
 * ```
 */
export function runServer(
  // deno-lint-ignore no-explicit-any
  server: TarpServer<any>,
  options: RunOptions = {},
): ServerHandle {
  const hostname = options.bindTo ?? "0.0.0.0";
  const httpServer = Deno.serve({
    port: options.port ?? 8080,
    hostname,
    onListen: () => {},
  }, server.fetch);
  const addr = httpServer.addr as Deno.NetAddr;
  const url = `http://${urlHost(addr.hostname)}:${addr.port}`;
  if (!options.quiet) console.log(`Serving HTTP on ${addr.hostname} port ${addr.port} (${url}/)`);
  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    closing ??= httpServer.shutdown().then(() => server.close());
  options.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  return {
    url,
    port: addr.port,
    hostname: addr.hostname,
    shutdown,
    finished: httpServer.finished.then(() => closing),
  };
}

// A wildcard bind is reached through loopback; IPv6 literals need brackets in URLs.
function urlHost(hostname: string): string {
  if (hostname === "0.0.0.0") return "127.0.0.1";
  if (hostname === "::") return "[::1]";
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}
