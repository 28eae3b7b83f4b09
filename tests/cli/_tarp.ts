// Runs the `tarp` command line as a real subprocess, from the project's root.

/** What one run of `tarp` printed, and its exit code. */
export interface TarpRun {
  code: number;
  stdout: string;
  stderr: string;
}

const root = new URL("../../", import.meta.url);

/** Runs `deno run -A cli.ts ...args` with `env` added (TARP_TOKEN is unset unless given). */
export async function tarp(args: string[], env: Record<string, string> = {}): Promise<TarpRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli.ts", ...args],
    cwd: root,
    env: { NO_COLOR: "1", TARP_TOKEN: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** Runs `tarp` under a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
export async function tarpOnTerminal(args: string[], env: Record<string, string> = {}) {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const command = [Deno.execPath(), "run", "-A", "cli.ts", ...args].map(quote).join(" ");
  const out = await new Deno.Command("script", {
    args: ["-qefc", command, "/dev/null"],
    cwd: root,
    env: { NO_COLOR: "1", TARP_TOKEN: "", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, output: new TextDecoder().decode(out.stdout) };
}

/** A port nothing listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  listener.close();
  return (listener.addr as Deno.NetAddr).port;
}

/** The permission bits of a file, e.g. 0o600. */
export async function modeOf(path: string): Promise<number> {
  return (await Deno.stat(path)).mode! & 0o777;
}
