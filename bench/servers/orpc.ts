// Peer: oRPC, its RPCHandler on Deno.serve, called through its RPCLink client. oRPC's RPC
// serializer has no typed arrays, so the 1 MiB Float64Array travels as an array of numbers.
// Usage: deno run -A bench/servers/orpc.ts
import { os, type } from "@orpc/server";
import { RPCHandler } from "@orpc/server/fetch";
import { add, announce, compute, echo, LISTEN } from "./_work.ts";

const router = {
  add: os.input(type<[number, number]>()).handler(({ input }) => add(...input)),
  echo: os.input(type<number[]>()).handler(({ input }) => echo(input)),
  // oRPC answers GET only for procedures that declare it.
  compute: os.route({ method: "GET" }).input(type<{ a: string; b: string }>())
    .handler(({ input }) => compute(input.a, input.b)),
};

/** The router's type, for the typed client. */
export type OrpcRouter = typeof router;

if (import.meta.main) {
  const handler = new RPCHandler(router);
  announce(Deno.serve(LISTEN, async (req) => {
    const { response } = await handler.handle(req);
    return response ?? new Response("not found", { status: 404 });
  }));
}
