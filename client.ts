/**
 * The TARP client: `await client(url)` reads the server's discovery document and returns an object
 * whose methods call the server's endpoints as if they were local functions.
 *
 * @example Call a server's function
 * ```ts ignore
 * import { client } from "@tarp/tarp/client";
 *
 * const c = await client("http://localhost:8080");
 * console.log(await c.my_function(1, 2)); // 3
 * ```
 *
 * @module
 */
export * from "./client/client.ts";
export * from "./client/options.ts";
export * from "./client/job_handle.ts";
export * from "./errors.ts";
export type { WebResult } from "./web/types.ts";
