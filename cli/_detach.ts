// `tarp serve --detach`: start the server as a background process that outlives this one. The
// token travels in the child's environment, never its arguments; the pid file is written only once
// the server answers, and never over a running server's; the log is appended to, never truncated.
import { CliError } from "./cli_error.ts";
import type { CliOptions } from "./options.ts";
import { appendOnly, writePrivate } from "./_files.ts";

/** Starts the server of `module` in the background and returns once it is serving. */
export async function detach(module: string, options: CliOptions): Promise<number> {
  const pidFile = options["pid-file"] ?? "tarp.pid";
  const logFile = absolute(options["log-file"] ?? "tarp.log");
  await refuseIfRunning(pidFile);
  const log = await appendOnly(logFile);
  const start = (await log.stat()).size; // the earlier runs' lines stay, and are not read
  log.close();
  const args = ["run", "-A", import.meta.resolve("../cli.ts"), "serve", module];
  for (const key of ["port", "bind", "cert", "key", "socket", "job-store"] as const) {
    if (options[key] !== undefined) args.push(`--${key}=${options[key]}`);
  }
  for (const host of options["allowed-host"] ?? []) args.push(`--allowed-host=${host}`);
  args.push(`--log-file=${logFile}`);
  const env: Record<string, string> = { NO_COLOR: "1" };
  if (options.token !== undefined) env.TARP_TOKEN = options.token;
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env,
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
  const url = await waitForStart(logFile, start, child);
  await writePrivate(pidFile, `${child.pid}\n`);
  console.log(
    `TARP server started in the background (pid ${child.pid}) at ${url}\n` +
      `log: ${logFile}\nstop it with: tarp stop --pid-file ${pidFile}`,
  );
  return 0;
}

/** True while process `pid` runs. */
export function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT"); // harmless to a running process; throws once it is gone
    return true;
  } catch {
    return false;
  }
}

/** The pid in `pidFile`, or undefined when there is no such file or it holds no pid. */
export async function readPid(pidFile: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(pidFile);
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function refuseIfRunning(pidFile: string): Promise<void> {
  const pid = await readPid(pidFile);
  if (pid === undefined || !alive(pid)) return; // none, or stale: it is replaced once we run
  throw new CliError(
    `${pidFile} names a running process (pid ${pid}): a server started before is still running. ` +
      `Stop it first (tarp stop --pid-file ${pidFile}), or give this one its own --pid-file.`,
  );
}

async function waitForStart(logFile: string, start: number, child: Deno.ChildProcess) {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const added = await readFrom(logFile, start);
    const match = /Serving HTTPS? on .* \((\S+)\/\)/.exec(added);
    if (match) return match[1];
    if (exited) throw new CliError(exitMessage(added, logFile));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CliError(`The server did not start within 30 s; see ${logFile}.`);
}

// The child's own one-line failure ("tarp: port 8080 is already in use…") when it printed one.
function exitMessage(added: string, logFile: string): string {
  const failure = added.split("\n").find((line) => line.startsWith("tarp: "));
  if (failure) return failure.slice("tarp: ".length);
  return `The server exited at once. Its log (${logFile}) says:\n${added.trim()}`;
}

async function readFrom(path: string, start: number): Promise<string> {
  const bytes = await Deno.readFile(path);
  return new TextDecoder().decode(bytes.subarray(start));
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}
