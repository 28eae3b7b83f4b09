// One server per process for the memory rows: `tarp` or `bare` (argument 1). Prints its URL, then
// answers `/mem` (bare) or the `mem` RPC (TARP) with this process's memory use.
import { Decoder, Encoder } from "cbor-x";
import { makeServer, runServer } from "../server.ts";

const mem = () => Deno.memoryUsage();
const len = (xs: { length: number }) => xs.length;

if (Deno.args[0] === "tarp") {
  const server = makeServer({ log: false }).addRPCEndpoint("len", len).addRPCEndpoint("mem", mem);
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  console.log(handle.url);
} else {
  const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
  const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
  const fns: Record<string, (...a: never[]) => unknown> = { len, mem };
  const bare = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const name = new URL(req.url).pathname.slice(1);
    const { args } = decoder.decode(new Uint8Array(await req.arrayBuffer()));
    const result = await fns[name](...(args as never[]));
    const body = encoder.encode({ status: "success", mimetype: "application/cbor", result });
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/cbor" },
    });
  });
  console.log(`http://127.0.0.1:${bare.addr.port}`);
}
