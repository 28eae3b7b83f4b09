// `tarp ls` and `tarp call`: the client side of the command line.
import { client } from "../client/client.ts";
import type { ProbeResult } from "../jobs/types.ts";
import { ProgressBar, showResult } from "./_print.ts";
import { CliError } from "./cli_error.ts";
import type { CliOptions } from "./options.ts";

/** Prints each endpoint: kind, name and parameters, description. */
export async function lsCommand(url: string, options: CliOptions): Promise<number> {
  const c = await client(url, { token: options.token, timeout: 10_000 });
  try {
    const rows = c.$endpoints().map((e) => {
      const signature = e.kind === "rpc" || e.kind === "async"
        ? `${e.name}(${e.params?.join(", ") ?? "…"})`
        : e.name;
      return [e.kind.toUpperCase(), signature, e.description];
    });
    if (rows.length === 0) console.log("(no endpoints)");
    const width = Math.max(0, ...rows.map((r) => r[1].length));
    for (const [kind, signature, description] of rows) {
      console.log(`${kind.padEnd(5)}  ${signature.padEnd(width)}  ${description}`);
    }
    return 0;
  } finally {
    c.$close();
  }
}

/**
 * Calls one endpoint and prints its result (JSON unless stdout is a terminal), or saves it with
 * `-o FILE`; async jobs show a live progress bar on a terminal.
 */
export async function callCommand(
  url: string,
  name: string,
  args: string[],
  options: CliOptions,
): Promise<number> {
  const c = await client(url, { token: options.token });
  try {
    const endpoint = c.$endpoints().find((e) => e.name === name);
    if (!endpoint) {
      const names = c.$endpoints().map((e) => e.name).join(", ") || "(none)";
      throw new CliError(`${url} has no endpoint named "${name}". It has: ${names}.`);
    }
    if (endpoint.kind === "get" || endpoint.kind === "post") {
      const { query, body } = webArguments(args);
      const [mimetype, data] = endpoint.kind === "get"
        ? await c.$call(name, query)
        : await c.$call(name, body, query);
      await showResult(data, options, mimetype);
      return 0;
    }
    const values = args.map(parseArgument);
    if (endpoint.kind === "rpc") {
      await showResult(await c.$call(name, ...values), options);
      return 0;
    }
    const job = await c.$call(name, ...values);
    const bar = new ProgressBar();
    let result: unknown;
    try {
      result = await job.wait({ onProgress: (p: ProbeResult) => bar.show(p) });
      bar.show(await job.probe()); // the final state, which the last poll may not have seen
    } finally {
      bar.done();
    }
    await showResult(result, options);
    return 0;
  } finally {
    c.$close();
  }
}

/** An argument as JSON when it parses, else the string itself. */
export function parseArgument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function webArguments(args: string[]) {
  const query: Record<string, string | string[]> = {};
  let body: unknown;
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq > 0 && !arg.startsWith("{") && !arg.startsWith("[")) {
      const key = arg.slice(0, eq);
      const value = arg.slice(eq + 1);
      const had = query[key];
      query[key] = had === undefined ? value : [...[had].flat(), value];
    } else if (body === undefined) body = parseArgument(arg);
    else throw new CliError(`Only one body argument is allowed; got a second: ${arg}`, 2);
  }
  return { query, body };
}
