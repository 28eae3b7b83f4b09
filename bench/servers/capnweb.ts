// Peer: Cap'n Web, its HTTP batch transport on Deno.serve, called through a batch session per
// call (its HTTP client). It carries typed arrays itself (as base64 inside its JSON).
// Usage: deno run -A bench/servers/capnweb.ts
import { newHttpBatchRpcResponse, RpcTarget } from "capnweb";
import { add, announce, echo, LISTEN } from "./_work.ts";

/** The API: each public method is callable remotely. */
export class CapnwebApi extends RpcTarget {
  add(a: number, b: number): number {
    return add(a, b);
  }
  echo(x: Float64Array): Float64Array {
    return echo(x);
  }
}

if (import.meta.main) {
  announce(Deno.serve(LISTEN, (req) => newHttpBatchRpcResponse(req, new CapnwebApi())));
}
