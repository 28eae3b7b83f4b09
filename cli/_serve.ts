// `tarp serve` and `tarp stop`: run a module's server in the foreground or detached, and stop it.
import { pathToFileURL } from "node:url";
import { runServer } from "../server/run_server.ts";
import { TarpServer } from "../server/tarp_server.ts";
import { useJobStore } from "../server/_async.ts";
import { CliError } from "./cli_error.ts";
import type { CliOptions } from "./options.ts";

/** Serves the default export of `module` (in the background with `--detach`). */
export async function serveCommand(rest: string[], options: CliOptions): Promise<number> {
  const [module, ...extra] = rest;
  if (extra.length) throw new CliError(`serve takes one module; also got: ${extra.join(" ")}`, 2);
  if (options.detach) return await detach(module, options);
  if (options["log-file"]) logTo(options["log-file"]);
  const server = await loadServer(module);
  if (options.token) server.requireToken(options.token);
  if (options["job-store"]) {
    try {
      useJobStore(server.jobs, options["job-store"], server.options.retention);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  const port = options.port === undefined ? 8080 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a port number (0 to 65535), not "${options.port}".`, 2);
  }
  const handle = runServer(server, {
    port,
    bindTo: options.bind,
    path: options.socket,
    secure: Boolean(options.cert || options.key),
    certFile: options.cert,
    keyFile: options.key,
  });
  await handle.finished;
  return 0;
}

/** The URL of a module given on the command line as a path or a URL. */
export function moduleUrl(module: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:\\/i.test(module)
    ? module
    : pathToFileURL(resolvePath(module)).href;
}

async function loadServer(module: string): Promise<TarpServer> {
  const url = moduleUrl(module);
  let mod: { default?: unknown };
  try {
    mod = await import(url);
  } catch (e) {
    throw new CliError(`Cannot import ${module}: ${(e as Error).message}`);
  }
  if (!(mod.default instanceof TarpServer)) {
    throw new CliError(
      `${module} must export its server as default: add "export default server;" at its end.`,
    );
  }
  return mod.default;
}

function resolvePath(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

// Everything the server prints (its start line, warnings and call log) goes to the log file.
function logTo(file: string): void {
  const write = (...parts: unknown[]) => {
    const line = parts.map((p) => typeof p === "string" ? p : Deno.inspect(p)).join(" ");
    Deno.writeTextFileSync(file, line + "\n", { append: true });
  };
  console.log = write;
  console.error = write;
}

async function detach(module: string, options: CliOptions): Promise<number> {
  const pidFile = options["pid-file"] ?? "tarp.pid";
  const logFile = resolvePath(options["log-file"] ?? "tarp.log");
  await Deno.writeTextFile(logFile, "");
  const args = ["run", "-A", import.meta.resolve("../cli.ts"), "serve", module];
  for (const key of ["port", "bind", "token", "cert", "key", "socket", "job-store"] as const) {
    if (options[key] !== undefined) args.push(`--${key}=${options[key]}`);
  }
  args.push(`--log-file=${logFile}`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
  await Deno.writeTextFile(pidFile, `${child.pid}\n`);
  const url = await waitForStart(logFile, child);
  console.log(
    `TARP server started in the background (pid ${child.pid}) at ${url}\n` +
      `log: ${logFile}\nstop it with: tarp stop --pid-file ${pidFile}`,
  );
  return 0;
}

async function waitForStart(logFile: string, child: Deno.ChildProcess): Promise<string> {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const log = await Deno.readTextFile(logFile);
    const match = /Serving HTTPS? on .* \((\S+)\/\)/.exec(log);
    if (match) return match[1];
    if (exited) throw new CliError(`The server exited at once. Its log says:\n${log.trim()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CliError(`The server did not start within 30 s; see ${logFile}.`);
}

/** Stops the detached server whose pid is in `--pid-file`, and waits until it is gone. */
export async function stopCommand(options: CliOptions): Promise<number> {
  const pidFile = options["pid-file"];
  if (!pidFile) throw new CliError("usage: tarp stop --pid-file FILE", 2);
  let text: string;
  try {
    text = await Deno.readTextFile(pidFile);
  } catch {
    throw new CliError(`No pid file at ${pidFile}: is the server running?`);
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new CliError(`${pidFile} holds no pid.`);
  if (!alive(pid)) {
    await Deno.remove(pidFile);
    throw new CliError(`No process ${pid} is running (stale pid file removed).`);
  }
  Deno.kill(pid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new CliError(`Process ${pid} did not stop within 20 s.`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await Deno.remove(pidFile);
  console.log(`stopped the TARP server (pid ${pid})`);
  return 0;
}

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT"); // harmless to a running process; throws once it is gone
    return true;
  } catch {
    return false;
  }
}
