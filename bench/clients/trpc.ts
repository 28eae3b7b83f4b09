// tRPC through its client with httpLink (JSON: the Float64Array goes as an array of numbers).
import { createTRPCClient, httpLink } from "@trpc/client";
import type { TrpcRouter } from "../servers/trpc.ts";
import type { Caller } from "./_caller.ts";

/** Makes the tRPC client (nothing travels before the first call). */
export function connect(url: string): Promise<Caller> {
  const api = createTRPCClient<TrpcRouter>({ links: [httpLink({ url: `${url}/trpc` })] });
  return Promise.resolve({
    add: (a, b) => api.add.mutate([a, b]),
    echo: (x) => api.echo.mutate(Array.from(x)),
  });
}
