// The `tarp` command line's entry: parse the arguments, run the command, map failures onto one
// line and an exit code.
import { parseArgs } from "node:util";
import { createToken } from "../server/token.ts";
import { ConnectionError, RemoteError } from "../errors.ts";
import { callCommand, lsCommand } from "./_call.ts";
import { serveCommand, stopCommand } from "./_serve.ts";
import { workerCommand } from "./_worker.ts";
import { CliError } from "./cli_error.ts";
import { resolveToken } from "./_token.ts";
import type { CliOptions } from "./options.ts";

const USAGE = `usage: tarp <command> [options]

  serve <module.ts>   serve the server that <module.ts> exports as default
      --port N  --bind ADDR  --cert FILE --key FILE  --socket PATH
      --allowed-host NAME   another name this machine answers to (repeatable)
      --detach  --pid-file FILE  --log-file FILE   (run in the background)
      --job-store FILE   keep jobs in this SQLite file: they outlive restarts
  stop --pid-file FILE   stop a detached server
  worker <module.ts> --redis URL   run the async endpoints of <module.ts> for servers
                         made with jobs: bullmq(...), taking jobs from that Redis
      --concurrency N  --queue NAME  --stalled-after SECONDS  --grace SECONDS
  ls <url>               list the endpoints: kind, parameters, description
  call <url> <name> [args...]   call an endpoint; each arg is parsed as JSON, else a string
                         (web endpoints: key=value args form the query string)
      --json             print the result as JSON (the default when stdout is not a terminal)
      -o FILE            save the result to FILE (a raw payload as its bytes)
  token                  print a new random token

  The token: set TARP_TOKEN, or pass --token-file FILE (--token T works, but other users of
  this machine can read a command's arguments).`;

const OPTIONS = {
  port: { type: "string" },
  bind: { type: "string" },
  token: { type: "string" },
  "token-file": { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  socket: { type: "string" },
  "allowed-host": { type: "string", multiple: true },
  detach: { type: "boolean" },
  "pid-file": { type: "string" },
  "log-file": { type: "string" },
  json: { type: "boolean" },
  output: { type: "string", short: "o" },
  "job-store": { type: "string" },
  redis: { type: "string" },
  concurrency: { type: "string" },
  queue: { type: "string" },
  "stalled-after": { type: "string" },
  grace: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(args: string[]): { values: CliOptions; positionals: string[] } {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${USAGE}`, 2);
  }
}

/**
 * Runs the command line with `args` and returns the exit code (it never exits by itself).
 *
 * @example
 * ```ts
 * import { main } from "@tarp/tarp/cli";
 * import { makeServer, runServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 *
 * // A script's whole body can be `Deno.exit(await main(Deno.args));`. Here, `tarp ls <url>`:
 * const server = makeServer().addRPCEndpoint("add", (x: number, y: number) => x + y);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * assert.equal(await main(["ls", handle.url]), 0); // prints "RPC    add(x, y)  No description …"
 * await handle.shutdown();
 * ```
 */
export async function main(args: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(args);
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === "help") {
      console.log(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (command !== "token" && command !== "stop") values.token = await resolveToken(values);
    switch (command) {
      case "serve":
        return await serveCommand(need(rest, 1, "serve <module.ts>"), values);
      case "stop":
        return await stopCommand(values);
      case "worker":
        return await workerCommand(need(rest, 1, "worker <module.ts> --redis URL"), values);
      case "ls":
        return await lsCommand(need(rest, 1, "ls <url>")[0], values);
      case "call": {
        const [url, name, ...callArgs] = need(rest, 2, "call <url> <name> [args...]");
        return await callCommand(url, name, callArgs, values);
      }
      case "token":
        console.log(createToken());
        return 0;
      default:
        throw new CliError(`Unknown command "${command}".\n\n${USAGE}`, 2);
    }
  } catch (e) {
    console.error(`tarp: ${describeFailure(e)}`);
    return e instanceof CliError ? e.code : 1;
  }
}

function need(rest: string[], count: number, usage: string): string[] {
  if (rest.length < count) throw new CliError(`usage: tarp ${usage}`, 2);
  return rest;
}

function describeFailure(e: unknown): string {
  if (e instanceof RemoteError && e.type === "Unauthorized") {
    return `${e.message} (set TARP_TOKEN or pass --token-file FILE)`;
  }
  if (e instanceof CliError || e instanceof ConnectionError || e instanceof RemoteError) {
    return e.message;
  }
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
