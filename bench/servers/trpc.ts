// Peer: tRPC, its fetch adapter on Deno.serve, called through its client with `httpLink` (one
// HTTP request per call, as the other clients make; `httpBatchLink` would merge concurrent calls).
// JSON without a transformer, so the 1 MiB Float64Array travels as an array of numbers.
// Usage: deno run -A bench/servers/trpc.ts
import { initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { add, announce, compute, echo, LISTEN } from "./_work.ts";

const t = initTRPC.create();
// tRPC's way to type an input without a validation library (no checking, as elsewhere).
const input = <T>() => (value: unknown) => value as T;

const router = t.router({
  add: t.procedure.input(input<[number, number]>()).mutation(({ input }) => add(...input)),
  echo: t.procedure.input(input<number[]>()).mutation(({ input }) => echo(input)),
  compute: t.procedure.input(input<{ a: string; b: string }>()).query(({ input }) =>
    compute(input.a, input.b)
  ),
});

/** The router's type, for the typed client. */
export type TrpcRouter = typeof router;

if (import.meta.main) {
  announce(
    Deno.serve(
      LISTEN,
      (req) => fetchRequestHandler({ endpoint: "/trpc", req, router, createContext: () => ({}) }),
    ),
  );
}
