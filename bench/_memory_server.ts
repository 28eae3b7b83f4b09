// One server per process for the memory rows: `tarp` or `bare` (argument 1). Prints its URL, then
// answers `/mem` (bare) or the `mem` RPC (TARP) with this process's memory use.
import { serveBare } from "./_bare.ts";
import { makeServer, runServer } from "../server.ts";

// After a full collection, so the figure is what the server keeps, not garbage not yet collected.
const mem = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Deno.memoryUsage();
};
const len = (xs: { length: number }) => xs.length;

if (Deno.args[0] === "tarp") {
  const server = makeServer({ log: false }).addRPCEndpoint("len", len).addRPCEndpoint("mem", mem);
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  console.log(handle.url);
} else {
  const bare = serveBare({ len, mem });
  console.log(`http://127.0.0.1:${bare.addr.port}`);
}
