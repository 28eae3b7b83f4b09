// The Python TARP's "Simple TARP client", in TypeScript.
// Run: deno run -A examples/simple_client.ts [url]   (default http://localhost:8080)
import { client } from "@tarp/tarp/client";
import type { server } from "./simple_server.ts";

// Connect; the remote procedures are discovered automatically, and typed from the server.
const c = await client<typeof server>(Deno.args[0] ?? "http://localhost:8080");

console.log(c.my_function.description); // Adds x and y.
const result = await c.my_function(1, 2);
console.log(result); // Output: 3
