/**
 * The `tarp` command line: serve a module's server (in the foreground or detached in the
 * background), stop it, list a server's endpoints, call one, and make tokens.
 *
 * ```sh
 * export TARP_TOKEN=$(deno run -A jsr:@tarp/tarp/cli token)   # never in a command's arguments
 * deno run -A jsr:@tarp/tarp/cli serve my_server.ts --port 8080 --detach
 * deno run -A jsr:@tarp/tarp/cli ls http://localhost:8080
 * deno run -A jsr:@tarp/tarp/cli call http://localhost:8080 add 1 2
 * deno run -A jsr:@tarp/tarp/cli stop --pid-file tarp.pid
 * ```
 *
 * In this repository, `deno task tarp …` runs it.
 *
 * @example Run the command line from code
 * ```ts
 * import { main } from "@tarp/tarp/cli";
 * import { makeServer, runServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 *
 * const server = makeServer().addRPCEndpoint("add", (x: number, y: number) => x + y);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * // `tarp call <url> add 1 2`: prints 3, and exits 0
 * assert.equal(await main(["call", handle.url, "add", "1", "2"]), 0);
 * await handle.shutdown();
 * ```
 *
 * @module
 */
export * from "./cli/main.ts";
export * from "./cli/options.ts";
export * from "./cli/cli_error.ts";

import { main } from "./cli/main.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
