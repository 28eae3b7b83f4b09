// The Python TARP's "Simple TARP server", in TypeScript.
// Run: deno run -A examples/simple_server.ts   (port 8080, or set TARP_PORT)
import { makeServer, runServer } from "@tarp/tarp/server";

// The procedure to be called remotely
export function my_function(x: number, y: number): number {
  return x + y;
}

// Create a TARP server and register the function with it. Chaining the registrations keeps every
// endpoint's signature in the server's type, for `client<typeof server>`.
export const server = makeServer()
  .addRPCEndpoint("my_function", my_function, { description: "Adds x and y." });

// Start the server (only when run, not when a client imports the server's type)
if (import.meta.main) {
  runServer(server, { port: Number(Deno.env.get("TARP_PORT") ?? 8080) });
}
