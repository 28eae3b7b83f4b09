// The bare baseline server: Deno.serve + cbor-x with the same call body and envelope as TARP's,
// and nothing else (no routing, checks or limits).
import { Decoder, Encoder } from "cbor-x";

/** Serves `fns` by name on a free loopback port; returns the server. */
export function serveBare(
  fns: Record<string, (...args: never[]) => unknown>,
): Deno.HttpServer<Deno.NetAddr> {
  const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
  const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
  return Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const name = new URL(req.url).pathname.slice(1);
    const { args } = decoder.decode(new Uint8Array(await req.arrayBuffer()));
    const result = await fns[name](...(args as never[]));
    const body = encoder.encode({ status: "success", mimetype: "application/cbor", result });
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/cbor" },
    });
  });
}
