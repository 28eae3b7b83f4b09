// The Host check against DNS rebinding: a page on evil.example whose name an attacker re-points at
// this machine's address sends `Host: evil.example`, and is refused. A server answers to IP
// addresses (a page can only use one that is the server's own origin), localhost, the machine's
// own name, the name it was bound to, and the names in its `allowedHosts` option.
import { TarpError } from "../_wire/errors.ts";

/** Which host names a server answers to besides its own: names, or `true` for any. */
export type AllowedHosts = true | readonly string[];

type Fetch = (req: Request) => Promise<Response>;

const MAX_VERDICTS = 1024;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^\[[0-9a-f:.]+(%25[\w.~-]+)?\]$/;

/**
 * Wraps `inner` so that a request whose Host header names another host is refused with 421, the
 * error envelope naming the fix. Requests without a Host header (HTTP/1.0 tools) pass.
 */
export function withHostCheck(
  allowed: AllowedHosts,
  bindTo: string,
  inner: Fetch,
  refuse: (err: TarpError, req: Request) => Promise<Response>,
): Fetch {
  if (allowed === true) return inner;
  const names = new Set([...machineNames(), ...allowed.map(normalize)]);
  if (!IPV4.test(bindTo) && !bindTo.includes(":")) names.add(normalize(bindTo));
  const suffixes = [...names].filter((n) => n.startsWith("."));
  const answers = (host: string) =>
    IPV4.test(host) || IPV6.test(host) || host === "localhost" || host.endsWith(".localhost") ||
    names.has(host) || suffixes.some((s) => host.endsWith(s));
  // Clients send the same few Host headers again and again: each one's verdict is worked out once.
  const verdicts = new Map<string, boolean>();
  const admitted = (header: string) => {
    let ok = verdicts.get(header);
    if (ok === undefined) {
      ok = answers(hostName(header));
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdicts.set(header, ok);
    }
    return ok;
  };
  return (req) => {
    const header = req.headers.get("host");
    if (header === null || admitted(header)) return inner(req);
    return refuse(misdirected(hostName(header)), req);
  };
}

function misdirected(host: string): TarpError {
  return new TarpError(
    "MisdirectedRequest",
    `This server does not answer to the name "${host}" (the request's Host header). It answers ` +
      "to its IP addresses, localhost, this machine's name and the names given in allowedHosts. " +
      `If "${host}" is a name of this machine, make the server with ` +
      `makeServer({ allowedHosts: ["${host}"] }) (tarp serve --allowed-host ${host}). A web page ` +
      "reaching a server through a name it does not know may be a DNS-rebinding attack.",
  );
}

// The machine's own names (lab-pc.example.org, lab-pc, lab-pc.local), when the program may read
// the hostname: asking for the permission would prompt, so an ungranted one means none.
function machineNames(): string[] {
  try {
    if (Deno.permissions.querySync({ name: "sys", kind: "hostname" }).state !== "granted") {
      return [];
    }
    const full = normalize(Deno.hostname());
    const short = full.split(".")[0];
    return [full, short, `${short}.local`];
  } catch {
    return [];
  }
}

/** The host name of a Host header: lower case, without the port or a trailing dot. */
function hostName(header: string): string {
  const host = header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : header;
  return normalize(host.startsWith("[") ? host : host.replace(/:\d*$/, ""));
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}
