// The cross-origin guard, on by default (the approach of Go's http.CrossOriginProtection): a request
// that a browser marks as sent by a page from another origin is refused before any function runs,
// unless the server's `cors` option allows that origin. Requests without those marks (curl,
// scripts, the TARP client outside a browser) pass: only browsers send them, and a page cannot
// forge or remove them.
import { TarpError } from "../_wire/errors.ts";
import type { CorsOption } from "./_cors.ts";

/** Where a cross-origin request came from, and how the browser said so. */
interface Foreign {
  /** The page's origin, when the browser named it (Origin, else the Referer's origin). */
  origin: string | undefined;
  /** The header that marked the request as cross-origin. */
  mark: string;
}

/** Makes the guard for a server's `cors` option: it throws a 403 for a refused request. */
export function crossOriginGuard(cors: CorsOption): (req: Request) => void {
  if (cors === true || cors === "*") return () => {};
  const allowed = new Set(typeof cors === "string" ? [cors] : Array.isArray(cors) ? cors : []);
  return (req) => {
    const from = foreignOrigin(req);
    if (from === undefined || (from.origin !== undefined && allowed.has(from.origin))) return;
    throw refusal(from);
  };
}

/**
 * True when the browser vouches that a page of this very origin sent the request:
 * `Sec-Fetch-Site: same-origin`, or an `Origin` naming the request's own host.
 */
export function fromOwnPage(req: Request): boolean {
  if (req.headers.get("sec-fetch-site") === "same-origin") return true;
  const origin = req.headers.get("origin");
  return origin !== null && hostOf(origin) === ownHost(req);
}

/** The foreign origin of a request, or undefined when it is same-origin or not from a page. */
function foreignOrigin(req: Request): Foreign | undefined {
  const headers = req.headers;
  const site = headers.get("sec-fetch-site");
  // Sec-Fetch-Site is the browser's own verdict (sent to loopback and HTTPS servers).
  if (site === "same-origin" || site === "none") return undefined;
  const origin = headers.get("origin") ?? undefined;
  const referer = () => originOf(headers.get("referer"));
  if (site !== null) return { origin: origin ?? referer(), mark: `Sec-Fetch-Site: ${site}` };
  // Over plain HTTP to another host name, Origin comes with POSTs only; a GET may carry the
  // page's origin in Referer (unless the page hid it, which only makes it look like curl).
  if (origin !== undefined) {
    return hostOf(origin) === ownHost(req) ? undefined : { origin, mark: `Origin: ${origin}` };
  }
  const from = referer();
  if (from !== undefined && hostOf(from) !== ownHost(req)) {
    return { origin: from, mark: `Referer: ${from}/…` };
  }
  return undefined;
}

function refusal({ origin, mark }: Foreign): TarpError {
  const from = origin === undefined || origin === "null" ? "another origin" : origin;
  const fix = origin === undefined || origin === "null"
    ? "If pages from another origin should call it, make the server with " +
      'makeServer({ cors: ["https://that.origin"] }).'
    : `If pages from ${origin} should call it, make the server with ` +
      `makeServer({ cors: ["${origin}"] }).`;
  return new TarpError(
    "Forbidden",
    `Refused a request from a page on ${from} (the browser sent ${mark}): this server does not ` +
      `let pages from other origins call it, so that no web page can drive it. ${fix}`,
  );
}

// The host the request was sent to: the Host header (what the browser put in the URL), else the
// request's URL (a request made in this process).
function ownHost(req: Request): string {
  return (req.headers.get("host") ?? new URL(req.url).host).toLowerCase();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined; // "null", or garbage: never this server's own
  }
}

function originOf(url: string | null): string | undefined {
  if (url === null) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}
