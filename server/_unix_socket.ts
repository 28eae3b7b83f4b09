// Serving on a Unix socket safely: a socket a live server listens on is never taken over (a clear
// error instead), a stale one (its server died) is replaced, and the new socket is created with
// its final mode (0600 unless told: the umask is narrowed while it is bound, then restored).
import process from "node:process";

/** Serves `handler` on the socket `path`, created with file mode `mode`. */
export function serveUnixSocket(
  path: string,
  mode: number,
  handler: (req: Request) => Promise<Response>,
  onError: (error: unknown) => Response,
): Deno.HttpServer {
  refuseLiveSocket(path);
  const umask = process.umask(0o777 & ~mode);
  try {
    const server = Deno.serve({ path, onListen() {}, onError }, handler);
    Deno.chmodSync(path, mode); // exact, whatever bits the umask could not grant
    return server;
  } finally {
    process.umask(umask);
  }
}

function refuseLiveSocket(path: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  if (!info.isSocket) {
    throw new Deno.errors.AlreadyExists(
      `${path} exists and is not a socket: TARP will not replace it. Choose another path.`,
    );
  }
  const live = listening(path);
  if (live === false) return Deno.removeSync(path); // left by a server that died
  throw new Deno.errors.AddrInUse(
    live
      ? `A server is already listening on ${path}. Stop it first, or choose another socket path.`
      : `${path} exists, and this system cannot tell whether a server still listens on it. If ` +
        "none does (its server died), remove it; otherwise choose another socket path.",
  );
}

// Linux lists bound Unix sockets in /proc/net/unix (flag 00010000: listening); elsewhere:
// undefined, unknown.
function listening(path: string): boolean | undefined {
  let table: string;
  try {
    table = Deno.readTextFileSync("/proc/net/unix");
  } catch {
    return undefined;
  }
  return table.split("\n").some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields.length >= 8 && fields[3] === "00010000" && fields.slice(7).join(" ") === path;
  });
}
