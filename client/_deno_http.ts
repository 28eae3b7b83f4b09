// The two Deno-only connection features: trusting extra CA certificates (`caCerts`) and Unix
// sockets both need Deno.createHttpClient. It is looked up only when one of them is asked for, so
// the client imports and runs unchanged in Node.js and browsers, where these two say they need Deno.

/** What the client keeps of a `Deno.HttpClient`: it is handed to fetch, and closed. */
export interface HttpClientLike {
  close(): void;
}

/** The options of `Deno.createHttpClient` the client uses. */
export interface DenoHttpOptions {
  caCerts?: string[];
  proxy?: { transport: "unix"; path: string };
}

type CreateHttpClient = (options: DenoHttpOptions) => HttpClientLike;

/**
 * `Deno.createHttpClient(options)`, or a TypeError saying that `feature` needs Deno and what to do
 * instead in this runtime.
 */
export function denoHttpClient(
  options: DenoHttpOptions,
  feature: "caCerts" | "unix",
  url: string,
): HttpClientLike {
  const deno = (globalThis as { Deno?: { createHttpClient?: CreateHttpClient } }).Deno;
  if (typeof deno?.createHttpClient === "function") return deno.createHttpClient(options);
  const runtime = runtimeName();
  throw new TypeError(
    feature === "unix"
      ? `${url} is a Unix socket, reached only in Deno (Deno.createHttpClient), and this is ` +
        `${runtime}. Serve the server on a TCP port (runServer(server, { port })) and use ` +
        "http://host:port."
      : `The caCerts option needs Deno (Deno.createHttpClient), and this is ${runtime}. ` +
        "Leave caCerts out: in Node.js, start the program with NODE_EXTRA_CA_CERTS=ca.pem; a " +
        "browser trusts the certificates in its own (or the system's) store, so add the CA there.",
  );
}

function runtimeName(): string {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  if (g.process?.versions?.node) return `Node.js ${g.process.versions.node}`;
  if (g.document !== undefined) return "a browser";
  return "a runtime without it";
}
