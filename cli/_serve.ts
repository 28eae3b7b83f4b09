// `tarp serve` and `tarp stop`: run a module's server in the foreground (or detached, with
// _detach.ts), and stop a detached one.
import { pathToFileURL } from "node:url";
import { runServer, type ServerHandle } from "../server/run_server.ts";
import { TarpServer } from "../server/tarp_server.ts";
import { useJobStore } from "../server/_async.ts";
import { CliError } from "./cli_error.ts";
import type { CliOptions } from "./options.ts";
import { alive, detach, readPid } from "./_detach.ts";
import { appendLine } from "./_files.ts";

/** Serves the default export of `module` (in the background with `--detach`). */
export async function serveCommand(rest: string[], options: CliOptions): Promise<number> {
  const [module, ...extra] = rest;
  if (extra.length) throw new CliError(`serve takes one module; also got: ${extra.join(" ")}`, 2);
  const port = options.port === undefined ? 8080 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a port number (0 to 65535), not "${options.port}".`, 2);
  }
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
  const hosts = server.options.allowedHosts;
  if (hosts !== true) hosts.push(...(options["allowed-host"] ?? []));
  const handle = listen(server, port, options);
  await handle.finished;
  return 0;
}

function listen(server: TarpServer, port: number, options: CliOptions): ServerHandle {
  try {
    return runServer(server, {
      port,
      bindTo: options.bind,
      path: options.socket,
      secure: Boolean(options.cert || options.key),
      certFile: options.cert,
      keyFile: options.key,
    });
  } catch (e) {
    if (!(e instanceof Deno.errors.AddrInUse)) throw e;
    const where = options.socket ? `the socket ${options.socket}` : `port ${port}`;
    throw new CliError(
      `${where} is already in use: another program (perhaps a TARP server started before) is ` +
        `listening there. Stop it, or pick another ${
          options.socket ? "--socket PATH" : "port with --port N (--port 0 picks a free one)"
        }.`,
    );
  }
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
    appendLine(file, line);
  };
  console.log = write;
  console.error = write;
}

/** Stops the detached server whose pid is in `--pid-file`, and waits until it is gone. */
export async function stopCommand(options: CliOptions): Promise<number> {
  const pidFile = options["pid-file"];
  if (!pidFile) throw new CliError("usage: tarp stop --pid-file FILE", 2);
  const pid = await readPid(pidFile);
  if (pid === undefined) {
    throw new CliError(`${pidFile} names no server (no such file, or no pid in it).`);
  }
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
