// The Python TARP's asynchronous server, in the same one-file style: define the function, make the
// server, register the function, run the server. Each call runs as a job in a child process,
// which imports this file to find my_long_function; there, runServer does nothing.
//
//   deno run -A examples/async_server.ts [--port 8080]
//   deno run -A examples/async_client.ts            (in another terminal)
//
// TARP_STEP_MS sets the length of each of the ten steps (default 1000: ten seconds in all).
import { makeServer, progress, runServer } from "../mod.ts";
import { portFromArgs } from "./_args.ts";

const STEP_MS = Number(Deno.env.get("TARP_STEP_MS") ?? 1000);

// The procedure to be called remotely
async function my_long_function(x: number, y: number): Promise<number> {
  for (let step = 0; step < 10; step++) {
    progress(step / 10, `step ${step + 1} of 10`);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS)); // a long-running operation
  }
  return x + y;
}

// Create a TARP server prototype, and register the function with it
export const server = makeServer()
  .addAsyncRPCEndpoint("my_long_function", my_long_function, {
    description: "Adds x and y, slowly",
    suggestedWait: 1,
  });
// Start the server
runServer(server, { port: portFromArgs(), bindTo: Deno.env.get("TARP_BIND") ?? "127.0.0.1" });
