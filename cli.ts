/**
 * The `tarp` command line: serve a module's server (in the foreground or detached in the
 * background), stop it, list a server's endpoints, call one, and make tokens.
 *
 * ```sh
 * deno run -A jsr:@tarp/tarp/cli serve my_server.ts --port 8080 --token "$TOKEN" --detach
 * deno run -A jsr:@tarp/tarp/cli ls http://localhost:8080 --token "$TOKEN"
 * deno run -A jsr:@tarp/tarp/cli call http://localhost:8080 add 1 2 --token "$TOKEN"
 * deno run -A jsr:@tarp/tarp/cli stop --pid-file tarp.pid
 * ```
 *
 * In this repository, `deno task tarp …` runs it.
 *
 * @example Run the command line from code
 * ```ts ignore
 * import { main } from "@tarp/tarp/cli";
 *
 * const exitCode = await main(["token"]); // prints a new token
 * ```
 *
 * @module
 */
export * from "./cli/main.ts";
export * from "./cli/options.ts";
export * from "./cli/cli_error.ts";

import { main } from "./cli/main.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
