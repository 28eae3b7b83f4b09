// The TARP server under test, as a user writes one: makeServer, the endpoints, runServer.
// Usage: deno run -A bench/servers/tarp.ts [--quiet] [--jobs=process|worker|inline]
//   --quiet            runServer's `quiet` (no request log); without it the default log is on,
//                      one stderr line per request, which the bench reads and throws away.
//   --jobs=MODE        also serves `add_job`, an async endpoint, with the job mode MODE.
import { makeServer, runServer } from "../../server.ts";
import { add, compute, echo } from "./_work.ts";

const quiet = Deno.args.includes("--quiet");
const jobs = Deno.args.find((a) => a.startsWith("--jobs="))?.slice("--jobs=".length);
if (jobs !== undefined && jobs !== "process" && jobs !== "worker" && jobs !== "inline") {
  throw new Error(`--jobs=${jobs}: use --jobs=process, --jobs=worker or --jobs=inline`);
}

const sync = makeServer(jobs ? { jobs } : {})
  .addRPCEndpoint("add", add)
  .addRPCEndpoint("echo", echo)
  .addGetEndpoint("compute", (params) => compute(params.a, params.b));
// Only the job rows register a job endpoint: others measure a server without a job pool.
const server = jobs
  ? sync.addAsyncRPCEndpoint("add_job", add, {
    module: new URL("./_work.ts", import.meta.url),
    exportName: "add",
  })
  : sync;

const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet });
console.log(`listening on ${handle.url}`);
