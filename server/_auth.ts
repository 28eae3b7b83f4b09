// Token authentication: every route but /health needs `Authorization: Bearer <token>`, compared in
// constant time. Browsers, which cannot set that header from the address bar, may instead open any
// URL once with `?token=<token>`: the server answers with a redirect that stores the token in an
// HttpOnly, SameSite=Strict cookie (Secure over HTTPS) and removes it from the URL. The cookie
// authorises GET and HEAD, and other methods only from the server's own pages (the browser vouches
// for the origin): never an RPC or a POST sent by another page. (A cookie is sent to every port of
// its host, so other servers there see it too.)
import { createHash, timingSafeEqual } from "node:crypto";
import { TarpError } from "../_wire/errors.ts";
import { fromOwnPage } from "./_origin.ts";

/** The cookie a browser keeps the token in. */
export const TOKEN_COOKIE = "tarp_token";

function digest(text: string): Uint8Array {
  return createHash("sha256").update(text).digest();
}

/** Checks requests against `token`; answers the browser hand-over redirect itself. */
export function tokenGuard(token: string): (req: Request) => Response | undefined {
  if (typeof token !== "string" || token.length < 16) {
    throw new TypeError("A token must be a string of at least 16 characters; use createToken().");
  }
  const expected = digest(token);
  // Both sides are hashed to the same length first, so the comparison time says nothing.
  const matches = (given: string) => timingSafeEqual(digest(given), expected);
  return (req) => {
    const reading = req.method === "GET" || req.method === "HEAD";
    const fromCookie = cookie(req);
    const given = bearer(req) ?? (reading || fromOwnPage(req) ? fromCookie : undefined);
    if (given !== undefined && matches(given)) return undefined;
    const url = new URL(req.url);
    const inUrl = url.searchParams.get("token");
    if (inUrl !== null && matches(inUrl) && reading) {
      url.searchParams.delete("token");
      const secure = url.protocol === "https:" ? "; Secure" : "";
      return new Response(null, {
        status: 303,
        headers: {
          location: url.pathname + url.search,
          "set-cookie": `${TOKEN_COOKIE}=${
            encodeURIComponent(inUrl)
          }; HttpOnly; SameSite=Strict; Path=/${secure}`,
        },
      });
    }
    throw new TarpError("Unauthorized", unauthorized(given, fromCookie !== undefined), {
      header: ["www-authenticate", 'Bearer realm="tarp"'],
    });
  };
}

function unauthorized(given: string | undefined, hadCookie: boolean): string {
  if (given !== undefined) {
    return "The token is wrong. Ask whoever runs the server for the right one.";
  }
  if (hadCookie) {
    return "The token cookie authorises GET and HEAD requests, and others only from this " +
      "server's own pages: send the header 'Authorization: Bearer <token>' with this request.";
  }
  return "This server needs a token: send the header 'Authorization: Bearer <token>' (in a " +
    "browser, open any URL once with ?token=<token>).";
}

function bearer(req: Request): string | undefined {
  const header = req.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function cookie(req: Request): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== TOKEN_COOKIE) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
