// Runs in a Web Worker: three TARP servers with the same trivial function as an async endpoint
// (process pool, worker pool and inline) and as a sync RPC endpoint (the baseline), so the
// benchmark's client loops have the other core to themselves.
import { makeServer, runServer } from "../server.ts";
import { add } from "./_jobs_fns.ts";

const serve = (jobs: "process" | "worker" | "inline") =>
  runServer(
    makeServer({ jobs })
      .addAsyncRPCEndpoint("add", add, { module: new URL("./_jobs_fns.ts", import.meta.url) })
      .addRPCEndpoint("add_sync", add),
    { port: 0, bindTo: "127.0.0.1", quiet: true },
  ).url;

const scope = self as unknown as { postMessage(message: unknown): void };
scope.postMessage({ process: serve("process"), worker: serve("worker"), inline: serve("inline") });
