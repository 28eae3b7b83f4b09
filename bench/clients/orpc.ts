// oRPC through its RPCLink client (its RPC JSON: the Float64Array goes as an array of numbers).
import { createORPCClient } from "@orpc/client";
import { RPCLink } from "@orpc/client/fetch";
import type { RouterClient } from "@orpc/server";
import type { OrpcRouter } from "../servers/orpc.ts";
import type { Caller } from "./_caller.ts";

/** Makes the oRPC client (nothing travels before the first call). */
export function connect(url: string): Promise<Caller> {
  const api: RouterClient<OrpcRouter> = createORPCClient(new RPCLink({ url }));
  return Promise.resolve({
    add: (a, b) => api.add([a, b]),
    echo: (x) => api.echo(Array.from(x)),
  });
}
