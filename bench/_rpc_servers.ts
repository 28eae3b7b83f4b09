// Runs in a Web Worker: the TARP server and the bare baseline (Deno.serve + cbor-x) side by side,
// each with the same function, so the benchmark's client loop has the other core to itself.
import { serveBare } from "./_bare.ts";
import { makeServer, runServer } from "../server.ts";

const echoLength = (xs: unknown) => (xs as { length: number }).length;
const add = (a: number, b: number) => a + b;

const tarp = runServer(
  makeServer().addRPCEndpoint("add", add).addRPCEndpoint("len", echoLength),
  { port: 0, bindTo: "127.0.0.1", quiet: true },
);

const bare = serveBare({ add, len: echoLength });

(self as unknown as Worker).postMessage({
  tarp: tarp.url,
  bare: `http://127.0.0.1:${bare.addr.port}`,
});
