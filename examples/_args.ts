// Where the examples listen and connect: `--port N` / TARP_PORT, `--url U` / TARP_URL.

/** The port to serve on: `--port N`, else the TARP_PORT environment variable, else 8080. */
export function portFromArgs(args: string[] = Deno.args): number {
  const at = args.indexOf("--port");
  const raw = at >= 0 ? args[at + 1] : Deno.env.get("TARP_PORT");
  const port = raw === undefined ? 8080 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`"${raw}" is not a port number: give one from 0 to 65535.`);
  }
  return port;
}

/** The server URL to call: `--url U`, else the TARP_URL environment variable, else port 8080. */
export function urlFromArgs(args: string[] = Deno.args): string {
  const at = args.indexOf("--url");
  return (at >= 0 ? args[at + 1] : undefined) ?? Deno.env.get("TARP_URL") ??
    "http://localhost:8080";
}
