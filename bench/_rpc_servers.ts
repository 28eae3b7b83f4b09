// Runs in a Web Worker: the TARP server and the bare baseline (Deno.serve + cbor-x) side by side,
// each with the same function, so the benchmark's client loop has the other core to itself.
import { Decoder, Encoder } from "cbor-x";
import { makeServer, runServer } from "../server.ts";

const echoLength = (xs: unknown) => (xs as { length: number }).length;
const add = (a: number, b: number) => a + b;

const tarp = runServer(
  makeServer().addRPCEndpoint("add", add).addRPCEndpoint("len", echoLength),
  { port: 0, bindTo: "127.0.0.1", quiet: true },
);

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
const fns: Record<string, (...a: never[]) => unknown> = { add, len: echoLength };
const bare = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
  const name = new URL(req.url).pathname.slice(1);
  const { args } = decoder.decode(new Uint8Array(await req.arrayBuffer()));
  const result = await fns[name](...(args as never[]));
  const body = encoder.encode({ status: "success", mimetype: "application/cbor", result });
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: { "content-type": "application/cbor" },
  });
});

(self as unknown as Worker).postMessage({
  tarp: tarp.url,
  bare: `http://127.0.0.1:${bare.addr.port}`,
});
