// Cap'n Web through its HTTP batch client: one batch session per call, as its README's HTTP
// example does. It carries the Float64Array itself.
import { newHttpBatchRpcSession } from "capnweb";
import type { CapnwebApi } from "../servers/capnweb.ts";
import type { Caller } from "./_caller.ts";

/** Connects lazily: each call opens (and ends) its own batch session. */
export function connect(url: string): Promise<Caller> {
  const session = () => newHttpBatchRpcSession<CapnwebApi>(url);
  return Promise.resolve({
    add: (a, b) => session().add(a, b),
    echo: (x) => session().echo(x),
  });
}
