// Calls the asynchronous server's my_long_function: the call answers at once with a handle, and
// wait() resolves to the result, printing the job's progress meanwhile.
//
//   deno run -A examples/async_client.ts [--url http://localhost:8080]
import { client } from "../mod.ts";
import type { server } from "./async_server.ts";
import { urlFromArgs } from "./_args.ts";

const c = await client<typeof server>(urlFromArgs());
// Call the asynchronous function
const handle = await c.my_long_function(1, 2);
console.log(`Started job ${handle.ID}; status: ${await handle.status()}`);
// Wait for the result, printing progress as it changes
const result = await handle.wait({
  onProgress: ({ status, progress, message }) => {
    const percent = progress === undefined ? "" : ` ${Math.round(progress * 100)}%`;
    console.log(`${status}${percent}${message ? ` (${message})` : ""}`);
  },
});
console.log(`Result: ${result}`); // Result: 3
