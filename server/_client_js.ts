// GET /client.js: the TypeScript client as one ES module, so that a page on any machine (or a
// Node.js program) can `import { client } from "http://lab-pc:8080/client.js"`. It is built ahead
// of time into _client_bundle.ts (deno task build:client), so serving it costs no build.
//
// It is public, like /health: the same code is published on JSR and holds no secret, and a page
// importing it cross-origin cannot send the token (module scripts carry no Authorization header,
// and the SameSite=Strict cookie stays home). So it needs no token, and every answer lets any
// origin read it (no credentials are involved). The endpoints it calls stay behind the token and
// the server's `cors` option.
import type { Hono } from "hono";
import { TarpError } from "../_wire/errors.ts";
import { CLIENT_JS, ETAG } from "./_client_bundle.ts";

/** The path of the bundled client. */
export const CLIENT_JS_PATH = "/client.js";

const METHODS = ["GET", "HEAD"];

interface Representation {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
  encoding?: "gzip";
}

// Made on first use, then kept: the text as UTF-8, and gzipped (about a third of the size).
let plain: Representation | undefined;
let gzipped: Promise<Representation> | undefined;

/** Mounts GET (and HEAD) /client.js on `app`; other methods get 405. */
export function mountClientJs(app: Hono): void {
  app.all(CLIENT_JS_PATH, async (c) => {
    const req = c.req.raw;
    if (!METHODS.includes(req.method)) {
      throw new TarpError(
        "MethodNotAllowed",
        `${req.method} is not allowed on ${CLIENT_JS_PATH}, the client module: GET it.`,
        { allow: METHODS },
      );
    }
    const body = acceptsGzip(req.headers.get("accept-encoding"))
      ? await (gzipped ??= gzip(CLIENT_JS))
      : (plain ??= { bytes: new TextEncoder().encode(CLIENT_JS), etag: ETAG });
    // no-cache: browsers revalidate on each load (a 304 when unchanged), so a page never runs a
    // client older than the server it talks to.
    const headers: Record<string, string> = {
      "cache-control": "no-cache",
      etag: body.etag,
      vary: "Accept-Encoding",
      "access-control-allow-origin": "*",
      "cross-origin-resource-policy": "cross-origin",
    };
    if (matches(req.headers.get("if-none-match"), body.etag)) {
      return new Response(null, { status: 304, headers });
    }
    headers["content-type"] = "text/javascript; charset=utf-8";
    headers["content-length"] = String(body.bytes.byteLength); // HEAD answers keep it
    headers["x-content-type-options"] = "nosniff";
    if (body.encoding) headers["content-encoding"] = body.encoding;
    return new Response(body.bytes, { headers });
  });
}

async function gzip(text: string): Promise<Representation> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return { bytes, etag: ETAG.replace(/"$/, '-gzip"'), encoding: "gzip" };
}

function acceptsGzip(header: string | null): boolean {
  return (header ?? "").split(",").some((part) => {
    const [coding, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

// If-None-Match uses the weak comparison: W/"x" matches "x" (a proxy may weaken the ETag).
function matches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}
